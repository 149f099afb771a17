import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { files } from '../../attachments/tables.js';
import { users } from '../../auth/tables.js';
import { partners, sites } from '../../partners/tables.js';
import { tasks } from '../../tasks/tables.js';
import { imapMailboxes, type OutcomeCounts } from '../imap/tables.js';

export const importStatusEnum = pgEnum('email_import_status', [
  'IMPORTED',
  'DUPLICATE',
  'UNMATCHED',
  'AMBIGUOUS',
  'BOUNCE',
  'AUTO_REPLY',
  'FAILED',
]);
export const emailDirectionEnum = pgEnum('email_direction', ['INCOMING', 'OUTGOING']);
export const emailClassificationEnum = pgEnum('email_classification', [
  'NORMAL',
  'CALENDAR_INVITE',
  'AUTO_REPLY',
  'BOUNCE',
]);
export const emailSourceKindEnum = pgEnum('email_source_kind', ['FILE', 'IMAP']);
export const reviewStatusEnum = pgEnum('email_review_status', ['OPEN', 'ASSIGNED', 'DISMISSED']);
export const importFileStatusEnum = pgEnum('mail_import_file_status', [
  'PROCESSING',
  'DONE',
  'FAILED',
]);

export type ImportStatus = (typeof importStatusEnum.enumValues)[number];

/** Millisecond precision, so a keyset cursor built from a JavaScript Date matches its row. */
const instant = () => timestamp({ withTimezone: true, precision: 3 });

export interface StoredAddress {
  address: string | null;
  name: string | null;
}

export interface AttachmentSummary {
  filename: string;
  contentType: string;
  /** Decoded bytes; null when the source lists the name only (text exports). */
  size: number | null;
  sha256: string | null;
  /** Whether the bytes went to the file store and are linked to the email. */
  stored: boolean;
  /** Reason the bytes were not stored, such as a size limit or a name-only export. */
  omittedReason: string | null;
}

export interface CalendarSummary {
  method: string | null;
  uid: string | null;
  summary: string | null;
  start: string | null;
  end: string | null;
  organizer: string | null;
}

export interface SiteCandidate {
  partnerId: string;
  siteId: string;
  address: string;
}

export interface BounceSummary {
  failedRecipients: string[];
  status: string | null;
  originalMessageId: string | null;
  originalSubject: string | null;
  /** Partner sites that hold a failed recipient. */
  relatedSites: SiteCandidate[];
}

/**
 * Every message the import met, with its outcome. A message that repeats an imported one is kept
 * as a DUPLICATE row pointing to it only when it comes from a new source (another file, another
 * UID), so reading the same source again adds nothing.
 */
export const importedEmails = pgTable(
  'imported_emails',
  {
    id: uuid().primaryKey().defaultRandom(),
    status: importStatusEnum().notNull(),
    messageId: text(),
    /** Message-ID and content fingerprint, or the fingerprint alone; null for FAILED rows. */
    dedupeKey: text(),
    fingerprint: text(),
    direction: emailDirectionEnum(),
    fromAddress: text(),
    fromName: text(),
    toAddresses: jsonb().$type<StoredAddress[]>().notNull().default([]),
    ccAddresses: jsonb().$type<StoredAddress[]>().notNull().default([]),
    replyToAddresses: jsonb().$type<StoredAddress[]>().notNull().default([]),
    subject: text().notNull().default(''),
    sentAt: timestamp({ withTimezone: true }),
    dateSource: text(),
    bodyExcerpt: text().notNull().default(''),
    bodyText: text().notNull().default(''),
    classification: emailClassificationEnum(),
    classificationReason: text(),
    partnerId: uuid().references(() => partners.id, { onDelete: 'set null' }),
    siteId: uuid().references(() => sites.id, { onDelete: 'set null' }),
    /** Header the partner was found by: from, reply_to, cc or to. */
    matchedVia: text(),
    /** Reason no partner was linked, or the rule that decided the match. */
    matchDetail: text(),
    matchCandidates: jsonb().$type<SiteCandidate[]>().notNull().default([]),
    taskId: uuid().references(() => tasks.id, { onDelete: 'set null' }),
    inReplyTo: text(),
    references: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    threadRootId: text(),
    attachments: jsonb().$type<AttachmentSummary[]>().notNull().default([]),
    calendar: jsonb().$type<CalendarSummary>(),
    bounce: jsonb().$type<BounceSummary>(),
    warnings: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    duplicateOfId: uuid().references((): AnyPgColumn => importedEmails.id, {
      onDelete: 'set null',
    }),
    sourceKind: emailSourceKindEnum().notNull(),
    /** `file:<sha256>#<index>` or `imap:<mailbox>:<folder>:<uidvalidity>:<uid>`. */
    sourceKey: text().notNull().unique(),
    /** The file as it was named when read, for file imports. */
    sourcePath: text(),
    sourceIndex: integer(),
    mailboxId: uuid().references(() => imapMailboxes.id, { onDelete: 'set null' }),
    folder: text(),
    uidValidity: bigint({ mode: 'number' }),
    uid: bigint({ mode: 'number' }),
    failureCode: text(),
    failureReason: text(),
    importedAt: instant().notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('imported_emails_dedupe_key_idx')
      .on(table.dedupeKey)
      .where(sql`status <> 'DUPLICATE' and dedupe_key is not null`),
    index('imported_emails_message_id_idx').on(table.messageId),
    // The thread lookup finds earlier replies by the message they answer and by thread root.
    index('imported_emails_in_reply_to_idx').on(table.inReplyTo),
    index('imported_emails_thread_root_idx').on(table.threadRootId),
    index('imported_emails_imported_at_idx').on(table.importedAt, table.id),
    index('imported_emails_status_idx').on(table.status, table.importedAt, table.id),
    index('imported_emails_partner_idx').on(table.partnerId, table.importedAt, table.id),
    index('imported_emails_task_idx').on(table.taskId),
    index('imported_emails_mailbox_idx').on(table.mailboxId, table.folder, table.status),
  ],
);

