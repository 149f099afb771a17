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

/** Opens a postgres.js pool and the Drizzle client on it; every statement is counted. */
export function createDatabase(url: string, options: DatabaseOptions = {}) {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => undefined,
    debug: () => recordStatement(),
    // numeric stays a string so money never passes through a float
    types: { numeric: { to: 1700, from: [1700], serialize: String, parse: String } },
  });
  const db = drizzle(sql, { schema, casing: 'snake_case' });

  return { sql, db, close: () => sql.end({ timeout: 5 }) };
}
