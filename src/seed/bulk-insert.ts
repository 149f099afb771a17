import type { PgInsertValue, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/client.js';

/**
 * Rows per INSERT statement. At about 25 columns a batch binds 25,000 parameters, well under
 * PostgreSQL's limit of 65,535 per statement.
 */
export const BATCH_SIZE = 1000;

/** Inserts rows in multi-row INSERT statements of at most `BATCH_SIZE` rows. */
export async function insertInBatches<T extends PgTable>(
  db: Executor,
  table: T,
  rows: readonly PgInsertValue<T>[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH_SIZE) {
    await db.insert(table).values(rows.slice(start, start + BATCH_SIZE));
  }
}
