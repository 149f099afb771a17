import { and, asc, eq, notInArray } from 'drizzle-orm';
import type { Transaction } from '../db/client.js';
import type { Viewer } from '../graphql/context.js';
import { getSettings } from '../settings/service.js';
import { assertMayChangeTask } from '../tasks/task-permissions.js';
import { lockTask } from '../tasks/task-references.js';
import { scheduleDueReminders } from './schedule.js';
import type { reminderChannelEnum } from './tables.js';
import { reminderRules } from './tables.js';

export type ReminderChannel = (typeof reminderChannelEnum.enumValues)[number];
export type ReminderRuleRow = typeof reminderRules.$inferSelect;

export interface ReminderRuleInput {
  channel: ReminderChannel;
  /** Days before the deadline, 0-30; null or absent takes the default from the settings. */
  daysBefore?: number | null;
}

/** Maximum number of reminder rules on one task. */
export const MAX_RULES_PER_TASK = 10;

/**
 * Replaces the reminder rules of a task. A rule that is kept (same channel and days) keeps its
 * id, so a reminder it already sent is not sent again. Reminders whose time has already passed
 * are scheduled in this transaction, marked late, and go out as soon as it commits. Only the
 * task's creator or responsible, a manager or an admin may change them.
 */
export async function setTaskReminderRules(
  tx: Transaction,
  viewer: Viewer,
  taskId: string,
  rules: ReminderRuleInput[],
): Promise<ReminderRuleRow[]> {
  const task = await lockTask(tx, taskId, 'taskId');
  assertMayChangeTask(viewer, task, 'setTaskReminderRules');
  const settings = await getSettings(tx);
  const requested = distinctRules(rules, settings.defaultReminderDaysBefore);
  if (requested.length === 0) {
    await tx.delete(reminderRules).where(eq(reminderRules.taskId, taskId));

    return [];
  }

  const savedRules = await tx
    .insert(reminderRules)
    .values(requested.map((rule) => ({ ...rule, taskId, createdById: viewer.userId })))
    .onConflictDoUpdate({
      target: [reminderRules.taskId, reminderRules.channel, reminderRules.daysBefore],
      // A no-op update, so RETURNING includes the rules that already existed.
      set: { taskId },
    })
    .returning({ id: reminderRules.id });
  await tx.delete(reminderRules).where(
    and(
      eq(reminderRules.taskId, taskId),
      notInArray(
        reminderRules.id,
        savedRules.map((rule) => rule.id),
      ),
    ),
  );
  await scheduleDueReminders(tx, { now: new Date(), lookaheadMs: 0, taskIds: [taskId] });

  return listRules(tx, taskId);
}

/** Removes every reminder rule of a task, and with them the reminders not yet sent. */
export async function clearTaskReminderRules(
  tx: Transaction,
  viewer: Viewer,
  taskId: string,
): Promise<void> {
  const task = await lockTask(tx, taskId, 'taskId');
  assertMayChangeTask(viewer, task, 'clearTaskReminderRules');
  await tx.delete(reminderRules).where(eq(reminderRules.taskId, taskId));
}

function listRules(tx: Transaction, taskId: string): Promise<ReminderRuleRow[]> {
  return tx
    .select()
    .from(reminderRules)
    .where(eq(reminderRules.taskId, taskId))
    .orderBy(asc(reminderRules.daysBefore), asc(reminderRules.channel));
}

function distinctRules(rules: ReminderRuleInput[], defaultDays: number) {
  const byKey = new Map<string, { channel: ReminderChannel; daysBefore: number }>();
  for (const rule of rules) {
    const daysBefore = rule.daysBefore ?? defaultDays;
    byKey.set(`${rule.channel}:${daysBefore}`, { channel: rule.channel, daysBefore });
  }

  return [...byKey.values()];
}
