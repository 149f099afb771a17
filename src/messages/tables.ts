import { sql } from 'drizzle-orm';
import { index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/tables.js';

/** Source of an in-app message. */
export const messageKindEnum = pgEnum('message_kind', [
  'TASK_REMINDER',
  'FOLLOW_UP_TASK',
  'TASK_LAUNCH',
]);

/** Millisecond precision, so a keyset cursor built from a JavaScript Date matches its row. */
const instant = () => timestamp({ withTimezone: true, precision: 3 });

/**
 * Each user's message stack: in-app messages from reminders, follow-ups and launched tasks.
 * A message is unread while `read_at` is null.
 */
export const messages = pgTable(
  'messages',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: messageKindEnum().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    /** GraphQL type name of the record the message is about, such as `Task`. */
    relatedType: text(),
    relatedId: uuid(),
    createdAt: instant().notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    index('messages_user_idx').on(table.userId, table.createdAt, table.id),
    index('messages_user_unread_idx')
      .on(table.userId, table.createdAt, table.id)
      .where(sql`read_at is null`),
  ],
);
