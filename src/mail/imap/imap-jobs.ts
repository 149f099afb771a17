import { eq } from 'drizzle-orm';
import { createJobDefinition } from '../../jobs/job-definition.js';
import { PermanentJobError } from '../../jobs/job-queue.js';
import { importServicesOf } from '../import/folder-jobs.js';
import { ImapError } from './imap-session.js';
import { type SyncOptions, syncMailbox } from './sync-mailbox.js';
import { imapMailboxes } from './tables.js';

/** Enqueues one sync job per enabled IMAP mailbox. */
export const POLL_MAILBOXES_JOB = 'mail.imap.poll';

/** Imports the new messages of one mailbox: `{ mailboxId }`. */
export const SYNC_MAILBOX_JOB = 'mail.imap.sync';

export interface ImapJobOptions extends Pick<SyncOptions, 'maxMessagesPerRun' | 'connect'> {
  /** Milliseconds between polls of every mailbox; default 60 000. */
  pollEveryMs?: number;
}

/** Creates the IMAP jobs: a poll that only fans out, and the per-mailbox sync. */
export function createImapJobs(options: ImapJobOptions = {}) {
  return [
    createJobDefinition({
      name: POLL_MAILBOXES_JOB,
      everyMs: options.pollEveryMs ?? 60_000,
      async run(_data, _job, services) {
        const mailboxes = await services.db
          .select({ id: imapMailboxes.id })
          .from(imapMailboxes)
          .where(eq(imapMailboxes.enabled, true));
        for (const mailbox of mailboxes) {
          await services.queue.enqueue(SYNC_MAILBOX_JOB, { mailboxId: mailbox.id });
        }
      },
    }),

    createJobDefinition<{ mailboxId: string }>({
      name: SYNC_MAILBOX_JOB,
      options: { concurrency: 2, retry: { maxAttempts: 3 } },
      async run(data, job, services) {
        const importServices = { ...importServicesOf(services, job.log), cipher: services.cipher };
        try {
          const result = await syncMailbox(importServices, data.mailboxId, options);
          job.log.info({ mailboxId: data.mailboxId, ...result }, 'mailbox synced');
          // A long backlog goes on in a new job, so no job keeps the folder leased for hours.
          if (result.more) await services.queue.enqueue(SYNC_MAILBOX_JOB, data);
        } catch (error) {
          // A wrong login or a missing folder will not fix itself before the next poll.
          if (error instanceof ImapError && !error.retryable) {
            throw new PermanentJobError(error.message, { cause: error });
          }
          throw error;
        }
      },
    }),
  ];
}
