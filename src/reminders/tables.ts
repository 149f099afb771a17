import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../auth/tables.js';
import { emailLog } from '../mail/outgoing/tables.js';
import { messages } from '../messages/tables.js';
import { tasks } from '../tasks/tables.js';

/** Channel of a reminder to the task's responsible. BOTH sends an email and a message. */
export const reminderChannelEnum = pgEnum('reminder_channel', ['EMAIL', 'MESSAGE', 'BOTH']);

/** PENDING waits for its delivery job, while SENT and SKIPPED are final. */
export const reminderStatusEnum = pgEnum('reminder_status', ['PENDING', 'SENT', 'SKIPPED']);

/** Deadlines are stored with millisecond precision, so one read back equals a JavaScript Date. */
const instant = () => timestamp({ withTimezone: true, precision: 3 });

/** A task's reminder rule: the channel and how many days before the deadline to remind. */
export const reminderRules = pgTable(
  'task_reminder_rules',
  {
    id: uuid().primaryKey().defaultRandom(),
    taskId: uuid()
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    channel: reminderChannelEnum().notNull(),
    /** Calendar days before the deadline in the company time zone, where 0 is the deadline itself. */
    daysBefore: integer().notNull(),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('task_reminder_rules_task_channel_days_key').on(
      table.taskId,
      table.channel,
      table.daysBefore,
    ),
    check('task_reminder_rules_days_range', sql`${table.daysBefore} between 0 and 30`),
  ],
);

/**
 * One reminder that came due: a rule's channel (EMAIL or MESSAGE) for one deadline of the task.
 * The scan inserts it when it comes due and requests its delivery job in the same transaction,
 * so the unique key means each reminder is scheduled once.
 */
export const taskReminders = pgTable(
  'task_reminders',
  {
    id: uuid().primaryKey().defaultRandom(),
    taskId: uuid()
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    ruleId: uuid()
      .notNull()
      .references(() => reminderRules.id, { onDelete: 'cascade' }),
    channel: reminderChannelEnum().notNull(),
    /** The task deadline this reminder is for. A moved deadline makes a new reminder. */
    deadline: instant().notNull(),
    dueAt: instant().notNull(),
    scheduledAt: instant().notNull().defaultNow(),
    /** Scheduled only after its due time: missed while no worker ran, or set too late. */
    late: boolean().notNull(),
    status: reminderStatusEnum().notNull().default('PENDING'),
    /** Reason a SKIPPED reminder was not sent, such as `EMAIL_REMINDERS_OFF`. */
    skipReason: text(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    unique('task_reminders_key').on(table.taskId, table.ruleId, table.channel, table.deadline),
    index('task_reminders_pending_idx')
      .on(table.dueAt)
      .where(sql`status = 'PENDING'`),
    index('task_reminders_rule_idx').on(table.ruleId, table.dueAt),
    check('task_reminders_one_channel', sql`${table.channel} <> 'BOTH'`),
  ],
);

/**
 * A reminder that was delivered. The row is inserted in the transaction that writes the message
 * or queues the email, and its unique key makes that happen once per task, rule, channel and
 * deadline, whatever the job queue does.
 */
export const reminderDeliveries = pgTable(
  'reminder_deliveries',
  {
    id: uuid().primaryKey().defaultRandom(),
    taskId: uuid()
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    ruleId: uuid()
      .notNull()
      .references(() => reminderRules.id, { onDelete: 'cascade' }),
    channel: reminderChannelEnum().notNull(),
    deadline: instant().notNull(),
    reminderId: uuid()
      .notNull()
      .references(() => taskReminders.id, { onDelete: 'cascade' }),
    late: boolean().notNull(),
    messageId: uuid().references(() => messages.id, { onDelete: 'set null' }),
    emailId: uuid().references(() => emailLog.id, { onDelete: 'set null' }),
    deliveredAt: instant().notNull().defaultNow(),
  },
  (table) => [
    unique('reminder_deliveries_key').on(table.taskId, table.ruleId, table.channel, table.deadline),
    index('reminder_deliveries_reminder_idx').on(table.reminderId),
    check('reminder_deliveries_one_channel', sql`${table.channel} <> 'BOTH'`),
  ],
);
