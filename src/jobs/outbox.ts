import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import type { JobData } from './job-queue.js';
import { jobOutbox } from './tables.js';

/** NOTIFY channel that wakes the outbox dispatchers when a transaction with jobs commits. */
export const OUTBOX_CHANNEL = 'crm_job_outbox';

/**
 * Requests the job `jobName` as part of the caller's transaction: it reaches the job queue only
 * if that transaction commits, and then even when the process stops right after the commit.
 * `data` must be small JSON with ids; `runAt` delays the job.
 */
export async function enqueueAfterCommit(
  tx: Executor,
  jobName: string,
  data: JobData,
  runAt?: Date | null,
): Promise<void> {
  await tx.insert(jobOutbox).values({ jobName, data, runAt: runAt ?? null });
  // PostgreSQL delivers a NOTIFY at commit, once per transaction for the same payload.
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
}
