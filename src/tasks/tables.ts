import {
  boolean,
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

export const tasks = pgTable(
  'tasks',
  {
    id: uuid().primaryKey().defaultRandom(),
    title: text().notNull(),
    description: text(),
    beneficiaryId: uuid().references(() => partners.id, { onDelete: 'set null' }),
    responsibleId: uuid().references(() => employees.id, { onDelete: 'set null' }),
    creatorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    deadline: timestamp({ withTimezone: true }),
    plannedStart: timestamp({ withTimezone: true }),
    estimatedHours: numeric({ precision: 6, scale: 2 }),
    registeredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
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
    index('tasks_beneficiary_idx').on(table.beneficiaryId, table.deadline, table.id),
    index('tasks_responsible_idx').on(table.responsibleId, table.deadline, table.id),
    index('tasks_creator_idx').on(table.creatorId, table.deadline, table.id),
    index('tasks_status_deadline_idx').on(table.status, table.deadline, table.id),
    index('tasks_deadline_idx').on(table.deadline, table.id),
    index('tasks_source_opportunity_idx').on(table.sourceOpportunityId),
  ],
);

export const taskResponses = pgTable(
  'task_responses',
  {
    id: uuid().primaryKey().defaultRandom(),
    taskId: uuid()
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    authorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('task_responses_task_idx').on(table.taskId, table.createdAt)],
);
