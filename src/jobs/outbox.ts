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

/** A job requested with `enqueueManyAfterCommit`. */
export interface OutboxJob {
  jobName: string;
  data: JobData;
  runAt?: Date | null;
}

/**
 * Requests many jobs in the caller's transaction with one INSERT and one NOTIFY, for fan-outs
 * that schedule thousands of per-item jobs at once. The rows go in batches of 1,000, far below
 * PostgreSQL's 65,535 parameters per statement.
 */
export async function enqueueManyAfterCommit(tx: Executor, jobs: OutboxJob[]): Promise<void> {
  if (jobs.length === 0) return;

  for (let start = 0; start < jobs.length; start += 1000) {
    const batch = jobs.slice(start, start + 1000);
    await tx
      .insert(jobOutbox)
      .values(
        batch.map((job) => ({ jobName: job.jobName, data: job.data, runAt: job.runAt ?? null })),
      );
  }
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
}
