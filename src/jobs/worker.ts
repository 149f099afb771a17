import { hostname } from 'node:os';
import { createFileStore, fileStoreRoot } from '../attachments/index.js';
import type { Config } from '../config.js';
import { createDatabase } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { createEventBus } from '../events/create-event-bus.js';
import { moduleLogger } from '../logger.js';
import {
  DEFAULT_EMAIL_DELIVERY,
  type EmailDeliveryPolicy,
} from '../mail/outgoing/delivery-policy.js';
import { createPasswordCipher, resolveCrmSecret } from '../mail/outgoing/password-cipher.js';
import { createSmtpTransports } from '../mail/outgoing/smtp-transports.js';
import { createAgendaQueue } from './agenda-queue.js';
import type { JobDefinition, WorkerServices } from './job-definition.js';
import type { JobQueue } from './job-queue.js';
import { createOutboxDispatcher } from './outbox-dispatcher.js';
import { jobRegistry } from './registry.js';

const log = moduleLogger('worker');

export type WorkerConfig = Pick<Config, 'MONGODB_URL' | 'REDIS_URL' | 'DATA_DIR'> & {
  CRM_SECRET?: string | undefined;
  MAX_FILE_BYTES?: number | undefined;
};

export interface WorkerOptions {
  /** Milliseconds between polls for due jobs; default 5000. */
  processEveryMs?: number;
  /** Milliseconds between outbox checks besides the commit notifications; default 5000. */
  outboxPollMs?: number;
  /** Milliseconds `stop` waits for running jobs; default 30 000. */
  drainTimeoutMs?: number;
  /** Connections in the worker's database pool; default 10. */
  databasePoolSize?: number;
  emailDelivery?: Partial<EmailDeliveryPolicy>;
  /** The jobs to run; default all of the registry. */
  jobs?: JobDefinition[];
}

export interface RunningWorker {
  services: WorkerServices;
  stop(): Promise<void>;
}

/** Starts a worker: the job queue with every registered job, and the outbox dispatcher. */
export async function startWorker(
  url: string,
  config: WorkerConfig,
  options: WorkerOptions = {},
): Promise<RunningWorker> {
  await migrateDatabase(url);
  const database = createDatabase(url, { max: options.databasePoolSize ?? 10 });
  const events = await createEventBus(url, config.REDIS_URL);
  const cipher = createPasswordCipher(await resolveCrmSecret(config));
  const workerName = `${hostname()}:${process.pid}`;
  const queue = createAgendaQueue({
    store: { databaseUrl: url, mongodbUrl: config.MONGODB_URL },
    workerName,
    processEveryMs: options.processEveryMs,
    drainTimeoutMs: options.drainTimeoutMs,
    log,
  });
  const services: WorkerServices = {
    db: database.db,
    events,
    queue,
    cipher,
    emailDelivery: { ...DEFAULT_EMAIL_DELIVERY, ...options.emailDelivery },
    smtp: createSmtpTransports(),
    files: createFileStore({
      root: fileStoreRoot(config.DATA_DIR),
      maxBytes: config.MAX_FILE_BYTES,
    }),
    log,
  };
  const jobs = options.jobs ?? jobRegistry;
  await startJobs(queue, services, jobs);
  const dispatcher = createOutboxDispatcher({
    db: database.db,
    sql: database.sql,
    queue,
    log,
    pollEveryMs: options.outboxPollMs,
  });
  await dispatcher.start();
  log.info({ worker: workerName, jobs: jobs.length }, 'worker started');

  return {
    services,
    async stop() {
      await dispatcher.stop();
      await queue.stop();
      services.smtp.close();
      await events.close();
      await database.close();
      log.info({ worker: workerName }, 'worker stopped');
    },
  };
}

async function startJobs(queue: JobQueue, services: WorkerServices, jobs: JobDefinition[]) {
  for (const job of jobs) {
    queue.defineJob(job.name, (data, run) => job.run(data, run, services), job.options);
  }
  await queue.start();
  for (const job of jobs) {
    if (job.everyMs) await queue.schedule(job.name, job.everyMs);
  }
}
