import { resolveArrayConnection } from '@pothos/plugin-relay';
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/client.js';
import { ValidationError } from '../errors.js';

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export const DEFAULT_PAGE_SIZE = 20;

/** Returns the requested page size, rejecting sizes above the server's maximum. */
export function requestedPageSize(args: PageArgs, maxPageSize: number): number {
  for (const field of ['first', 'last'] as const) {
    const size = args[field];
    if (size === null || size === undefined) continue;
    if (size < 0 || size > maxPageSize) {
      throw ValidationError.of(
        field,
        size,
        `page size must be between 0 and ${maxPageSize}; request at most ${maxPageSize} and page on with the cursor`,
      );
    }
  }

  return args.first ?? args.last ?? DEFAULT_PAGE_SIZE;
}

/** Passes a JavaScript array as one array parameter, so the SQL text is the same for any size. */
export function anyOf(column: SQLWrapper, values: readonly string[]): SQL {
  return sql`${column} = any(${sql.param(values)}::uuid[])`;
}

/** Reads an offset cursor created by `resolveArrayConnection`, or 0 when absent. */
function offsetOf(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const decoded = Buffer.from(cursor, 'base64').toString();
  const offset = Number(decoded.split(':')[1]);
  if (!Number.isInteger(offset) || offset < 0) {
    throw ValidationError.of('after', cursor, 'unknown cursor; pass an endCursor from this list');
  }

  return offset + 1;
}

export interface GroupedPageQuery<T extends PgTable> {
  table: T;
  idColumn: PgColumn;
  parentColumn: PgColumn;
  /** Name of the parent id property on a row, such as `partnerId`. */
  parentKey: keyof T['$inferSelect'] & string;
  parentIds: readonly string[];
  orderBy: SQL;
  where?: SQL;
  args: PageArgs;
  maxPageSize: number;
}

/**
 * Loads one page of children for many parents in a single statement (a window function
 * numbers each parent's rows), then builds a Relay connection per parent in `parentIds` order.
 */
export async function loadGroupedPages<T extends PgTable>(
  db: Executor,
  query: GroupedPageQuery<T>,
) {
  if (query.args.last || query.args.before) {
    throw ValidationError.of(
      'last',
      query.args.last,
      'nested lists page forward only; use first and after',
    );
  }
  const size = requestedPageSize(query.args, query.maxPageSize);
  const rowLimit = offsetOf(query.args.after) + size + 1;
  const filter = query.where ? sql` and ${query.where}` : sql``;
  const firstRows = sql`select ${query.idColumn} as id, row_number() over (
      partition by ${query.parentColumn} order by ${query.orderBy}) as row_number
    from ${query.table} where ${anyOf(query.parentColumn, query.parentIds)}${filter}`;
  const rows = (await db
    .select()
    .from(query.table as PgTable)
    .where(
      sql`${query.idColumn} in (select id from (${firstRows}) numbered where row_number <= ${rowLimit})`,
    )
    .orderBy(query.orderBy)) as T['$inferSelect'][];

  const byParent = new Map<string, T['$inferSelect'][]>();
  for (const row of rows) {
    const key = row[query.parentKey] as string;
    const list = byParent.get(key) ?? [];
    list.push(row);
    byParent.set(key, list);
  }

  return query.parentIds.map((id) =>
    resolveArrayConnection(
      { args: query.args, maxSize: query.maxPageSize },
      byParent.get(id) ?? [],
    ),
  );
}
