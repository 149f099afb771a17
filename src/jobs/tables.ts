import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Jobs requested by a business transaction. A row is written in the same transaction as the
 * change that needs the job, so the job exists exactly when the change committed. The outbox
 * dispatcher later hands it to the job queue and sets `sent_at`.
 */
export const jobOutbox = pgTable(
  'job_outbox',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    jobName: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    /** When the job should run; null means as soon as possible. */
    runAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    index('job_outbox_pending_idx')
      .on(table.id)
      .where(sql`sent_at is null`),
    index('job_outbox_sent_at_idx')
      .on(table.sentAt)
      .where(sql`sent_at is not null`),
  ],
);
