import { sql } from 'drizzle-orm';
import { createJobDefinition } from './job-definition.js';
import { jobOutbox } from './tables.js';

export const PURGE_OUTBOX_JOB = 'jobs.purge-outbox';

/** Dispatched outbox rows are kept this long, for looking into what a transaction requested. */
const OUTBOX_RETENTION = '7 days';

export const maintenanceJobs = [
  createJobDefinition({
    name: PURGE_OUTBOX_JOB,
    everyMs: 60 * 60_000,
    async run(_data, job, services) {
      const purged = await services.db
        .delete(jobOutbox)
        .where(sql`${jobOutbox.sentAt} < now() - ${OUTBOX_RETENTION}::interval`)
        .returning({ id: jobOutbox.id });
      job.log.info({ purged: purged.length }, 'purged dispatched outbox rows');
    },
  }),
];
