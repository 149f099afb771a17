import { readFile } from 'node:fs/promises';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/graphql/schema.js';

describe('schema file', () => {
  it('matches the code-first schema; run `npm run codegen` when it fails', async () => {
    const committed = await readFile('schema/schema.graphql', 'utf8');

    expect(committed).toBe(`${printSchema(schema)}\n`);
  });
});
