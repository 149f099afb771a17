import { asc, isNull, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type postgres from 'postgres';
import type { Database } from '../db/client.js';
import type { JobQueue } from './job-queue.js';
import { OUTBOX_CHANNEL } from './outbox.js';
import { jobOutbox } from './tables.js';

export interface OutboxDispatcherOptions {
  db: Database;
  /** The postgres.js client, for LISTEN. */
  sql: postgres.Sql;
  queue: JobQueue;
  log: Logger;
  /** Milliseconds between checks when no notification arrives; default 5000. */
  pollEveryMs?: number;
  /** Rows moved per transaction; default 100. */
  batchSize?: number;
}

/**
 * Moves committed outbox rows to the job queue. Rows are locked with FOR UPDATE SKIP LOCKED,
 * so several workers dispatch side by side without taking the same row. A worker that dies
 * after enqueueing but before its commit leaves the rows for another, which enqueues them
 * again: job handlers are idempotent for that reason.
 */
export function createOutboxDispatcher(options: OutboxDispatcherOptions) {
  const { db, queue, log } = options;
  const batchSize = options.batchSize ?? 100;
  let active: Promise<void> | null = null;
  let again = false;
  let stopping = false;
  let timer: NodeJS.Timeout | null = null;
  let listener: { unlisten(): Promise<void> } | null = null;

  async function dispatchBatch(): Promise<number> {
    return db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(jobOutbox)
        .where(isNull(jobOutbox.sentAt))
        .orderBy(asc(jobOutbox.id))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      for (const row of rows) {
        await queue.enqueue(row.jobName, row.data, { runAt: row.runAt });
      }
      if (rows.length > 0) {
        const ids = rows.map((row) => row.id);
        await tx
          .update(jobOutbox)
          .set({ sentAt: sql`now()` })
          .where(sql`${jobOutbox.id} = any(${sql.param(ids)}::bigint[])`);
      }

      return rows.length;
    });
  }

  /** Moves batches until the outbox is empty, or until `stop` is called, after the current batch. */
  async function drain(): Promise<void> {
    do {
      again = false;
      let moved = batchSize;
      while (moved === batchSize && !stopping) {
        moved = await dispatchBatch();
        if (moved > 0) log.debug({ moved }, 'outbox rows moved to the job queue');
      }
    } while (again && !stopping);
  }

  /** Runs one dispatch at a time; a wake-up during a run makes it look once more. */
  function wake(): Promise<void> {
    if (active) {
      again = true;

      return active;
    }
    active = drain()
      .catch((error: unknown) =>
        log.error({ err: error }, 'outbox dispatch failed; retrying at the next poll'),
      )
      .finally(() => {
        active = null;
      });

    return active;
  }

  return {
    /** Dispatches everything pending now; resolves when the outbox was empty once. */
    dispatchNow: wake,

    async start() {
      listener = await options.sql.listen(OUTBOX_CHANNEL, () => void wake());
      timer = setInterval(() => void wake(), options.pollEveryMs ?? 5000);
      await wake();
    },

    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      await listener?.unlisten();
      await active;
    },
  };
}

export type OutboxDispatcher = ReturnType<typeof createOutboxDispatcher>;
