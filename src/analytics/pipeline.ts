import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { ValidationError } from '../errors.js';
import { STAGES, type Stage } from '../opportunities/stages.js';
import { opportunities } from '../opportunities/tables.js';

export interface PipelineFilter {
  ownerId?: string | null;
  /** First expected signing date included, YYYY-MM-DD. */
  from?: string | null;
  /** Last expected signing date included, YYYY-MM-DD. */
  to?: string | null;
}

/** Count and sums of a group of opportunities, the sums as exact decimal strings. */
export interface PipelineTotals {
  count: number;
  value: string;
  weightedValue: string;
}

export interface PipelineSummary {
  total: PipelineTotals;
  /** Every stage in pipeline order, with zeros for stages without opportunities. */
  byStage: (PipelineTotals & { stage: Stage })[];
  /** Largest weighted value first. A null owner groups the opportunities without one. */
  byOwner: (PipelineTotals & { ownerId: string | null })[];
  /** By month of expected signing (YYYY-MM), earliest first, and null for undated ones. */
  byMonth: (PipelineTotals & {
    month: string | null;
    stages: (PipelineTotals & { stage: Stage })[];
  })[];
}

interface GroupRow {
  no_stage: number;
  no_owner: number;
  no_month: number;
  stage: Stage | null;
  owner_id: string | null;
  month: string | null;
  count: number;
  value: string;
  weighted_value: string;
}

function conditions(filter: PipelineFilter) {
  if (filter.from && filter.to && filter.from > filter.to) {
    throw ValidationError.of(
      'filter.to',
      filter.to,
      `must not be before filter.from (${filter.from}); swap the dates`,
    );
  }

  return and(
    filter.ownerId ? eq(opportunities.ownerId, filter.ownerId) : undefined,
    filter.from ? gte(opportunities.expectedSignOn, filter.from) : undefined,
    filter.to ? lte(opportunities.expectedSignOn, filter.to) : undefined,
  );
}

/**
 * Sums the pipeline by stage, by owner and by month of expected signing in one statement:
 * GROUPING SETS computes every breakdown in a single pass over the matching opportunities.
 */
export async function loadPipelineSummary(
  db: Executor,
  filter: PipelineFilter,
): Promise<PipelineSummary> {
  const where = conditions(filter);
  const rows = (await db.execute(sql`select
      grouping(stage) as no_stage, grouping(owner_id) as no_owner, grouping(month) as no_month,
      stage, owner_id, month, count(*)::int as count,
      coalesce(sum(value), 0.00) as value, coalesce(sum(weighted_value), 0.00) as weighted_value
    from (select ${opportunities.stage} as stage, ${opportunities.ownerId} as owner_id,
        to_char(${opportunities.expectedSignOn}, 'YYYY-MM') as month,
        ${opportunities.value} as value, ${opportunities.weightedValue} as weighted_value
      from ${opportunities} ${where ? sql`where ${where}` : sql``}) selected
    group by grouping sets ((), (stage), (owner_id), (month), (month, stage))
    order by weighted_value desc, value desc, owner_id nulls last`)) as unknown as GroupRow[];

  return toSummary(rows);
}

function totals(row: GroupRow | undefined): PipelineTotals {
  return {
    count: row?.count ?? 0,
    value: row?.value ?? '0.00',
    weightedValue: row?.weighted_value ?? '0.00',
  };
}

function toSummary(rows: GroupRow[]): PipelineSummary {
  const stageRows = rows.filter((row) => !row.no_stage && row.no_month);
  const monthRows = rows.filter((row) => row.no_stage && !row.no_month);
  const monthStageRows = rows.filter((row) => !row.no_stage && !row.no_month);
  const stageOrder = (row: GroupRow) => STAGES.indexOf(row.stage!);

  return {
    total: totals(rows.find((row) => row.no_stage && row.no_owner && row.no_month)),
    byStage: STAGES.map((stage) => ({
      stage,
      ...totals(stageRows.find((row) => row.stage === stage)),
    })),
    byOwner: rows
      .filter((row) => !row.no_owner)
      .map((row) => ({ ownerId: row.owner_id, ...totals(row) })),
    byMonth: monthRows
      .sort((a, b) => compareMonths(a.month, b.month))
      .map((row) => ({
        month: row.month,
        ...totals(row),
        stages: monthStageRows
          .filter((stageRow) => stageRow.month === row.month)
          .sort((a, b) => stageOrder(a) - stageOrder(b))
          .map((stageRow) => ({ stage: stageRow.stage!, ...totals(stageRow) })),
      })),
  };
}

function compareMonths(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;

  return a < b ? -1 : 1;
}
