import { pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { emailLog } from '../mail/outgoing/tables.js';
import { stageHistory } from '../opportunities/tables.js';
import { tasks } from '../tasks/tables.js';

/**
 * The follow-up of a stage row as last applied: the task made for a delegate who is a user, or
 * the email sent to one who is not. The follow-up job locks the stage row and compares its
 * follow-up date with `follow_up_at` here, so a repeated job changes nothing.
 */
export const followUps = pgTable('follow_ups', {
  stageId: uuid()
    .primaryKey()
    .references(() => stageHistory.id, { onDelete: 'cascade' }),
  taskId: uuid().references(() => tasks.id, { onDelete: 'set null' }),
  /** The last email queued to a delegate without a user. */
  emailId: uuid().references(() => emailLog.id, { onDelete: 'set null' }),
  followUpAt: timestamp({ withTimezone: true }).notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
