import { sql } from 'drizzle-orm';
import { index, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/tables.js';

export const employees = pgTable(
  'employees',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    email: text(),
    phone: text(),
    department: text(),
    hoursPerDay: numeric({ precision: 4, scale: 2 }).notNull().default('8'),
    userId: uuid()
      .unique()
      .references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('employees_name_idx').on(table.name, table.id),
    index('employees_department_idx')
      .on(table.department)
      .where(sql`department is not null`),
  ],
);
