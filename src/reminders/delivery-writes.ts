import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Transaction } from '../db/client.js';
import { anyOf } from '../graphql/pagination.js';
import { maskEmail } from '../logger.js';
import { queueEmails } from '../mail/outgoing/queue-email.js';
import { type MessageRow, postMessages } from '../messages/post-message.js';
import type { ClaimedReminder } from './deliver.js';
import { reminderDeliveries, taskReminders } from './tables.js';

// The statements of one reminder batch. Each writes every reminder of the batch at once, so a
// batch of emails and messages costs 10 statements however many reminders it contains.

/** The message or email a claimed reminder produced. */
export interface DeliveryEffect {
  reminderId: string;
  messageId: string | null;
  emailId: string | null;
}

export interface SkippedReminder {
  id: string;
  reason: string;
}

/** Deletes reminders whose task no longer has their deadline, without delivering them. */
export async function cancelReminders(tx: Transaction, ids: string[]): Promise<void> {
  if (ids.length === 0) return;

  await tx.delete(taskReminders).where(anyOf(taskReminders.id, ids));
}

/**
 * Inserts the delivery rows and returns the reminders whose row was new. A reminder left out
 * already has its delivery, and with it its message or email, from an earlier run.
 */
export async function claimDeliveries(
  tx: Transaction,
  items: ClaimedReminder[],
): Promise<ClaimedReminder[]> {
  if (items.length === 0) return [];

  const inserted = await tx
    .insert(reminderDeliveries)
    .values(
      items.map(({ context: { reminder } }) => ({
        taskId: reminder.taskId,
        ruleId: reminder.ruleId,
        channel: reminder.channel,
        deadline: reminder.deadline,
        reminderId: reminder.id,
        late: reminder.late,
      })),
    )
    .onConflictDoNothing()
    .returning({ reminderId: reminderDeliveries.reminderId });
  const claimed = new Set(inserted.map((row) => row.reminderId));

  return items.filter((item) => claimed.has(item.context.reminder.id));
}

/** Posts the in-app reminder messages; the caller publishes `rows` after the commit. */
export async function postReminderMessages(
  tx: Transaction,
  items: ClaimedReminder[],
): Promise<{ rows: MessageRow[]; effects: DeliveryEffect[] }> {
  const ids = items.map(() => randomUUID());
  const rows = await postMessages(
    tx,
    items.map((item, index) => ({
      id: ids[index],
      userId: item.userId!,
      kind: 'TASK_REMINDER' as const,
      title: item.subject,
      body: item.body,
      relatedType: 'Task',
      relatedId: item.context.reminder.taskId,
    })),
  );
  const effects = items.map((item, index) => ({
    reminderId: item.context.reminder.id,
    messageId: ids[index]!,
    emailId: null,
  }));

  return { rows, effects };
}

/**
 * Queues the reminder emails from the default SMTP server. An email that cannot be queued (a
 * malformed address, no default server) will not succeed on a retry either, so its delivery
 * row is removed and the reminder is skipped as EMAIL_NOT_QUEUED.
 */
export async function queueReminderEmails(
  tx: Transaction,
  items: ClaimedReminder[],
  log: Logger,
): Promise<{ effects: DeliveryEffect[]; rejected: SkippedReminder[] }> {
  const results = await queueEmails(
    tx,
    items.map((item) => ({
      senderUserId: null,
      to: [item.address!],
      subject: item.subject,
      text: item.body,
      headers: {
        'Auto-Submitted': 'auto-generated',
        'X-CRM-Reminder-Id': item.context.reminder.id,
      },
      related: { type: 'Task', id: item.context.reminder.taskId },
    })),
  );
  const effects: DeliveryEffect[] = [];
  const rejected: SkippedReminder[] = [];
  results.forEach((result, index) => {
    const reminderId = items[index]!.context.reminder.id;
    if ('emailId' in result) {
      effects.push({ reminderId, messageId: null, emailId: result.emailId });

      return;
    }
    log.warn(
      { reminderId, to: maskEmail(items[index]!.address!), err: result.error },
      'reminder email could not be queued',
    );
    rejected.push({ id: reminderId, reason: 'EMAIL_NOT_QUEUED' });
  });
  if (rejected.length > 0) {
    const ids = rejected.map((item) => item.id);
    await tx.delete(reminderDeliveries).where(anyOf(reminderDeliveries.reminderId, ids));
  }

  return { effects, rejected };
}

/** Links each delivery row to the message or email it produced. */
export async function recordEffects(tx: Transaction, effects: DeliveryEffect[]): Promise<void> {
  if (effects.length === 0) return;

  const reminderIds = effects.map((effect) => effect.reminderId);
  const messageIds = effects.map((effect) => effect.messageId);
  const emailIds = effects.map((effect) => effect.emailId);
  await tx.execute(sql`
    update ${reminderDeliveries}
    set message_id = effect.message_id, email_id = effect.email_id
    from unnest(${sql.param(reminderIds)}::uuid[], ${sql.param(messageIds)}::uuid[],
      ${sql.param(emailIds)}::uuid[]) as effect(reminder_id, message_id, email_id)
    where ${reminderDeliveries.reminderId} = effect.reminder_id`);
}

/** Marks reminders SKIPPED with their reasons, one statement per reason. */
export async function skipReminders(tx: Transaction, skipped: SkippedReminder[]): Promise<void> {
  const byReason = new Map<string, string[]>();
  for (const { id, reason } of skipped) byReason.set(reason, [...(byReason.get(reason) ?? []), id]);
  for (const [reason, ids] of byReason) {
    await tx
      .update(taskReminders)
      .set({ status: 'SKIPPED', skipReason: reason, finishedAt: new Date() })
      .where(anyOf(taskReminders.id, ids));
  }
}

/** Marks delivered reminders SENT. */
export async function closeReminders(tx: Transaction, ids: string[]): Promise<void> {
  if (ids.length === 0) return;

  await tx
    .update(taskReminders)
    .set({ status: 'SENT', finishedAt: new Date() })
    .where(anyOf(taskReminders.id, ids));
}
