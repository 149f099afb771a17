import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { ChildSettings } from './crm-child.js';

const SCRIPT = fileURLToPath(new URL('./reminder-worker-child.ts', import.meta.url));

export interface WorkerChild {
  process: ChildProcess;
  /** The PostgreSQL application_name of the child's connections. */
  applicationName: string;
  /** Sends SIGTERM and waits for the exit. */
  stop(): Promise<void>;
  /** Sends SIGKILL, as `kill -9` does, and waits for the exit. */
  kill(): Promise<void>;
}

/** Starts a test worker in a child process and waits until its job queue runs. */
export async function forkReminderWorker(
  settings: ChildSettings,
  applicationName: string,
): Promise<WorkerChild> {
  const child = fork(SCRIPT, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      LOG_LEVEL: 'error',
      PGAPPNAME: applicationName,
      CRM_CHILD_SETTINGS: JSON.stringify(settings),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit');
  await Promise.race([
    once(child, 'message'),
    exited.then(([code]) => {
      throw new Error(`worker ${applicationName} exited with code ${code} before it was ready`);
    }),
  ]);

  return {
    process: child,
    applicationName,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
