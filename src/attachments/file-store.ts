import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import { NotFoundError } from '../errors.js';
import { moduleLogger } from '../logger.js';
import { toStoredContentType, toStoredFilename } from './file-metadata.js';
import { type BlobFolder, createBlobFolder, type FileContent } from './blob-folder.js';
import { lockBlobShared, tryLockBlob } from './blob-locks.js';
import { files } from './tables.js';

const log = moduleLogger('files');

/** 25 MiB, the same as the email importer's limit for keeping an attachment. */
export const DEFAULT_MAX_FILE_BYTES = 25 * 1024 * 1024;

export interface FileStoreOptions {
  /** The store folder, usually `DATA_DIR/files`; it is created when missing. */
  root: string;
  /** Largest file accepted, in bytes; default 25 MiB. */
  maxBytes?: number;
}

export type StoreFileInput = FileContent & {
  /** Untrusted file name; it is sanitized, and only kept as metadata. */
  filename: string | null | undefined;
  /** Untrusted Content-Type; anything but a valid `type/subtype` becomes octet-stream. */
  contentType?: string | null;
  /** The user who stored the file, if any. */
  createdById?: string | null;
};

export type FileRow = typeof files.$inferSelect;

export interface OpenedFile {
  file: FileRow;
  /** The content; the caller must consume or destroy it. */
  stream: Readable;
}

export interface FileStore {
  readonly root: string;
  readonly maxBytes: number;
  /**
   * Writes the content to the store (once per distinct content) and inserts its `files` row
   * with `db`. Raises ValidationError naming the file, its size and the limit when the content
   * is larger than `maxBytes`. When `db` is a transaction that rolls back, the blob stays on
   * disk without a row until the sweep removes it; identical content stored before then reuses it.
   */
  storeFile(db: Executor, input: StoreFileInput): Promise<FileRow>;
  /** Opens a stored file by id; raises NotFoundError for an unknown id or a missing blob. */
  openFile(db: Executor, id: string): Promise<OpenedFile>;
  /**
   * Deletes a blob that no `files` row names and that was last written before `before`, in a
   * transaction of its own that holds the blob's exclusive lock. Leaves the blob while an upload
   * of the same content holds the shared lock (BUSY).
   */
  removeUnreferencedBlob(db: Database, sha256: string, before: Date): Promise<BlobSweepOutcome>;
  /** Lists the SHA-256 of the stored blobs whose digest starts with the hex digit `shard`. */
  listBlobs(shard: string): Promise<string[]>;
  /** Deletes partial uploads in `tmp/` last written before `before`; returns the count. */
  removeStaleParts(before: Date): Promise<number>;
}

export type BlobSweepOutcome = 'REMOVED' | 'REFERENCED' | 'BUSY' | 'RECENT' | 'MISSING';

/**
 * Creates the content-addressed file store: blobs under `root`, metadata in `files`. What nothing
 * references any more is removed by the sweep jobs of `file-sweep-jobs.ts`.
 */
export function createFileStore(options: FileStoreOptions): FileStore {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const blobs: BlobFolder = createBlobFolder(options.root, maxBytes);

  return {
    root: options.root,
    maxBytes,

    async storeFile(db, input) {
      const filename = toStoredFilename(input.filename);
      const blob = await blobs.stage(input, filename);
      const values = {
        sha256: blob.sha256,
        size: blob.size,
        filename,
        contentType: toStoredContentType(input.contentType),
        createdById: input.createdById ?? null,
      };
      try {
        // A savepoint when `db` is a transaction: the shared lock then lasts until the caller's
        // transaction ends, so the sweep cannot take the blob before the row commits.
        const row = await db.transaction(async (tx) => {
          await lockBlobShared(tx, blob.sha256);
          await blob.place();
          const [inserted] = await tx.insert(files).values(values).returning();

          return inserted!;
        });
        log.info({ fileId: row.id, sha256: blob.sha256, size: blob.size }, 'file stored');

        return row;
      } finally {
        await blob.discard();
      }
    },

    async openFile(db, id) {
      const [file] = await db.select().from(files).where(eq(files.id, id)).limit(1);
      if (!file) throw new NotFoundError('file', id);

      const path = await blobs.existingPath(file.sha256);
      if (!path) {
        log.error({ fileId: id, sha256: file.sha256 }, 'stored file is missing from the store');
        throw new NotFoundError('file', id);
      }

      return { file, stream: createReadStream(path) };
    },

    removeUnreferencedBlob(db, sha256, before) {
      return db.transaction(async (tx): Promise<BlobSweepOutcome> => {
        if (!(await tryLockBlob(tx, sha256))) return 'BUSY';
        const [named] = await tx
          .select({ id: files.id })
          .from(files)
          .where(eq(files.sha256, sha256))
          .limit(1);
        if (named) return 'REFERENCED';

        const modifiedAt = await blobs.modifiedAt(sha256);
        if (!modifiedAt) return 'MISSING';
        if (modifiedAt >= before) return 'RECENT';
        await blobs.remove(sha256);
        log.info({ sha256 }, 'unreferenced blob removed');

        return 'REMOVED';
      });
    },

    listBlobs: (shard) => blobs.list(shard),
    removeStaleParts: (before) => blobs.removeStaleParts(before),
  };
}
