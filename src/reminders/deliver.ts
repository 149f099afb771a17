import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Transaction } from '../db/client.js';
import { employees } from '../employees/tables.js';
import { ValidationError } from '../errors.js';
import type { EventBus } from '../events/event-bus.js';
import { maskEmail } from '../logger.js';
import { queueEmail } from '../mail/outgoing/queue-email.js';
import { type MessageRow, postMessage, publishMessages } from '../messages/post-message.js';
import { getSettings } from '../settings/service.js';
import { tasks } from '../tasks/tables.js';
import { reminderText } from './content.js';
import { reminderDeliveries, reminderRules, taskReminders } from './tables.js';

type ReminderRow = typeof taskReminders.$inferSelect;

export interface DeliveryServices {
  db: Database;
  events: EventBus;
  log: Logger;
}

/** Outcome of one delivery, for logs and tests. */
export type DeliveryOutcome = 'SENT' | 'SKIPPED' | 'CANCELLED' | 'ALREADY_DONE';

/**
 * Delivers one reminder. The reminder row stays locked for the whole transaction. The delivery
 * row, whose unique key is (task, rule, channel, deadline), is inserted in the same transaction
 * as the message or the queued email, so the effects commit exactly once however often the job
 * runs, on however many workers. A reminder whose task was resolved or whose deadline moved is
 * deleted unsent, so the scan records the reminder of the new deadline, and a reopened task gets
 * its reminder again.
 */
export async function deliverReminder(
  services: DeliveryServices,
  reminderId: string,
): Promise<DeliveryOutcome> {
  const posted: MessageRow[] = [];
  const outcome = await services.db.transaction(async (tx) => {
    const [reminder] = await tx
      .select()
      .from(taskReminders)
      .where(eq(taskReminders.id, reminderId))
      .for('update');
    if (!reminder || reminder.status !== 'PENDING') return 'ALREADY_DONE';

    return deliverLocked(tx, reminder, posted, services.log);
  });

  publishMessages(services.events, posted);
  services.log.info({ reminderId, outcome }, 'reminder delivery finished');

  return outcome;
}

async function deliverLocked(
  tx: Transaction,
  reminder: ReminderRow,
  posted: MessageRow[],
  log: Logger,
): Promise<DeliveryOutcome> {
  const [task] = await tx.select().from(tasks).where(eq(tasks.id, reminder.taskId));
  const current =
    task && task.status !== 'RESOLVED' && task.deadline?.getTime() === reminder.deadline.getTime();
  if (!task || !current) {
    await tx.delete(taskReminders).where(eq(taskReminders.id, reminder.id));

    return 'CANCELLED';
  }

  const settings = await getSettings(tx);
  const off =
    reminder.channel === 'EMAIL'
      ? !settings.emailRemindersEnabled
      : !settings.messageRemindersEnabled;
  if (off) return skip(tx, reminder, `${reminder.channel}_REMINDERS_OFF`);

  const [recipient] = task.responsibleId
    ? await tx.select().from(employees).where(eq(employees.id, task.responsibleId))
    : [];
  const [rule] = await tx.select().from(reminderRules).where(eq(reminderRules.id, reminder.ruleId));
  const text = reminderText({
    taskTitle: task.title,
    deadline: reminder.deadline,
    dueAt: reminder.dueAt,
    daysBefore: rule!.daysBefore,
    late: reminder.late,
    timeZone: settings.timeZone,
  });

  if (reminder.channel === 'MESSAGE') {
    if (!recipient?.userId) return skip(tx, reminder, 'RESPONSIBLE_HAS_NO_USER');
    if (!(await claimDelivery(tx, reminder))) return markDone(tx, reminder);
    const message = await postMessage(tx, {
      userId: recipient.userId,
      kind: 'TASK_REMINDER',
      title: text.subject,
      body: text.body,
      relatedType: 'Task',
      relatedId: task.id,
    });
    posted.push(message);
    await finish(tx, reminder, { messageId: message.id });

    return 'SENT';
  }

  if (!recipient?.email) return skip(tx, reminder, 'RESPONSIBLE_HAS_NO_EMAIL');

  return deliverEmail(tx, reminder, recipient.email, text, log);
}

async function deliverEmail(
  tx: Transaction,
  reminder: ReminderRow,
  address: string,
  text: { subject: string; body: string },
  log: Logger,
): Promise<DeliveryOutcome> {
  if (!(await claimDelivery(tx, reminder))) return markDone(tx, reminder);

  try {
    const email = await queueEmail(tx, {
      senderUserId: null,
      to: [address],
      subject: text.subject,
      text: text.body,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-CRM-Reminder-Id': reminder.id },
      related: { type: 'Task', id: reminder.taskId },
    });
    await finish(tx, reminder, { emailId: email.id });

    return 'SENT';
  } catch (error) {
    // A malformed address or a missing default SMTP server will not fix itself on a retry.
    if (!(error instanceof ValidationError)) throw error;
    log.warn(
      { reminderId: reminder.id, to: maskEmail(address), err: error },
      'reminder email could not be queued',
    );
    await tx.delete(reminderDeliveries).where(eq(reminderDeliveries.reminderId, reminder.id));

    return skip(tx, reminder, 'EMAIL_NOT_QUEUED');
  }
}

/** Inserts the delivery row and returns false when one already exists for the same key. */
async function claimDelivery(tx: Transaction, reminder: ReminderRow): Promise<boolean> {
  const inserted = await tx
    .insert(reminderDeliveries)
    .values({
      taskId: reminder.taskId,
      ruleId: reminder.ruleId,
      channel: reminder.channel,
      deadline: reminder.deadline,
      reminderId: reminder.id,
      late: reminder.late,
    })
    .onConflictDoNothing()
    .returning({ id: reminderDeliveries.id });

  return inserted.length === 1;
}

/** Closes a reminder whose delivery row already exists, because its effects committed with it. */
async function markDone(tx: Transaction, reminder: ReminderRow): Promise<DeliveryOutcome> {
  await tx
    .update(taskReminders)
    .set({ status: 'SENT', finishedAt: new Date() })
    .where(eq(taskReminders.id, reminder.id));

  return 'ALREADY_DONE';
}

async function finish(
  tx: Transaction,
  reminder: ReminderRow,
  effect: { messageId?: string; emailId?: string },
): Promise<void> {
  await tx
    .update(reminderDeliveries)
    .set(effect)
    .where(eq(reminderDeliveries.reminderId, reminder.id));
  await tx
    .update(taskReminders)
    .set({ status: 'SENT', finishedAt: new Date() })
    .where(eq(taskReminders.id, reminder.id));
}

async function skip(
  tx: Transaction,
  reminder: ReminderRow,
  reason: string,
): Promise<DeliveryOutcome> {
  await tx
    .update(taskReminders)
    .set({ status: 'SKIPPED', skipReason: reason, finishedAt: new Date() })
    .where(eq(taskReminders.id, reminder.id));

  return 'SKIPPED';
}
