import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const TSX = ['--import', 'tsx'];

/** Starts a TypeScript script in a child process and resolves with its first JSON line. */
export async function spawnScript<T>(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; output: T }> {
  const child = spawn(process.execPath, [...TSX, script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
  });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (line.startsWith('{')) return { child, output: JSON.parse(line) as T };
  }
  throw new Error(`${script} exited before printing its result`);
}

/** CPU time (user + system) a process has used, in milliseconds, read from /proc. */
export function cpuMillis(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);

  // Linux reports clock ticks of 1/100 s on these machines (getconf CLK_TCK = 100).
  return ticks * 10;
}

export async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
