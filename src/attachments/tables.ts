import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../auth/tables.js';

/** The kinds of record a file can be attached to. */
export const recordTypeEnum = pgEnum('attachment_record_type', [
  'PARTNER',
  'OPPORTUNITY',
  'TASK',
  'EMAIL',
  'DOCUMENT',
]);

/** Millisecond precision, so a keyset cursor built from a JavaScript Date matches its row. */
const instant = () => timestamp({ withTimezone: true, precision: 3 });

/**
 * One row per stored upload. The content lives once on disk under its SHA-256, so several rows
 * (the same bytes uploaded under other names) may share one stored blob.
 */
export const files = pgTable(
  'files',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Lower-case hex SHA-256 of the content; it names the blob in the file store. */
    sha256: text().notNull(),
    /** Size in bytes. */
    size: bigint({ mode: 'number' }).notNull(),
    /** The sanitized file name: no folders, no control characters, at most 255 UTF-8 bytes. */
    filename: text().notNull(),
    /** A `type/subtype` media type, or application/octet-stream when none valid was given. */
    contentType: text().notNull(),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: instant().notNull().defaultNow(),
  },
  (table) => [
    index('files_sha256_idx').on(table.sha256),
    check('files_sha256_hex', sql`${table.sha256} ~ '^[0-9a-f]{64}$'`),
    check('files_size_not_negative', sql`${table.size} >= 0`),
  ],
);

/** Named folders [dosare] that attachments are filed into, across records. */
export const dossiers = pgTable(
  'dossiers',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    description: text(),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: instant().notNull().defaultNow(),
    updatedAt: instant().notNull().defaultNow(),
  },
  (table) => [
    // Dossier names are unique ignoring case, so "Contract 2026" and "contract 2026" clash.
    uniqueIndex('dossiers_name_lower_idx').on(sql`lower(${table.name})`),
    index('dossiers_name_idx').on(table.name, table.id),
  ],
);

/**
 * A file attached to one record. The record is polymorphic (type and id), so no foreign key
 * guards it: `attach` checks that the record exists, and a deleted record leaves its
 * attachments behind with `record` resolving to null.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid().primaryKey().defaultRandom(),
    fileId: uuid()
      .notNull()
      .references(() => files.id, { onDelete: 'restrict' }),
    recordType: recordTypeEnum().notNull(),
    recordId: uuid().notNull(),
    dossierId: uuid().references(() => dossiers.id, { onDelete: 'set null' }),
    attachedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    attachedAt: instant().notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('attachments_file_record_idx').on(table.fileId, table.recordType, table.recordId),
    index('attachments_record_idx').on(
      table.recordType,
      table.recordId,
      table.attachedAt,
      table.id,
    ),
    index('attachments_dossier_idx').on(table.dossierId, table.attachedAt, table.id),
  ],
);
