import type { Transaction } from '../db/client.js';
import type { Stage } from './stages.js';
import { stageHistory } from './tables.js';

export type StageRow = typeof stageHistory.$inferSelect;

/** A stage row that was just inserted, with what a follow-up job needs to act on it. */
export interface StageChange {
  /** Id of the inserted stage row. */
  stageRowId: string;
  opportunityId: string;
  /** The stage before this row, or null when the opportunity was just created. */
  previousStage: Stage | null;
  stage: Stage;
  delegateId: string | null;
  followUpAt: Date | null;
  /** The user who made the change. */
  userId: string | null;
}

/**
 * Runs inside the transaction that inserted the stage rows, before it commits, so work it writes
 * with `tx` commits or rolls back with the stage change. An error it throws rolls the change back.
 */
export type StageChangedHandler = (changes: StageChange[], tx: Transaction) => Promise<void>;

const handlers = new Set<StageChangedHandler>();

/** Rows per INSERT, far below PostgreSQL's limit of 65,535 parameters per statement. */
const INSERT_BATCH_ROWS = 1000;

/** Registers a handler for new stage rows and returns a function that removes it. */
export function onStageChanged(handler: StageChangedHandler): () => void {
  handlers.add(handler);

  return () => handlers.delete(handler);
}

export interface NewStageRow {
  opportunityId: string;
  previousStage: Stage | null;
  stage: Stage;
  delegateId: string | null;
  notes: string | null;
  followUpAt: Date | null;
  userId: string | null;
}

/**
 * Inserts stage history rows and reports them to the stage-changed handlers. Every stage row is
 * written here, so this is the one place where a stage change becomes an event.
 */
export async function insertStageRows(tx: Transaction, rows: NewStageRow[]): Promise<StageRow[]> {
  const inserted: StageRow[] = [];
  for (let start = 0; start < rows.length; start += INSERT_BATCH_ROWS) {
    const batch = rows.slice(start, start + INSERT_BATCH_ROWS);
    const values = batch.map((row) => ({
      opportunityId: row.opportunityId,
      stage: row.stage,
      delegateId: row.delegateId,
      notes: row.notes,
      followUpAt: row.followUpAt,
      createdById: row.userId,
    }));
    inserted.push(...(await tx.insert(stageHistory).values(values).returning()));
  }
  if (inserted.length === 0) return inserted;

  // RETURNING order is not guaranteed, and each call has one row per opportunity.
  const previousStages = new Map(rows.map((row) => [row.opportunityId, row.previousStage]));
  const changes = inserted.map((row) => ({
    stageRowId: row.id,
    opportunityId: row.opportunityId,
    previousStage: previousStages.get(row.opportunityId) ?? null,
    stage: row.stage,
    delegateId: row.delegateId,
    followUpAt: row.followUpAt,
    userId: row.createdById,
  }));
  // NOTE: handlers run before the commit. Publishing "stage changed" to subscribers belongs after
  // the commit, so that a rolled-back change is never announced.
  for (const handler of handlers) await handler(changes, tx);

  return inserted;
}
