import { and, eq, sql } from 'drizzle-orm';
import type { FileStore } from '../../attachments/file-store.js';
import { attachments } from '../../attachments/tables.js';
import type { Executor } from '../../db/client.js';

/** A record imported email files are attached to: the imported email or its task. */
export interface EmailFileRecord {
  type: 'EMAIL' | 'TASK';
  id: string;
}

export interface EmailFileInput {
  bytes: Buffer;
  filename: string;
  contentType: string;
}

/**
 * What the importer needs from the file store: keep bytes, attach them to records, and list
 * them again when an email from the review queue gets its task.
 */
export interface EmailFileStore {
  /** Largest file the store accepts, in bytes. */
  readonly maxBytes: number;
  /** Stores the bytes (once per distinct content) and returns the new file's id. */
  storeFile(db: Executor, file: EmailFileInput): Promise<string>;
  /** Attaches a stored file to a record; attaching it twice changes nothing. */
  attach(db: Executor, fileId: string, record: EmailFileRecord): Promise<void>;
  /** Returns the ids of the files attached to a record, oldest first. */
  attachedFileIds(db: Executor, record: EmailFileRecord): Promise<string[]>;
}

/**
 * Creates the email file store on the attachments feature: its content-addressed `FileStore`
 * and its `attachments` table. Rows are inserted directly because the attachments feature checks
 * that a record exists only through its record sources, which do not list imported emails.
 */
export function createEmailFileStore(store: FileStore): EmailFileStore {
  return {
    maxBytes: store.maxBytes,

    async storeFile(db, file) {
      const row = await store.storeFile(db, {
        bytes: file.bytes,
        filename: file.filename,
        contentType: file.contentType,
      });

      return row.id;
    },

    async attach(db, fileId, record) {
      await db
        .insert(attachments)
        .values({ fileId, recordType: record.type, recordId: record.id })
        .onConflictDoNothing();
    },

    async attachedFileIds(db, record) {
      const rows = await db
        .select({ fileId: attachments.fileId })
        .from(attachments)
        .where(and(eq(attachments.recordType, record.type), eq(attachments.recordId, record.id)))
        .orderBy(sql`${attachments.attachedAt}, ${attachments.id}`);

      return rows.map((row) => row.fileId);
    },
  };
}
