import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../auth/tables.js';

/**
 * The global settings: one row with id 1, created with the defaults by the first update.
 * The checks repeat the API's validation so no other writer can store an invalid value.
 */
export const settings = pgTable(
  'settings',
  {
    id: smallint().primaryKey().default(1),
    messageRemindersEnabled: boolean().notNull().default(true),
    emailRemindersEnabled: boolean().notNull().default(true),
    defaultReminderDaysBefore: integer().notNull().default(1),
    /** Minutes between polls for new tasks in clients that poll; 0 turns polling off. */
    newTaskRefreshMinutes: integer().notNull().default(5),
    /** IANA time zone of the company, used for "days before a deadline" and per-day figures. */
    timeZone: text().notNull().default('Europe/Bucharest'),
    /** Folder the worker imports email files from; null turns the folder import off. */
    mailImportFolder: text(),
    /** Format of the files in the import folder: AUTO detects it per file. */
    mailImportFormat: text().notNull().default('AUTO'),
    /** The company's own email domains: never partner addresses; mail from them is outgoing. */
    ownEmailDomains: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (table) => [
    check('settings_single_row', sql`${table.id} = 1`),
    check('settings_days_before_range', sql`${table.defaultReminderDaysBefore} between 0 and 30`),
    check('settings_refresh_range', sql`${table.newTaskRefreshMinutes} between 0 and 1440`),
    check(
      'settings_mail_import_format',
      sql`${table.mailImportFormat} in ('AUTO', 'EML', 'MBOX', 'OUTLOOK_TEXT', 'THUNDERBIRD_TEXT')`,
    ),
  ],
);
