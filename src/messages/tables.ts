import { sql } from 'drizzle-orm';
import { bigint, index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/tables.js';

/** Source of an in-app message. */
export const messageKindEnum = pgEnum('message_kind', [
  'TASK_REMINDER',
  'FOLLOW_UP_TASK',
  'TASK_LAUNCH',
]);

/**
 * Each user's message stack: in-app messages from reminders, follow-ups and launched tasks.
 * A message is unread while `read_at` is null.
 */
export const messages = pgTable(
  'messages',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Insertion order, which the stack is sorted by: messages of one transaction share `created_at`. */
    position: bigint({ mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: messageKindEnum().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    /** GraphQL type name of the record the message is about, such as `Task`. */
    relatedType: text(),
    relatedId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    index('messages_user_position_idx').on(table.userId, table.position),
    index('messages_user_unread_idx')
      .on(table.userId, table.position)
      .where(sql`read_at is null`),
  ],
);
