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
}

export interface ScheduleResult {
  /** Rules read, at most the batch size. */
  candidates: number;
  /** Reminders recorded, PENDING and SKIPPED. */
  recorded: number;
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
  for (const rule of candidates) {
    const dueAt = reminderDueAt(rule.deadline, rule.daysBefore, settings.timeZone);
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

  return { candidates: candidates.length, recorded };
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

  const rows = await tx
    .select({
      ruleId: reminderRules.id,
      taskId: reminderRules.taskId,
      channel: reminderRules.channel,
      daysBefore: reminderRules.daysBefore,
      deadline: tasks.deadline,
    })
    .from(reminderRules)
    .innerJoin(tasks, eq(tasks.id, reminderRules.taskId))
    .where(
      and(
        ne(tasks.status, 'RESOLVED'),
        isNotNull(tasks.deadline),
        sql`${dueAt} <= ${horizon.toISOString()}::timestamptz`,
        options.taskIds ? anyOf(reminderRules.taskId, options.taskIds) : undefined,
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
    pending.map((row) => ({
      jobName: DELIVER_REMINDER_JOB,
      data: { reminderId: row.id },
      runAt: row.dueAt > now ? row.dueAt : null,
    })),
  );

  return inserted.length;
}
