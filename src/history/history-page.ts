import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { NotFoundError } from '../errors.js';
import { partners } from '../partners/tables.js';
import type { HistoryCursor } from './history-cursor.js';
import { HISTORY_SOURCES, type HistorySource } from './history-sources.js';

export interface HistoryEntry {
  /** The instant, exactly as stored, in UTC with microseconds; the cursor carries it. */
  occurredAtText: string;
  occurredAt: Date;
  kind: string;
  /** GraphQL type of the linked record. */
  typename: string;
  /** Id of the linked record. */
  id: string;
  title: string;
  summary: string;
}

export interface HistoryQuery {
  partnerId: string;
  /** The kinds to include; all when null. */
  kinds: readonly string[] | null;
  /** Inclusive start of the period. */
  from: Date | null;
  /** Exclusive end of the period. */
  to: Date | null;
}

export interface HistoryPageBounds {
  after: HistoryCursor | null;
  before: HistoryCursor | null;
  limit: number;
  /** True to read oldest first, for `last`/`before` pages. */
  ascending: boolean;
}

const ENTRY_KEY = sql`(b.occurred_at, b.kind, b.id)`;

function cursorTuple(cursor: HistoryCursor): SQL {
  return sql`(${cursor.occurredAt}::timestamptz, ${cursor.kind}::text, ${cursor.id}::uuid)`;
}

/** Builds the conditions every branch applies: the period and the keyset bounds. */
function branchConditions(query: HistoryQuery, page: HistoryPageBounds): SQL {
  const conditions: SQL[] = [sql`b.occurred_at is not null`];
  if (query.from) conditions.push(sql`b.occurred_at >= ${query.from.toISOString()}::timestamptz`);
  if (query.to) conditions.push(sql`b.occurred_at < ${query.to.toISOString()}::timestamptz`);
  // Newest first: entries after a cursor are older, entries before it are newer.
  if (page.after) conditions.push(sql`${ENTRY_KEY} < ${cursorTuple(page.after)}`);
  if (page.before) conditions.push(sql`${ENTRY_KEY} > ${cursorTuple(page.before)}`);

  return sql.join(conditions, sql` and `);
}

function branch(source: HistorySource, query: HistoryQuery, page: HistoryPageBounds, order: SQL) {
  const partnerId = sql`${query.partnerId}::uuid`;

  return sql`(select b.occurred_at, b.kind, b.id, b.typename, b.title, b.summary
    from (select s.occurred_at, ${source.kind}::text as kind, s.id,
      ${source.typename}::text as typename, s.title::text as title,
      s.summary::text as summary from (${source.select(partnerId)}) s) b
    where ${branchConditions(query, page)} order by ${order} limit ${page.limit})`;
}

/**
 * Reads one page of a partner's history in one statement: a UNION ALL of the sources, each
 * filtered and cut to the page size on its own, merged in (occurred at, kind, id) order. The
 * partner row is joined so that an unknown partner is distinguished from an empty history.
 */
export async function loadHistoryPage(
  db: Executor,
  query: HistoryQuery,
  page: HistoryPageBounds,
): Promise<HistoryEntry[]> {
  const direction = page.ascending ? sql`asc` : sql`desc`;
  const order = sql`occurred_at ${direction}, kind ${direction}, id ${direction}`;
  const sources = HISTORY_SOURCES.filter(
    (source) => !query.kinds || query.kinds.includes(source.kind),
  );
  const union = sources.length
    ? sql.join(
        sources.map((source) => branch(source, query, page, order)),
        sql` union all `,
      )
    : sql`select null::timestamptz, null::text, null::uuid, null::text, null::text, null::text
        where false`;

  const rows = await db.execute<{
    occurred_at_text: string | null;
    kind: string | null;
    id: string | null;
    typename: string | null;
    title: string | null;
    summary: string | null;
  }>(sql`select to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at_text,
      e.kind, e.id, e.typename, e.title, e.summary
    from ${partners} p left join lateral (
      select * from (${union}) u (occurred_at, kind, id, typename, title, summary)
      order by ${order} limit ${page.limit}
    ) e on true
    where p.id = ${query.partnerId}::uuid
    order by e.occurred_at ${direction}, e.kind ${direction}, e.id ${direction}`);

  if (rows.length === 0) throw new NotFoundError('partner', query.partnerId, 'partnerId');

  return rows.flatMap((row) =>
    row.id
      ? [
          {
            occurredAtText: row.occurred_at_text!,
            occurredAt: new Date(row.occurred_at_text!),
            kind: row.kind!,
            typename: row.typename!,
            id: row.id,
            title: row.title ?? '',
            summary: row.summary ?? '',
          },
        ]
      : [],
  );
}
