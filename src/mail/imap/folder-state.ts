import { and, eq, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { imapFolderStates, type OutcomeCounts } from './tables.js';

export type FolderStateRow = typeof imapFolderStates.$inferSelect;

export interface FolderKey {
  mailboxId: string;
  folder: string;
}

function whereKey(key: FolderKey) {
  return and(
    eq(imapFolderStates.mailboxId, key.mailboxId),
    eq(imapFolderStates.folder, key.folder),
  );
}

/**
 * Takes the folder for one sync until `leaseMs` from now, creating its state on first use.
 * Returns null when another worker holds an unexpired lease.
 */
export async function claimFolder(
  db: Executor,
  key: FolderKey,
  leaseMs: number,
): Promise<FolderStateRow | null> {
  const lease = sql`now() + ${`${leaseMs} milliseconds`}::interval`;
  const values = { lastSyncStartedAt: new Date(), syncLeaseUntil: lease };
  const [row] = await db
    .insert(imapFolderStates)
    .values({ ...key, ...values })
    .onConflictDoUpdate({
      target: [imapFolderStates.mailboxId, imapFolderStates.folder],
      set: values,
      setWhere: or(
        sql`${imapFolderStates.syncLeaseUntil} is null`,
        sql`${imapFolderStates.syncLeaseUntil} < now()`,
      ),
    })
    .returning();

  return row ?? null;
}

export async function readFolderState(db: Executor, key: FolderKey): Promise<FolderStateRow> {
  const [row] = await db.select().from(imapFolderStates).where(whereKey(key));

  return row!;
}

/**
 * Starts the folder over under a new UIDVALIDITY: the old UIDs mean nothing any more, so the
 * cursor goes back to 0 and the change is kept for the status report.
 */
export async function restartUnderUidValidity(
  db: Executor,
  key: FolderKey,
  state: FolderStateRow,
  uidValidity: number,
): Promise<void> {
  const changed = state.uidValidity !== null;
  await db
    .update(imapFolderStates)
    .set({
      uidValidity,
      lastUid: 0,
      ...(changed
        ? { previousUidValidity: state.uidValidity, uidValidityChangedAt: new Date() }
        : {}),
      updatedAt: new Date(),
    })
    .where(whereKey(key));
}

/** Moves the cursor past `uid`, only forward and only under the same UIDVALIDITY. */
export async function advanceCursor(
  db: Executor,
  key: FolderKey,
  uidValidity: number,
  uid: number,
): Promise<void> {
  await db
    .update(imapFolderStates)
    .set({ lastUid: sql`greatest(${imapFolderStates.lastUid}, ${uid})`, updatedAt: new Date() })
    .where(and(whereKey(key), eq(imapFolderStates.uidValidity, uidValidity)));
}

/** Records the end of a sync and releases the folder. */
export async function finishFolderSync(
  db: Executor,
  key: FolderKey,
  outcome: { counts: OutcomeCounts } | { error: string },
): Promise<void> {
  const now = new Date();
  const values =
    'error' in outcome
      ? { lastError: outcome.error, lastErrorAt: now }
      : { lastSuccessAt: now, lastError: null, lastRunCounts: outcome.counts };
  await db
    .update(imapFolderStates)
    .set({ ...values, syncLeaseUntil: null, updatedAt: now })
    .where(whereKey(key));
}
