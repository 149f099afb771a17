import { sql } from 'drizzle-orm';
import { createJobDefinition } from '../../jobs/job-definition.js';
import { type DeliverEmailData, deliverEmail } from './deliver-email.js';
import { DELIVER_EMAIL_JOB, REQUEUE_STALE_EMAILS_JOB } from './job-names.js';
import { emailLog } from './tables.js';

/** A queued email whose next attempt is this late has lost its job (its worker died). */
const STALE_AFTER = '15 minutes';

export const emailJobs = [
  createJobDefinition<DeliverEmailData>({
    name: DELIVER_EMAIL_JOB,
    // Retries of SMTP failures are scheduled by the job itself, with the email's own policy;
    // Agenda retries only unexpected errors such as a lost database connection.
    options: { concurrency: 5, retry: { maxAttempts: 5 } },
    run: (data, job, services) =>
      deliverEmail(
        { db: services.db, cipher: services.cipher, policy: services.emailDelivery, log: job.log },
        data,
      ),
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
