import { and, asc, eq, isNotNull, ne, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { enqueueManyAfterCommit } from '../jobs/outbox.js';
import { anyOf } from '../graphql/pagination.js';
import { getSettings, type SettingsRow } from '../settings/service.js';
import { tasks } from '../tasks/tables.js';
import { DELIVER_REMINDER_JOB } from './job-names.js';
import { reminderDueAt } from './reminder-time.js';
import { reminderRules, taskReminders } from './tables.js';

export type Leg = 'EMAIL' | 'MESSAGE';

export interface ScheduleOptions {
  now: Date;
  /** Reminders due up to this many milliseconds after `now` are scheduled for their due time. */
  lookaheadMs: number;
  /** Rules read per call; default 1000. */
  batchSize?: number;
  /** Only these tasks; default every task. */
  taskIds?: string[];
  /** Reads only rules after this one in due-time order, to continue an earlier call. */
  after?: ScanPosition | null;
}

/** A rule's place in due-time order; the due time is PostgreSQL's text, kept to the microsecond. */
export interface ScanPosition {
  dueAt: string;
  ruleId: string;
}

export interface ScheduleResult {
  /** Rules read, at most the batch size. */
  candidates: number;
  /** Reminders recorded, PENDING and SKIPPED. */
  recorded: number;
  /** The last rule read, where a following call continues; null when none was read. */
  last: ScanPosition | null;
}

/**
 * Builds the due time in SQL, for filtering and ordering. It matches `reminderDueAt` (luxon),
 * which computes the stored value, because both keep the local wall-clock time in `timeZone`.
 */
function dueAtSql(timeZone: string): SQL {
  return sql`((${tasks.deadline} at time zone ${timeZone}) - make_interval(days => ${reminderRules.daysBefore})) at time zone ${timeZone}`;
}

const legsOf = (channel: string): Leg[] =>
  channel === 'BOTH' ? ['EMAIL', 'MESSAGE'] : [channel as Leg];

function switchedOff(settings: SettingsRow, leg: Leg): string | null {
  if (leg === 'EMAIL' && !settings.emailRemindersEnabled) return 'EMAIL_REMINDERS_OFF';
  if (leg === 'MESSAGE' && !settings.messageRemindersEnabled) return 'MESSAGE_REMINDERS_OFF';

  return null;
}

/**
 * Records the reminders that are due by `now + lookaheadMs` and requests a delivery job for each,
 * all in the caller's transaction. A reminder recorded after its due time is marked late. One
 * whose channel is switched off in the settings is recorded as SKIPPED once due, so switching
 * the channel on later does not send a backlog. Tasks that are resolved or have no deadline have
 * no reminders. The unique key of `task_reminders` makes a repeated or concurrent call record
 * nothing twice.
 */
export async function scheduleDueReminders(
  tx: Executor,
  options: ScheduleOptions,
): Promise<ScheduleResult> {
  const settings = await getSettings(tx);
  const horizon = new Date(options.now.getTime() + options.lookaheadMs);
  const candidates = await findCandidates(tx, settings.timeZone, horizon, options);

  const rows: (typeof taskReminders.$inferInsert)[] = [];
  // The rules of a burst share few deadlines, and luxon's zone arithmetic is slow.
  const dueTimes = new Map<string, Date>();
  for (const rule of candidates) {
    const key = `${rule.deadline.getTime()} ${rule.daysBefore}`;
    const dueAt =
      dueTimes.get(key) ?? reminderDueAt(rule.deadline, rule.daysBefore, settings.timeZone);
    dueTimes.set(key, dueAt);
    if (dueAt > horizon) continue;

    for (const leg of legsOf(rule.channel)) {
      const skipReason = switchedOff(settings, leg);
      if (skipReason && dueAt > options.now) continue;

      rows.push({
        taskId: rule.taskId,
        ruleId: rule.ruleId,
        channel: leg,
        deadline: rule.deadline,
        dueAt,
        scheduledAt: options.now,
        late: dueAt < options.now,
        status: skipReason ? 'SKIPPED' : 'PENDING',
        skipReason,
        finishedAt: skipReason ? options.now : null,
      });
    }
  }

  const recorded = await recordReminders(tx, rows, options.now);
  const last = candidates.at(-1);

  return {
    candidates: candidates.length,
    recorded,
    last: last ? { dueAt: last.dueAtText, ruleId: last.ruleId } : null,
  };
}

async function findCandidates(
  tx: Executor,
  timeZone: string,
  horizon: Date,
  options: ScheduleOptions,
) {
  const dueAt = dueAtSql(timeZone);
  // A rule is a candidate while fewer of its channels than it has are recorded for the deadline.
  const unrecorded = sql`(select count(*) from ${taskReminders} c
      where c.task_id = ${reminderRules.taskId} and c.rule_id = ${reminderRules.id}
        and c.deadline = ${tasks.deadline})
    < case when ${reminderRules.channel} = 'BOTH' then 2 else 1 end`;

  // Rules before the position fail this cheap test before the count above runs for them.
  const after = options.after
    ? sql`(${dueAt}, ${reminderRules.id}) > (${options.after.dueAt}::timestamptz, ${options.after.ruleId}::uuid)`
    : undefined;

  const rows = await tx
    .select({
      ruleId: reminderRules.id,
      taskId: reminderRules.taskId,
      channel: reminderRules.channel,
      daysBefore: reminderRules.daysBefore,
      deadline: tasks.deadline,
      dueAtText: sql<string>`(${dueAt})::text`,
    })
    .from(reminderRules)
    .innerJoin(tasks, eq(tasks.id, reminderRules.taskId))
    .where(
      and(
        ne(tasks.status, 'RESOLVED'),
        isNotNull(tasks.deadline),
        sql`${dueAt} <= ${horizon.toISOString()}::timestamptz`,
        options.taskIds ? anyOf(reminderRules.taskId, options.taskIds) : undefined,
        after,
        unrecorded,
      ),
    )
    .orderBy(asc(dueAt), asc(reminderRules.id))
    .limit(options.batchSize ?? 1000);

  return rows.map((row) => ({ ...row, deadline: row.deadline! }));
}

/** Inserts the reminders, skipping any already recorded, and requests their delivery jobs. */
async function recordReminders(
  tx: Executor,
  rows: (typeof taskReminders.$inferInsert)[],
  now: Date,
): Promise<number> {
  if (rows.length === 0) return 0;

  const inserted = await tx
    .insert(taskReminders)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: taskReminders.id, status: taskReminders.status, dueAt: taskReminders.dueAt });
  const pending = inserted.filter((row) => row.status === 'PENDING');
  await enqueueManyAfterCommit(
    tx,
    batchByDueTime(pending).map((batch) => ({
      jobName: DELIVER_REMINDER_JOB,
      data: { reminderIds: batch.ids },
      runAt: batch.runAt > now ? batch.runAt : null,
    })),
  );

  return inserted.length;
}

/** Reminders per delivery job. */
export const REMINDERS_PER_JOB = 50;

/** Largest spread of due times within one delivery job, in milliseconds. */
const MAX_DUE_SPREAD_MS = 1000;

/**
 * Groups reminders into delivery jobs of up to 50 whose due times lie within one second, so a
 * burst of reminders due together takes few jobs. A job runs at the latest due time of its
 * group, so no reminder goes out early and none more than a second late.
 */
export function batchByDueTime(
  reminders: { id: string; dueAt: Date }[],
): { ids: string[]; runAt: Date }[] {
  const sorted = [...reminders].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const batches: { ids: string[]; first: number; runAt: Date }[] = [];
  for (const reminder of sorted) {
    const last = batches.at(-1);
    const due = reminder.dueAt.getTime();
    if (last && last.ids.length < REMINDERS_PER_JOB && due - last.first <= MAX_DUE_SPREAD_MS) {
      last.ids.push(reminder.id);
      last.runAt = reminder.dueAt;
    } else {
      batches.push({ ids: [reminder.id], first: due, runAt: reminder.dueAt });
    }
  }

  return batches.map(({ ids, runAt }) => ({ ids, runAt }));
}
