import { asc, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Transaction } from '../db/client.js';
import { employees } from '../employees/tables.js';
import type { EventBus } from '../events/event-bus.js';
import { anyOf } from '../graphql/pagination.js';
import { type MessageRow, publishMessages } from '../messages/post-message.js';
import { getSettings, type SettingsRow } from '../settings/service.js';
import { tasks } from '../tasks/tables.js';
import { reminderText } from './content.js';
import {
  cancelReminders,
  claimDeliveries,
  closeReminders,
  queueReminderEmails,
  postReminderMessages,
  recordEffects,
  skipReminders,
} from './delivery-writes.js';
import { reminderRules, taskReminders } from './tables.js';

export interface DeliveryServices {
  db: Database;
  events: EventBus;
  log: Logger;
}

/** Outcome of one delivery, for logs and tests. */
export type DeliveryOutcome = 'SENT' | 'SKIPPED' | 'CANCELLED' | 'ALREADY_DONE';

/** A locked pending reminder with what its delivery needs. */
export interface ReminderContext {
  reminder: typeof taskReminders.$inferSelect;
  task: { status: string; deadline: Date | null; title: string } | null;
  /** The responsible's user and address; both null when the task has no responsible. */
  recipient: { userId: string | null; email: string | null };
  daysBefore: number | null;
}

/** A reminder whose delivery row was claimed and whose message or email is still to be made. */
export interface ClaimedReminder {
  context: ReminderContext;
  address: string | null;
  userId: string | null;
  subject: string;
  body: string;
}

/**
 * Delivers a batch of reminders in one transaction that keeps their rows locked. The delivery
 * rows, whose unique key is (task, rule, channel, deadline), are inserted in the same
 * transaction as the messages and queued emails, so the effects commit exactly once however
 * often the job runs, on however many workers. A reminder whose task was resolved or whose
 * deadline moved is deleted unsent, so the scan records the reminder of the new deadline, and a
 * reopened task gets its reminder again. Returns the outcome of each requested id.
 */
export async function deliverReminders(
  services: DeliveryServices,
  reminderIds: string[],
): Promise<Map<string, DeliveryOutcome>> {
  const outcomes = new Map<string, DeliveryOutcome>(reminderIds.map((id) => [id, 'ALREADY_DONE']));
  const posted: MessageRow[] = [];
  await services.db.transaction(async (tx) => {
    const pending = await lockPending(tx, reminderIds);
    if (pending.length === 0) return;

    const settings = await getSettings(tx);
    await deliverLocked(tx, pending, settings, { outcomes, posted, log: services.log });
  });

  publishMessages(services.events, posted);
  services.log.info(
    { reminders: reminderIds.length, ...countOutcomes(outcomes) },
    'reminders delivered',
  );

  return outcomes;
}

/** Locks the batch's reminders in id order, so two jobs sharing reminders do not deadlock on them. */
async function lockPending(tx: Transaction, reminderIds: string[]): Promise<ReminderContext[]> {
  const rows = await tx
    // Flat columns, because Drizzle 0.45 turns a left-joined object into null when its first
    // column is null, and a responsible without a user still has an email address.
    .select({
      reminder: taskReminders,
      taskStatus: tasks.status,
      taskDeadline: tasks.deadline,
      taskTitle: tasks.title,
      recipientUserId: employees.userId,
      recipientEmail: employees.email,
      daysBefore: reminderRules.daysBefore,
    })
    .from(taskReminders)
    .leftJoin(tasks, eq(tasks.id, taskReminders.taskId))
    .leftJoin(employees, eq(employees.id, tasks.responsibleId))
    .leftJoin(reminderRules, eq(reminderRules.id, taskReminders.ruleId))
    .where(anyOf(taskReminders.id, reminderIds))
    .orderBy(asc(taskReminders.id))
    .for('update', { of: taskReminders });

  return rows
    .filter((row) => row.reminder.status === 'PENDING')
    .map((row) => ({
      reminder: row.reminder,
      task:
        row.taskStatus === null || row.taskTitle === null
          ? null
          : { status: row.taskStatus, deadline: row.taskDeadline, title: row.taskTitle },
      recipient: { userId: row.recipientUserId, email: row.recipientEmail },
      daysBefore: row.daysBefore,
    }));
}

interface BatchState {
  outcomes: Map<string, DeliveryOutcome>;
  posted: MessageRow[];
  log: Logger;
}

async function deliverLocked(
  tx: Transaction,
  pending: ReminderContext[],
  settings: SettingsRow,
  state: BatchState,
): Promise<void> {
  const cancelled: string[] = [];
  const skipped: { id: string; reason: string }[] = [];
  const deliverable: ClaimedReminder[] = [];
  for (const context of pending) {
    const verdict = judge(context, settings);
    if (verdict === 'CANCEL') cancelled.push(context.reminder.id);
    else if (typeof verdict === 'string')
      skipped.push({ id: context.reminder.id, reason: verdict });
    else deliverable.push(verdict);
  }

  await cancelReminders(tx, cancelled);
  const claimed = await claimDeliveries(tx, deliverable);
  const messages = await postReminderMessages(
    tx,
    claimed.filter((item) => item.context.reminder.channel === 'MESSAGE'),
  );
  const emails = await queueReminderEmails(
    tx,
    claimed.filter((item) => item.context.reminder.channel === 'EMAIL'),
    state.log,
  );
  await recordEffects(tx, [...messages.effects, ...emails.effects]);
  await skipReminders(tx, [...skipped, ...emails.rejected]);
  const sent = [...messages.effects, ...emails.effects].map((effect) => effect.reminderId);
  const alreadyDelivered = deliverable
    .filter((item) => !claimed.includes(item))
    .map((item) => item.context.reminder.id);
  await closeReminders(tx, [...sent, ...alreadyDelivered]);

  state.posted.push(...messages.rows);
  for (const id of cancelled) state.outcomes.set(id, 'CANCELLED');
  for (const { id } of [...skipped, ...emails.rejected]) state.outcomes.set(id, 'SKIPPED');
  for (const id of sent) state.outcomes.set(id, 'SENT');
}

/**
 * Decides one reminder: CANCEL when its task was resolved, deleted or given another deadline,
 * a skip reason when its channel is off or the responsible cannot receive it, else what to send.
 */
function judge(context: ReminderContext, settings: SettingsRow): ClaimedReminder | string {
  const { reminder, task, recipient, daysBefore } = context;
  const current =
    task !== null &&
    task.status !== 'RESOLVED' &&
    task.deadline?.getTime() === reminder.deadline.getTime();
  if (!current || daysBefore === null) return 'CANCEL';

  const enabled =
    reminder.channel === 'EMAIL'
      ? settings.emailRemindersEnabled
      : settings.messageRemindersEnabled;
  if (!enabled) return `${reminder.channel}_REMINDERS_OFF`;
  if (reminder.channel === 'MESSAGE' && !recipient.userId) return 'RESPONSIBLE_HAS_NO_USER';
  if (reminder.channel === 'EMAIL' && !recipient.email) return 'RESPONSIBLE_HAS_NO_EMAIL';

  const text = reminderText({
    taskTitle: task.title,
    deadline: reminder.deadline,
    dueAt: reminder.dueAt,
    daysBefore,
    late: reminder.late,
    timeZone: settings.timeZone,
  });

  return {
    context,
    address: recipient.email,
    userId: recipient.userId,
    subject: text.subject,
    body: text.body,
  };
}

function countOutcomes(outcomes: Map<string, DeliveryOutcome>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes.values()) counts[outcome] = (counts[outcome] ?? 0) + 1;

  return counts;
}
