import { and, inArray, lt, notExists, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { BlobSweepOutcome, FileStore } from './file-store.js';
import { files } from './tables.js';

/**
 * Every column that names a `files` row, as table and column names in the database. A row none
 * of them names is unreferenced; a test compares this list with the foreign keys to `files`.
 */
export const FILE_REFERENCES = [
  { table: 'attachments', column: 'file_id' },
  { table: 'mail_quarantine', column: 'raw_file_id' },
  { table: 'email_attachments', column: 'file_id' },
] as const;

// Aliased and qualified, because Drizzle leaves column names unqualified in a one-table query.
function unreferenced() {
  return and(
    ...FILE_REFERENCES.map(({ table, column }) =>
      notExists(
        sql`(select 1 from ${sql.identifier(table)} ref where ref.${sql.identifier(column)} = ${files}.id)`,
      ),
    ),
  );
}

export interface RowSweepResult {
  /** `files` rows deleted. */
  rows: number;
  /** Blobs deleted because the last row naming them went. */
  blobs: number;
  /** True when the batch was full, so more unreferenced rows may wait. */
  more: boolean;
}

/**
 * Deletes up to `limit` `files` rows that nothing references and that were created before
 * `before`, then the blobs that no row names any more. Rows are locked first and checked again
 * in a second statement, so an attachment that commits meanwhile keeps its file: inserting it
 * takes a key-share lock on the row, which waits for this transaction, or commits before the
 * check sees it.
 */
export async function sweepUnreferencedRows(
  db: Database,
  store: FileStore,
  options: { before: Date; limit: number },
): Promise<RowSweepResult> {
  const { found, deleted } = await db.transaction(async (tx) => {
    const candidates = await tx
      .select({ id: files.id })
      .from(files)
      .where(and(lt(files.createdAt, options.before), unreferenced()))
      .orderBy(files.createdAt, files.id)
      .limit(options.limit)
      .for('update', { skipLocked: true });
    if (candidates.length === 0) return { found: 0, deleted: [] };

    const ids = candidates.map((row) => row.id);
    const rows = await tx
      .delete(files)
      .where(and(inArray(files.id, ids), unreferenced()))
      .returning({ id: files.id, sha256: files.sha256 });

    return { found: candidates.length, deleted: rows };
  });

  let blobs = 0;
  for (const sha256 of new Set(deleted.map((row) => row.sha256))) {
    const outcome = await store.removeUnreferencedBlob(db, sha256, options.before);
    if (outcome === 'REMOVED') blobs += 1;
  }

  return { rows: deleted.length, blobs, more: found === options.limit };
}

/**
 * Deletes the blobs of one shard (digests starting with the hex digit `shard`) that no `files`
 * row names and that were last written before `before`. Such blobs come from uploads whose
 * transaction rolled back, or from a crash between the move and the commit. Returns the count.
 */
export async function sweepOrphanBlobs(
  db: Database,
  store: FileStore,
  options: { shard: string; before: Date; chunk?: number },
): Promise<number> {
  const digests = await store.listBlobs(options.shard);
  const chunk = options.chunk ?? 500;
  let removed = 0;

  for (let start = 0; start < digests.length; start += chunk) {
    const batch = digests.slice(start, start + chunk);
    const named = await db
      .selectDistinct({ sha256: files.sha256 })
      .from(files)
      .where(inArray(files.sha256, batch));
    const namedSet = new Set(named.map((row) => row.sha256));
    for (const sha256 of batch.filter((digest) => !namedSet.has(digest))) {
      const outcome: BlobSweepOutcome = await store.removeUnreferencedBlob(
        db,
        sha256,
        options.before,
      );
      if (outcome === 'REMOVED') removed += 1;
    }
  }

  return removed;
}
