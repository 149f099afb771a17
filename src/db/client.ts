import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { recordStatement } from './statement-counter.js';
import * as schema from './schema.js';

export type Database = ReturnType<typeof createDatabase>['db'];
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Executor = Database | Transaction;

export interface DatabaseOptions {
  /** Connections in the pool; default 10. */
  max?: number;
}

/** Opens a postgres.js pool and the Drizzle client on it; every Drizzle query is counted. */
export function createDatabase(url: string, options: DatabaseOptions = {}) {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => undefined,
    // numeric stays a string so money never passes through a float
    types: { numeric: { to: 1700, from: [1700], serialize: String, parse: String } },
  });
  // Drizzle logs each query synchronously in the caller's async context. postgres.js's `debug`
  // hook runs when a query is sent, and a query queued behind a busy pool is sent from another
  // async context, so it would be missed. Transaction control (begin, commit) bypasses Drizzle's
  // logger and is not counted.
  const db = drizzle(sql, {
    schema,
    casing: 'snake_case',
    logger: { logQuery: () => recordStatement() },
  });

  return { sql, db, close: () => sql.end({ timeout: 5 }) };
}
