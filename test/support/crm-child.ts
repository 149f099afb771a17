// A CRM api or worker in a child process, driven by its parent test over IPC. Started by
// `forkCrmChild` with the role as the first argument and its settings in CRM_CHILD_SETTINGS.
import { startApi } from '../../src/app.js';
import type { CrmEvents, EventBus, EventName } from '../../src/events/event-bus.js';
import { startWorker, type WorkerConfig, type WorkerOptions } from '../../src/jobs/worker.js';

export interface ChildSettings {
  databaseUrl: string;
  config: WorkerConfig;
  options?: WorkerOptions;
}

export type ParentMessage =
  | { type: 'publish'; event: EventName; payload: CrmEvents[EventName] }
  | { type: 'subscribe'; event: EventName; userId: string }
  | { type: 'stop' };

export type ChildMessage =
  | { type: 'ready'; url: string | null }
  | { type: 'subscribed'; event: EventName; userId: string }
  | { type: 'event'; event: EventName; payload: CrmEvents[EventName] }
  | { type: 'stopped' };

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function listen(events: EventBus, event: EventName, userId: string) {
  const stream = events.subscribe(event, userId);
  send({ type: 'subscribed', event, userId });
  for await (const payload of stream) send({ type: 'event', event, payload });
}

async function main(): Promise<void> {
  const role = process.argv[2];
  const settings = JSON.parse(process.env.CRM_CHILD_SETTINGS ?? '{}') as ChildSettings;
  const running =
    role === 'api'
      ? await startApi(settings.databaseUrl, {
          ...settings.config,
          HOST: '127.0.0.1',
          PORT: 0,
          MAX_PAGE_SIZE: 200,
        })
      : await startWorker(settings.databaseUrl, settings.config, settings.options);
  const url = 'url' in running ? running.url : null;

  const stop = async () => {
    await running.stop();
    send({ type: 'stopped' });
    process.exit(0);
  };
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'publish') running.services.events.publish(message.event, message.payload);
    if (message.type === 'subscribe')
      void listen(running.services.events, message.event, message.userId);
    if (message.type === 'stop') void stop();
  });
  process.once('SIGTERM', () => void stop());
  send({ type: 'ready', url });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
