import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { NotFoundError } from '../errors.js';
import type { MessageRow } from './post-message.js';
import { messages } from './tables.js';

/** Counts the user's unread messages. */
export async function countUnreadMessages(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ unread: count() })
    .from(messages)
    .where(and(eq(messages.userId, userId), isNull(messages.readAt)));

  return row?.unread ?? 0;
}

/**
 * Marks one of the user's messages read. A message already read keeps its first read time.
 * Another user's message is reported as not found, so ids of other stacks reveal nothing.
 */
export async function markMessageRead(
  tx: Executor,
  userId: string,
  messageId: string,
): Promise<MessageRow> {
  const [row] = await tx
    .update(messages)
    .set({ readAt: sql`coalesce(${messages.readAt}, now())` })
    .where(and(eq(messages.id, messageId), eq(messages.userId, userId)))
    .returning();
  if (!row) throw new NotFoundError('message', encodeGlobalID('Message', messageId));

  return row;
}

/** Marks every unread message of the user read and returns how many changed. */
export async function markAllMessagesRead(tx: Executor, userId: string): Promise<number> {
  const rows = await tx
    .update(messages)
    .set({ readAt: sql`now()` })
    .where(and(eq(messages.userId, userId), isNull(messages.readAt)))
    .returning({ id: messages.id });

  return rows.length;
}
