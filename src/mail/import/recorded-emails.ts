import { and, eq, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { MailAttachment } from '../types.js';
import type { EmailFileStore } from './email-files.js';
import { storableContent } from './email-values.js';
import { importedEmails, type ImportStatus } from './tables.js';

export interface RecordedEmail {
  id: string;
  status: ImportStatus;
  taskId: string | null;
  duplicateOfId: string | null;
}

const recordedColumns = {
  id: importedEmails.id,
  status: importedEmails.status,
  taskId: importedEmails.taskId,
  duplicateOfId: importedEmails.duplicateOfId,
};

/**
 * Serializes imports of the same key until the transaction ends, so two workers reading the
 * same source or the same message at once record it once.
 */
export async function lockImportKey(db: Executor, key: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

/** Returns the email recorded from a source, or null. */
export async function findBySource(db: Executor, sourceKey: string): Promise<RecordedEmail | null> {
  const [row] = await db
    .select(recordedColumns)
    .from(importedEmails)
    .where(eq(importedEmails.sourceKey, sourceKey));

  return row ?? null;
}

/** Deletes a FAILED record of a source, with its quarantine entry, before importing it again. */
export async function clearFailedSource(db: Executor, sourceKey: string): Promise<void> {
  await db
    .delete(importedEmails)
    .where(and(eq(importedEmails.sourceKey, sourceKey), eq(importedEmails.status, 'FAILED')));
}

/** Returns the email that owns a dedupe key: the first copy recorded, which is no DUPLICATE. */
export async function findDedupeOwner(
  db: Executor,
  dedupeKey: string,
): Promise<RecordedEmail | null> {
  const [row] = await db
    .select(recordedColumns)
    .from(importedEmails)
    .where(and(eq(importedEmails.dedupeKey, dedupeKey), ne(importedEmails.status, 'DUPLICATE')));

  return row ?? null;
}

/**
 * Stores the attachments that carry bytes and attaches each to the email and, when it has one,
 * its task. Name-only attachments and those past the store's limit are listed on the email only.
 */
export async function storeEmailAttachments(
  db: Executor,
  files: EmailFileStore,
  attachments: MailAttachment[],
  emailId: string,
  taskId: string | null,
): Promise<void> {
  for (const attachment of attachments) {
    const { content } = storableContent(attachment, files.maxBytes);
    if (!content) continue;

    const fileId = await files.storeFile(db, {
      bytes: content,
      filename: attachment.filename,
      contentType: attachment.contentType,
    });
    await files.attach(db, fileId, { type: 'EMAIL', id: emailId });
    if (taskId) await files.attach(db, fileId, { type: 'TASK', id: taskId });
  }
}
