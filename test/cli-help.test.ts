import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs the `crm` entry point with LOG_LEVEL=warn and returns its exit status and output. */
function crm(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/crm.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'warn' },
    timeout: 30_000,
  });

  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('crm command line', () => {
  it('lists the commands for --help', () => {
    const result = crm('--help');

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('import-mail');
  });

  it('prints user usage for user create --help', () => {
    const result = crm('user', 'create', '--help');

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('crm user create <email> --name');
  });

  it('prints a server command line for worker --help', () => {
    const result = crm('worker', '--help');

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('crm worker: start the job worker only');
  });

  it('rejects an unknown option with exit 2', () => {
    const result = crm('user', 'create', 'ana@example.test', '--bogus');

    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option '--bogus'");
    expect(result.stderr).not.toContain('"level"');
  });
});
