import type { Logger } from 'pino';
import type { FileStore } from '../attachments/file-store.js';
import type { Database } from '../db/client.js';
import type { EventBus } from '../events/event-bus.js';
import type { EmailDeliveryPolicy } from '../mail/outgoing/delivery-policy.js';
import type { PasswordCipher } from '../mail/outgoing/password-cipher.js';
import type { SmtpTransports } from '../mail/outgoing/smtp-transports.js';
import type { JobData, JobOptions, JobQueue, JobRun } from './job-queue.js';

/** Services available to job handlers, one set per worker process. */
export interface WorkerServices {
  db: Database;
  events: EventBus;
  queue: JobQueue;
  cipher: PasswordCipher;
  emailDelivery: EmailDeliveryPolicy;
  /** Pooled SMTP connections per sender, closed when the worker stops. */
  smtp: SmtpTransports;
  /** The content-addressed store of attached files, the same folder the api uses. */
  files: FileStore;
  log: Logger;
}

/**
 * A job the worker runs. A recurring job (with `everyMs`) only fans out: it finds the due items
 * and enqueues one per-item job for each, so one item's failure stays with that item.
 */
export interface JobDefinition<Data extends JobData = JobData> {
  name: string;
  /** Milliseconds between runs of a recurring job; absent for per-item jobs. */
  everyMs?: number;
  options?: JobOptions;
  run(data: Data, job: JobRun, services: WorkerServices): Promise<void>;
}

/** Types a job definition for a registry list, keeping its data type inside `run`. */
export function createJobDefinition<Data extends JobData>(
  definition: JobDefinition<Data>,
): JobDefinition {
  return definition as unknown as JobDefinition;
}
