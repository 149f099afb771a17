import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { tasks } from '../../tasks/tables.js';
import type { TaskEvents } from '../../tasks/task-events.js';
import type { EmailFileStore } from './email-files.js';
import { addReplyToTask } from './email-task.js';
import { emailReviewItems, importedEmails } from './tables.js';

/** The thread keys of a message that has just got a task. */
export interface ThreadKeys {
  messageId: string | null;
  /** First id of References, else In-Reply-To, else the Message-ID. */
  threadRootId: string | null;
}

/**
 * Moves the emails of a thread that wait in the review queue onto the thread's new task, as if
 * they had arrived after it. A reply from an address no partner has waits for review when it
 * comes first, but would have joined the task had it come later. Each one becomes IMPORTED on
 * the task's partner, and its review item is closed as ASSIGNED by nobody. Its text is added to
 * the task as a response and its stored files are attached to the task. Returns the ids moved
 * and the task events to publish after the commit.
 */
export async function adoptWaitingThreadEmails(
  tx: Executor,
  files: EmailFileStore,
  keys: ThreadKeys,
  taskId: string,
): Promise<{ emailIds: string[]; events: TaskEvents[] }> {
  const waiting = await findWaitingThreadEmails(tx, keys);
  if (waiting.length === 0) return { emailIds: [], events: [] };

  const [task] = await tx
    .select({ beneficiaryId: tasks.beneficiaryId })
    .from(tasks)
    .where(eq(tasks.id, taskId));
  const events: TaskEvents[] = [];
  for (const email of waiting) {
    await tx
      .update(importedEmails)
      .set({ status: 'IMPORTED', taskId, partnerId: task?.beneficiaryId ?? null, siteId: null })
      .where(eq(importedEmails.id, email.id));
    for (const fileId of await files.attachedFileIds(tx, { type: 'EMAIL', id: email.id })) {
      await files.attach(tx, fileId, { type: 'TASK', id: taskId });
    }
    const replyEvents = await addReplyToTask(tx, taskId, {
      fromLabel: email.fromName || email.fromAddress || 'an unknown sender',
      subject: email.subject,
      bodyText: email.bodyText,
      direction: email.direction ?? 'INCOMING',
      sentAt: email.sentAt,
    });
    if (replyEvents) events.push(replyEvents);
  }

  const emailIds = waiting.map((email) => email.id);
  await tx
    .update(emailReviewItems)
    .set({ status: 'ASSIGNED', resolvedAt: new Date(), note: 'joined the task of its thread' })
    .where(inArray(emailReviewItems.emailId, emailIds));

  return { emailIds, events };
}

/**
 * Locks the thread's emails with an open review item, oldest first: replies to `messageId` and
 * other messages of the same thread root, except those with this very Message-ID.
 */
async function findWaitingThreadEmails(tx: Executor, keys: ThreadKeys) {
  const related = [];
  if (keys.messageId) related.push(eq(importedEmails.inReplyTo, keys.messageId));
  if (keys.threadRootId) {
    related.push(
      and(
        eq(importedEmails.threadRootId, keys.threadRootId),
        sql`${importedEmails.messageId} is distinct from ${keys.messageId}::text`,
      ),
    );
  }
  if (related.length === 0) return [];

  const rows = await tx
    .select({ email: importedEmails })
    .from(importedEmails)
    .innerJoin(emailReviewItems, eq(emailReviewItems.emailId, importedEmails.id))
    .where(
      and(
        eq(emailReviewItems.status, 'OPEN'),
        inArray(importedEmails.status, ['UNMATCHED', 'AMBIGUOUS']),
        isNull(importedEmails.taskId),
        sql`(${sql.join(related, sql` or `)})`,
      ),
    )
    .orderBy(importedEmails.importedAt, importedEmails.id)
    .for('update');

  return rows.map((row) => row.email);
}
