import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ChildSettings, ParentMessage } from './crm-child.js';

const SCRIPT = fileURLToPath(new URL('./crm-child.ts', import.meta.url));

export interface CrmChild {
  process: ChildProcess;
  /** The api's base URL; null for a worker. */
  url: string | null;
  messages: ChildMessage[];
  send(message: ParentMessage): void;
  /** Resolves with the first message (received so far or later) that `accept` returns true for. */
  waitFor(accept: (message: ChildMessage) => boolean, timeoutMs?: number): Promise<ChildMessage>;
  /** Sends SIGTERM and waits for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts an api or a worker in a child process and waits until it is ready. */
export async function forkCrmChild(
  role: 'api' | 'worker',
  settings: ChildSettings,
): Promise<CrmChild> {
  const child = fork(SCRIPT, [role], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, LOG_LEVEL: 'error', CRM_CHILD_SETTINGS: JSON.stringify(settings) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: ChildMessage[] = [];
  const waiters = new Set<() => void>();
  child.on('message', (message: ChildMessage) => {
    messages.push(message);
    for (const wake of waiters) wake();
  });

  function waitFor(accept: (message: ChildMessage) => boolean, timeoutMs = 30_000) {
    return new Promise<ChildMessage>((resolve, reject) => {
      const check = () => {
        const found = messages.find(accept);
        if (!found) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`child ${role} sent no expected message within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  }

  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const ready = await Promise.race([
    waitFor((message) => message.type === 'ready', 60_000),
    exited.then((code) => {
      throw new Error(`child ${role} exited with code ${code} before it was ready`);
    }),
  ]);

  return {
    process: child,
    url: ready.type === 'ready' ? ready.url : null,
    messages,
    send: (message) => child.send(message),
    waitFor,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');

      return exited;
    },
  };
}
