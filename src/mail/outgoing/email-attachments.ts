import type { Readable } from 'node:stream';
import { asc, eq, inArray } from 'drizzle-orm';
import type { FileStore } from '../../attachments/file-store.js';
import { formatBytes } from '../../attachments/file-metadata.js';
import { files } from '../../attachments/tables.js';
import type { Executor } from '../../db/client.js';
import { ValidationError } from '../../errors.js';
import { emailAttachments } from './tables.js';

/** Files one email may carry. */
export const MAX_EMAIL_ATTACHMENTS = 20;

/**
 * Total bytes of the files one email may carry: 18 MiB, which Base64 turns into a message of
 * about 24 MiB. NOTE: the figure is a guess, not read from any server. A server that accepts
 * less rejects the message with a 552 reply, and the email is marked FAILED.
 */
export const MAX_EMAIL_ATTACHMENT_BYTES = 18 * 1024 * 1024;

/** A stored file opened for sending; the sender must consume or destroy `content`. */
export interface OutgoingAttachment {
  fileId: string;
  filename: string;
  contentType: string;
  size: number;
  content: Readable;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks the ids of stored files (as `FileStore.storeFile` returns them) that an email is to
 * carry: at most 20, no repeats, each stored, and together at most `maxBytes`. Raises
 * ValidationError naming `attachments` or `attachments.N`, the value and the fix.
 */
export async function checkEmailAttachments(
  db: Executor,
  fileIds: string[],
  maxBytes = MAX_EMAIL_ATTACHMENT_BYTES,
): Promise<void> {
  if (fileIds.length > MAX_EMAIL_ATTACHMENTS) {
    throw ValidationError.of(
      'attachments',
      fileIds.length,
      `must list at most ${MAX_EMAIL_ATTACHMENTS} files; send the others in another email`,
    );
  }
  fileIds.forEach(checkFileId);
  if (fileIds.length === 0) return;

  const rows = await db
    .select({ id: files.id, size: files.size })
    .from(files)
    .where(inArray(files.id, fileIds));
  const sizes = new Map(rows.map((row) => [row.id, row.size]));
  fileIds.forEach((id, index) => {
    if (!sizes.has(id.toLowerCase())) {
      throw ValidationError.of(
        `attachments.${index}`,
        id,
        'no stored file has this id; upload the file first and send the id it returns',
      );
    }
  });
  const total = [...sizes.values()].reduce((sum, size) => sum + size, 0);
  if (total > maxBytes) {
    throw ValidationError.of(
      'attachments',
      `${total} bytes`,
      `the files total ${total} bytes, more than the limit of ${formatBytes(maxBytes)} (${maxBytes} bytes) per email; send some of them in another email`,
    );
  }
}

function checkFileId(id: string, index: number, all: string[]): void {
  if (!UUID.test(id)) {
    throw ValidationError.of(
      `attachments.${index}`,
      id,
      'must be the id of a stored file, a UUID such as 0b6f1c2e-5d4a-4f7e-9c1b-2a3d4e5f6a7b',
    );
  }
  const first = all.findIndex((other) => other.toLowerCase() === id.toLowerCase());
  if (first !== index) {
    throw ValidationError.of(
      `attachments.${index}`,
      id,
      `repeats attachments.${first}; list each file once`,
    );
  }
}

/** Records the files of a queued email in their order; run `checkEmailAttachments` first. */
export async function recordEmailAttachments(
  tx: Executor,
  emailId: string,
  fileIds: string[],
): Promise<void> {
  if (fileIds.length === 0) return;

  await tx
    .insert(emailAttachments)
    .values(fileIds.map((fileId, position) => ({ emailId, position, fileId })));
}

/**
 * Opens the files of an email from the content-addressed store, in their order. Raises
 * NotFoundError when a file's content is missing from the store, after closing the files
 * already opened.
 */
export async function openEmailAttachments(
  db: Executor,
  store: FileStore,
  emailId: string,
): Promise<OutgoingAttachment[]> {
  const rows = await db
    .select({ fileId: emailAttachments.fileId })
    .from(emailAttachments)
    .where(eq(emailAttachments.emailId, emailId))
    .orderBy(asc(emailAttachments.position));
  const opened: OutgoingAttachment[] = [];
  try {
    for (const row of rows) {
      const { file, stream } = await store.openFile(db, row.fileId);
      opened.push({
        fileId: file.id,
        filename: file.filename,
        contentType: file.contentType,
        size: file.size,
        content: stream,
      });
    }
  } catch (error) {
    for (const attachment of opened) attachment.content.destroy();
    throw error;
  }

  return opened;
}
