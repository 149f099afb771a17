import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export const imapSecurityEnum = pgEnum('imap_security', ['NONE', 'STARTTLS', 'TLS']);

/** Counts of imported messages by outcome, keyed by `ImportStatus`. */
export type OutcomeCounts = Partial<Record<string, number>>;

/** IMAP mailboxes that admins configured for import; the worker reads one folder of each. */
export const imapMailboxes = pgTable('imap_mailboxes', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull().unique(),
  host: text().notNull(),
  port: integer().notNull(),
  security: imapSecurityEnum().notNull(),
  username: text().notNull(),
  /** AES-256-GCM ciphertext of the password (see mail/outgoing/password-cipher.ts). */
  passwordEncrypted: text().notNull(),
  folder: text().notNull().default('INBOX'),
  /** Disabled mailboxes keep their state but are not read by the scheduled import. */
  enabled: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * The import position of one mailbox folder. `lastUid` is only meaningful under
 * `uidValidity`: when the server reports another UIDVALIDITY, every UID was renumbered and the
 * folder is read again from the start (dedupe keeps that from creating anything twice).
 */
export const imapFolderStates = pgTable(
  'imap_folder_states',
  {
    mailboxId: uuid()
      .notNull()
      .references(() => imapMailboxes.id, { onDelete: 'cascade' }),
    folder: text().notNull(),
    /** UIDVALIDITY is an unsigned 32-bit number, so it fits a bigint. */
    uidValidity: bigint({ mode: 'number' }),
    lastUid: bigint({ mode: 'number' }).notNull().default(0),
    previousUidValidity: bigint({ mode: 'number' }),
    uidValidityChangedAt: timestamp({ withTimezone: true }),
    lastSyncStartedAt: timestamp({ withTimezone: true }),
    /** End of the lease of the worker syncing the folder; after it another may take over. */
    syncLeaseUntil: timestamp({ withTimezone: true }),
    lastSuccessAt: timestamp({ withTimezone: true }),
    lastError: text(),
    lastErrorAt: timestamp({ withTimezone: true }),
    /** Outcomes of the last finished sync. */
    lastRunCounts: jsonb()
      .$type<OutcomeCounts>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.mailboxId, table.folder] })],
);