/** Unmatched and ambiguous emails waiting for a user to assign them to a partner. */
export const emailReviewItems = pgTable(
  'email_review_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    emailId: uuid()
      .notNull()
      .unique()
      .references(() => importedEmails.id, { onDelete: 'cascade' }),
    status: reviewStatusEnum().notNull().default('OPEN'),
    /** UNMATCHED or AMBIGUOUS, the email status that sent it here. */
    reason: importStatusEnum().notNull(),
    createdAt: instant().notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** Reason a user gave for dismissing the email, if any. */
    note: text(),
  },
  (table) => [index('email_review_items_status_idx').on(table.status, table.createdAt, table.id)],
);

/** Messages that could not be parsed, with the reason and the raw bytes when they were read. */
export const mailQuarantine = pgTable(
  'mail_quarantine',
  {
    id: uuid().primaryKey().defaultRandom(),
    emailId: uuid()
      .notNull()
      .unique()
      .references(() => importedEmails.id, { onDelete: 'cascade' }),
    code: text().notNull(),
    reason: text().notNull(),
    /** The stored raw message; null when it was too large to keep or could not be read. */
    rawFileId: uuid().references(() => files.id, { onDelete: 'set null' }),
    rawSize: integer(),
    rawSha256: text(),
    createdAt: instant().notNull().defaultNow(),
  },
  (table) => [index('mail_quarantine_created_at_idx').on(table.createdAt, table.id)],
);

/** Files of the import folder, by content hash, so each file is imported once. */
export const mailImportFiles = pgTable(
  'mail_import_files',
  {
    sha256: text().primaryKey(),
    fileName: text().notNull(),
    folder: text().notNull(),
    status: importFileStatusEnum().notNull().default('PROCESSING'),
    /** End of the claim of the process importing the file; after it another may take over. */
    claimedUntil: timestamp({ withTimezone: true }),
    counts: jsonb()
      .$type<OutcomeCounts>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    error: text(),
    /** Path the file was moved to after import, in the done/ or failed/ subfolder. */
    movedTo: text(),
    createdAt: instant().notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (table) => [index('mail_import_files_folder_idx').on(table.folder, table.createdAt)],
);

/** The last scans of an import folder. */
export const mailImportFolderStates = pgTable('mail_import_folder_states', {
  folder: text().primaryKey(),
  lastScanAt: timestamp({ withTimezone: true }),
  lastSuccessAt: timestamp({ withTimezone: true }),
  lastError: text(),
  lastErrorAt: timestamp({ withTimezone: true }),
  /** Files found waiting at the last scan. */
  pendingFiles: integer().notNull().default(0),
});

/**
 * Addresses that mail bounced from, one row per lower-case address, so every site holding one
 * shows that it bounces. Only failed recipients that a site held when the bounce was imported are
 * recorded, and the address itself stays on its sites.
 * A manager deletes the record with `clearEmailBounce` once the address works again.
 */
export const emailBounces = pgTable('email_bounces', {
  email: text().primaryKey(),
  /** Distinct bounce messages imported for the address; a DUPLICATE copy adds nothing. */
  bounceCount: integer().notNull(),
  firstBouncedAt: instant().notNull(),
  lastBouncedAt: instant().notNull(),
  /** Enhanced status code of the latest bounce, such as 5.1.1; null when the report gave none. */
  lastStatus: text(),
  lastEmailId: uuid().references(() => importedEmails.id, { onDelete: 'set null' }),
});
