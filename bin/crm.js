#!/usr/bin/env node
// Runs the TypeScript command line through tsx, a run-time dependency of the package.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
