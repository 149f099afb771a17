import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { files } from '../../attachments/tables.js';
import { users } from '../../auth/tables.js';

export const smtpSecurityEnum = pgEnum('smtp_security', ['NONE', 'STARTTLS', 'TLS']);
export const emailStatusEnum = pgEnum('email_status', ['QUEUED', 'SENT', 'FAILED']);

/** Millisecond precision, so a keyset cursor built from a JavaScript Date matches its row. */
const instant = () => timestamp({ withTimezone: true, precision: 3 });

/** SMTP servers configured by admins; users send through them with their own mailbox login. */
export const smtpServers = pgTable(
  'smtp_servers',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull().unique(),
    host: text().notNull(),
    port: integer().notNull(),
    security: smtpSecurityEnum().notNull(),
    /** From address of emails the system sends on its own, such as reminders. */
    senderAddress: text().notNull(),
    /** Login for emails the system sends on its own; null sends without authentication. */
    username: text(),
    /** AES-256-GCM ciphertext of the system login's password (see password-cipher.ts). */
    passwordEncrypted: text(),
    /** The server that emails sent by the system itself go through. */
    isDefault: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('smtp_servers_one_default_idx')
      .on(table.isDefault)
      .where(sql`is_default`),
  ],
);

/** Each user's own mailbox login on one of the SMTP servers. */
export const userMailboxes = pgTable('user_mailboxes', {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  smtpServerId: uuid()
    .notNull()
    .references(() => smtpServers.id, { onDelete: 'restrict' }),
  /** From address of the user's emails. */
  emailAddress: text().notNull(),
  username: text().notNull(),
  passwordEncrypted: text().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Every outgoing email, from queueing to its outcome. The message itself is kept so the
 * delivery job can send it. `message_id` is fixed at queueing, so a duplicate send carries
 * the same Message-ID and the recipient can see it.
 */
export const emailLog = pgTable(
  'email_log',
  {
    id: uuid().primaryKey().defaultRandom(),
    messageId: text().notNull().unique(),
    senderUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    smtpServerId: uuid().references(() => smtpServers.id, { onDelete: 'set null' }),
    fromAddress: text().notNull(),
    toAddresses: text().array().notNull(),
    ccAddresses: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    subject: text().notNull(),
    bodyText: text().notNull(),
    bodyHtml: text(),
    headers: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** GraphQL type name of the record the email is about, such as `Partner`. */
    relatedType: text(),
    relatedId: uuid(),
    status: emailStatusEnum().notNull().default('QUEUED'),
    attempts: integer().notNull().default(0),
    /** The SMTP server's last reply, or the network error when there was none. */
    lastAnswer: text(),
    lastResponseCode: integer(),
    queuedAt: instant().notNull().defaultNow(),
    nextAttemptAt: timestamp({ withTimezone: true }),
    sentAt: timestamp({ withTimezone: true }),
    failedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    index('email_log_queued_idx').on(table.queuedAt, table.id),
    index('email_log_status_idx').on(table.status, table.queuedAt, table.id),
    index('email_log_related_idx').on(table.relatedType, table.relatedId, table.queuedAt),
    index('email_log_stale_idx')
      .on(table.nextAttemptAt)
      .where(sql`status = 'QUEUED'`),
  ],
);

/**
 * The stored files an outgoing email carries, in order, fixed when it is queued. A file row
 * cannot be deleted while an email refers to it.
 */
export const emailAttachments = pgTable(
  'email_attachments',
  {
    emailId: uuid()
      .notNull()
      .references(() => emailLog.id, { onDelete: 'cascade' }),
    /** Order of the file in the message, from 0. */
    position: integer().notNull(),
    fileId: uuid()
      .notNull()
      .references(() => files.id, { onDelete: 'restrict' }),
  },
  (table) => [
    primaryKey({ columns: [table.emailId, table.position] }),
    uniqueIndex('email_attachments_email_file_idx').on(table.emailId, table.fileId),
    index('email_attachments_file_idx').on(table.fileId),
  ],
);
