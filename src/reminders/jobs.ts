import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { createJobDefinition, type WorkerServices } from '../jobs/job-definition.js';
import type { JobRun } from '../jobs/job-queue.js';
import { deliverReminders } from './deliver.js';
import { DELIVER_REMINDER_JOB, SCAN_REMINDERS_JOB } from './job-names.js';
import {
  batchByDueTime,
  type ScanPosition,
  type ScheduleResult,
  scheduleDueReminders,
} from './schedule.js';
import { taskReminders } from './tables.js';

// Any constant works; it keeps two scans from reading the same rules at the same time.
const SCAN_LOCK_ID = 7_240_101;

/** Rules a scan reads per transaction. */
const SCAN_BATCH_SIZE = 2000;

/** A pending reminder this long past its due time has lost its delivery job. */
const STALE_AFTER_MS = 10 * 60_000;

/** Data of a delivery job; jobs stored before batching carry one `reminderId`. */
interface DeliverRemindersData extends Record<string, unknown> {
  reminderIds?: string[];
  reminderId?: string;
}

export interface ReminderJobOptions {
  /** Milliseconds between scans; default 60 000. Reminders are scheduled one scan ahead. */
  scanEveryMs?: number;
  /** Milliseconds a delivery job stays locked to one worker before another may take it; default 60 000. */
  deliveryLockMs?: number;
}

/**
 * Records due reminders batch by batch, each batch in its own transaction, continuing after the
 * last rule of the previous batch. A scan that finds another one running stops, because the
 * other records the same reminders.
 */
async function scanInBatches(db: Database, lookaheadMs: number, job: JobRun): Promise<number> {
  let total = 0;
  let after: ScanPosition | null = null;
  for (;;) {
    const position: ScanPosition | null = after;
    const batch: ScheduleResult | null = await db.transaction(async (tx) => {
      const [lock] = await tx.execute<{ locked: boolean }>(
        sql`select pg_try_advisory_xact_lock(${SCAN_LOCK_ID}) as locked`,
      );
      if (!lock?.locked) return null;

      return scheduleDueReminders(tx, {
        now: new Date(),
        lookaheadMs,
        batchSize: SCAN_BATCH_SIZE,
        after: position,
      });
    });
    if (!batch) break;
    total += batch.recorded;
    after = batch.last;
    if (batch.candidates < SCAN_BATCH_SIZE) break;
  }
  if (total > 0) job.log.info({ recorded: total }, 'reminders scheduled');

  return total;
}

/** Requests delivery jobs again for pending reminders whose job was lost, such as after retries. */
async function requeueStale(services: WorkerServices, job: JobRun): Promise<void> {
  const staleBefore = new Date(Date.now() - STALE_AFTER_MS);
  const stale = await services.db
    .select({ id: taskReminders.id, dueAt: taskReminders.dueAt })
    .from(taskReminders)
    .where(
      and(
        eq(taskReminders.status, 'PENDING'),
        sql`greatest(${taskReminders.dueAt}, ${taskReminders.scheduledAt}) < ${staleBefore.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(taskReminders.dueAt))
    .limit(500);
  for (const batch of batchByDueTime(stale)) {
    await services.queue.enqueue(DELIVER_REMINDER_JOB, { reminderIds: batch.ids });
  }
  if (stale.length > 0) job.log.warn({ count: stale.length }, 're-enqueued stale reminders');
}

/** Creates the reminder jobs: the recurring scan (a fan-out) and the per-reminder delivery. */
export function createReminderJobs(options: ReminderJobOptions = {}) {
  const scanEveryMs = options.scanEveryMs ?? 60_000;
  // Looking one scan ahead, plus a margin for a late scan, lets each reminder be scheduled for
  // its due time before that time passes, so only a reminder missed by a stopped worker or set
  // after its time is late.
  const lookaheadMs = scanEveryMs + 30_000;

  return [
    createJobDefinition({
      name: SCAN_REMINDERS_JOB,
      everyMs: scanEveryMs,
      options: { concurrency: 1, lockLifetimeMs: Math.max(2 * scanEveryMs, 10_000) },
      async run(_data, job, services) {
        await scanInBatches(services.db, lookaheadMs, job);
        await requeueStale(services, job);
      },
    }),

    createJobDefinition<DeliverRemindersData>({
      name: DELIVER_REMINDER_JOB,
      options: { concurrency: 4, lockLifetimeMs: options.deliveryLockMs ?? 60_000 },
      async run(data, job, services) {
        await deliverReminders(
          { db: services.db, events: services.events, log: job.log },
          data.reminderIds ?? (data.reminderId ? [data.reminderId] : []),
        );
      },
    }),
  ];
}

export const reminderJobs = createReminderJobs();
