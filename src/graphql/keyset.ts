import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { ValidationError } from '../errors.js';
import { DEFAULT_PAGE_SIZE, type PageArgs, requestedPageSize } from './pagination.js';

export interface KeysetSort<Row> {
  /** Sort expression; it must never be NULL (wrap nullable columns in coalesce). */
  key: SQLWrapper;
  /** Tie-breaker that makes the order total, usually the primary key. */
  id: SQLWrapper;
  descending: boolean;
  /** Reads the sort key and id of a row, as the cursor stores them. */
  cursorOf: (row: Row) => [string | number, string];
}

export interface KeysetPage {
  /** Condition selecting rows after (or before) the cursor, or undefined on the first page. */
  where: SQL | undefined;
  orderBy: SQL[];
  limit: number;
}

function decodeCursor(cursor: string, field: string): [string | number, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[1] === 'string') {
      return value as [string | number, string];
    }
  } catch {
    // reported below
  }
  throw ValidationError.of(field, cursor, 'unknown cursor; pass a cursor from this list');
}

/**
 * Resolves a Relay connection with keyset pagination on (sort key, id): each page is one
 * indexed range scan however deep the client pages.
 */
export function resolveKeysetConnection<Row>(
  args: PageArgs,
  maxPageSize: number,
  sort: KeysetSort<Row>,
  loadPage: (page: KeysetPage) => Promise<Row[]>,
) {
  requestedPageSize(args, maxPageSize);

  return resolveCursorConnection(
    {
      args,
      maxSize: maxPageSize,
      defaultSize: DEFAULT_PAGE_SIZE,
      toCursor: (row: Row) => Buffer.from(JSON.stringify(sort.cursorOf(row))).toString('base64url'),
    },
    ({ before, after, limit, inverted }: ResolveCursorConnectionArgs) => {
      const descending = sort.descending !== inverted;
      const direction = descending ? sql`desc` : sql`asc`;
      const bounds: SQL[] = [];
      if (after) {
        const [key, id] = decodeCursor(after, 'after');
        bounds.push(
          sort.descending
            ? sql`(${sort.key}, ${sort.id}) < (${key}, ${id})`
            : sql`(${sort.key}, ${sort.id}) > (${key}, ${id})`,
        );
      }
      if (before) {
        const [key, id] = decodeCursor(before, 'before');
        bounds.push(
          sort.descending
            ? sql`(${sort.key}, ${sort.id}) > (${key}, ${id})`
            : sql`(${sort.key}, ${sort.id}) < (${key}, ${id})`,
        );
      }

      return loadPage({
        where: bounds.length > 0 ? sql.join(bounds, sql` and `) : undefined,
        orderBy: [sql`${sort.key} ${direction}`, sql`${sort.id} ${direction}`],
        limit,
      });
    },
  );
}
