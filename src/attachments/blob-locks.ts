import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';

/**
 * Transaction-level advisory locks on a blob's SHA-256. An upload takes the shared lock before it
 * moves the blob into place and keeps it until its `files` row commits; the sweep deletes a blob
 * only while it holds the exclusive lock and sees no row, so it never removes a blob that an
 * upload of the same content is about to name.
 */
function blobLockKey(sha256: string) {
  return sql`hashtextextended(${`file blob ${sha256}`}, 0)`;
}

/** Waits for the shared lock of a blob, held until the transaction ends. */
export async function lockBlobShared(tx: Executor, sha256: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${blobLockKey(sha256)})`);
}

/** Takes the exclusive lock of a blob until the transaction ends; false when an upload holds it. */
export async function tryLockBlob(tx: Executor, sha256: string): Promise<boolean> {
  const rows = await tx.execute<{ locked: boolean }>(
    sql`select pg_try_advisory_xact_lock(${blobLockKey(sha256)}) as locked`,
  );

  return rows[0]?.locked === true;
}
