import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { createJobDefinition, type WorkerServices } from '../../jobs/job-definition.js';
import {
  type DeliverEmailData,
  deliverEmail,
  type EmailDeliveryServices,
} from './deliver-email.js';
import { type DeliverEmailBatchData, deliverEmailBatch } from './deliver-email-batch.js';
import {
  DELIVER_EMAIL_BATCH_JOB,
  DELIVER_EMAIL_JOB,
  REQUEUE_STALE_EMAILS_JOB,
} from './job-names.js';
import { emailLog } from './tables.js';

/** A queued email whose next attempt is this late has lost its job (its worker died). */
const STALE_AFTER = '15 minutes';

function deliveryServices(services: WorkerServices, log: Logger): EmailDeliveryServices {
  return {
    db: services.db,
    cipher: services.cipher,
    policy: services.emailDelivery,
    transports: services.smtp,
    files: services.files,
    log,
  };
}

export const emailJobs = [
  // The delivery jobs schedule the retries of SMTP failures themselves, with the email's own
  // policy. Agenda retries only unexpected errors such as a lost database connection.
  createJobDefinition<DeliverEmailData>({
    name: DELIVER_EMAIL_JOB,
    options: { concurrency: 5, retry: { maxAttempts: 5 } },
    run: (data, job, services) => deliverEmail(deliveryServices(services, job.log), data),
  }),

  createJobDefinition<DeliverEmailBatchData>({
    name: DELIVER_EMAIL_BATCH_JOB,
    options: { concurrency: 4, retry: { maxAttempts: 5 } },
    run: (data, job, services) => deliverEmailBatch(deliveryServices(services, job.log), data),
  }),

  createJobDefinition({
    name: REQUEUE_STALE_EMAILS_JOB,
    everyMs: 5 * 60_000,
    async run(_data, job, services) {
      const stale = await services.db
        .select({ id: emailLog.id, attempts: emailLog.attempts })
        .from(emailLog)
        .where(
          sql`${emailLog.status} = 'QUEUED'
            and coalesce(${emailLog.nextAttemptAt}, ${emailLog.queuedAt}) < now() - ${STALE_AFTER}::interval`,
        )
        .limit(500);
      for (const email of stale) {
        await services.queue.enqueue(DELIVER_EMAIL_JOB, {
          emailId: email.id,
          attempt: email.attempts + 1,
        });
      }
      if (stale.length > 0)
        job.log.warn({ count: stale.length }, 're-enqueued stale queued emails');
    },
  }),
];
