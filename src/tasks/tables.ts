import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  numeric,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../auth/tables.js';
import { employees } from '../employees/tables.js';
import { opportunities, stageHistory } from '../opportunities/tables.js';
import { partners } from '../partners/tables.js';

export const taskStatusEnum = pgEnum('task_status', ['OPEN', 'IN_PROGRESS', 'RESOLVED']);

/**
 * Millisecond precision for the instants that task lists page on, so a cursor built from a
 * JavaScript Date names exactly the row it came from.
 */
const instant = () => timestamp({ withTimezone: true, precision: 3 });

export const tasks = pgTable(
  'tasks',
  {
    id: uuid().primaryKey().defaultRandom(),
    title: text().notNull(),
    description: text(),
    beneficiaryId: uuid().references(() => partners.id, { onDelete: 'set null' }),
    responsibleId: uuid().references(() => employees.id, { onDelete: 'set null' }),
    creatorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    deadline: instant(),
    plannedStart: timestamp({ withTimezone: true }),
    estimatedHours: numeric({ precision: 6, scale: 2 }),
    registeredAt: instant().notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
    status: taskStatusEnum().notNull().default('OPEN'),
    billable: boolean().notNull().default(false),
    invoiced: boolean().notNull().default(false),
    sourceOpportunityId: uuid().references(() => opportunities.id, { onDelete: 'set null' }),
    sourceStageId: uuid()
      .unique()
      .references(() => stageHistory.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('tasks_beneficiary_idx').on(table.beneficiaryId, deadlineKey(table.deadline), table.id),
    index('tasks_responsible_idx').on(table.responsibleId, deadlineKey(table.deadline), table.id),
    index('tasks_creator_idx').on(table.creatorId, deadlineKey(table.deadline), table.id),
    index('tasks_status_deadline_idx').on(table.status, deadlineKey(table.deadline), table.id),
    index('tasks_deadline_idx').on(deadlineKey(table.deadline), table.id),
    index('tasks_registered_at_idx').on(table.registeredAt, table.id),
    index('tasks_responsible_registered_at_idx').on(
      table.responsibleId,
      table.registeredAt,
      table.id,
    ),
    index('tasks_creator_registered_at_idx').on(table.creatorId, table.registeredAt, table.id),
    // The partner history reads a partner's tasks newest first by registration and resolution.
    index('tasks_beneficiary_registered_at_idx').on(table.beneficiaryId, table.registeredAt),
    index('tasks_beneficiary_resolved_at_idx')
      .on(table.beneficiaryId, table.resolvedAt)
      .where(sql`resolved_at is not null`),
    index('tasks_source_opportunity_idx').on(table.sourceOpportunityId),
    check('tasks_estimated_hours_not_negative', sql`${table.estimatedHours} >= 0`),
    check('tasks_deadline_after_planned_start', sql`${table.deadline} >= ${table.plannedStart}`),
    check(
      'tasks_resolved_at_matches_status',
      sql`(${table.status} = 'RESOLVED') = (${table.resolvedAt} is not null)`,
    ),
  ],
);

/**
 * Returns the deadline as a sort key that is never NULL, so tasks without a deadline sort after
 * every dated task in ascending order. Lists, cursors and indexes must all use this expression.
 */
export function deadlineKey(deadline: SQLWrapper): SQL {
  return sql`coalesce(${deadline}, 'infinity'::timestamptz)`;
}

export const taskResponses = pgTable(
  'task_responses',
  {
    id: uuid().primaryKey().defaultRandom(),
    taskId: uuid()
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    authorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    body: text().notNull(),
    createdAt: instant().notNull().defaultNow(),
  },
  (table) => [
    index('task_responses_task_idx').on(table.taskId, table.createdAt, table.id),
    index('task_responses_created_at_idx').on(table.createdAt, table.id),
  ],
);
