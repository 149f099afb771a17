import { and, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import { builder } from '../graphql/builder.js';
import { type KeysetSort, resolveKeysetConnection } from '../graphql/keyset.js';
import { COUNTIES } from './counties.js';
import { nodeIdSchema } from './input-schemas.js';
import { partnerFilterCondition, PartnerFilter } from './partner-filter.js';
import { PartnerRef } from './partner-type.js';
import type { PartnerRow } from './partner-values.js';
import { partners } from './tables.js';

/** Sort keys. An unknown turnover or employee count sorts as -1, below every real value. */
const SORT_KEYS = {
  NAME: partners.name,
  TURNOVER: sql`coalesce(${partners.turnover}, -1)`,
  EMPLOYEE_COUNT: sql`coalesce(${partners.employeeCount}, -1)`,
  CREATED_AT: partners.createdAt,
} as const;

const PartnerOrderEnum = builder.enumType('PartnerOrderBy', {
  description: 'Partner list order; unknown turnovers and employee counts sort below zero.',
  values: [
    'NAME_ASC',
    'NAME_DESC',
    'TURNOVER_ASC',
    'TURNOVER_DESC',
    'EMPLOYEE_COUNT_ASC',
    'EMPLOYEE_COUNT_DESC',
    'CREATED_AT_ASC',
    'CREATED_AT_DESC',
  ] as const,
});

type SortedPartner = PartnerRow & { sortKey: string };

/** Builds the keyset sort for an order. The cursor keeps the key as text, so no precision is lost. */
function sortFor(order: string): { sort: KeysetSort<SortedPartner>; key: SQL } {
  const field = order.replace(/_(ASC|DESC)$/, '') as keyof typeof SORT_KEYS;
  const key = sql`${SORT_KEYS[field]}`;
  const sort = {
    key,
    id: partners.id,
    descending: order.endsWith('_DESC'),
    cursorOf: (row: SortedPartner): [string, string] => [row.sortKey, row.id],
  };

  return { sort, key };
}

builder.queryField('partners', (t) =>
  t.connection({
    type: PartnerRef,
    args: {
      filter: t.arg({ type: PartnerFilter, required: false }),
      orderBy: t.arg({ type: PartnerOrderEnum, required: false, defaultValue: 'NAME_ASC' }),
    },
    resolve: (_root, args, context) => {
      const { sort, key } = sortFor(args.orderBy ?? 'NAME_ASC');
      const filter = partnerFilterCondition(args.filter);

      return resolveKeysetConnection(args, context.maxPageSize, sort, (page) =>
        context.db
          .select({ ...getTableColumns(partners), sortKey: sql<string>`(${key})::text` })
          .from(partners)
          .where(and(page.where, filter))
          .orderBy(...page.orderBy)
          .limit(page.limit),
      );
    },
  }),
);

builder.queryField('partner', (t) =>
  t.field({
    type: PartnerRef,
    nullable: true,
    description: 'The partner with this id, or null when there is none.',
    args: { id: t.arg.id().validate(nodeIdSchema('Partner')) },
    resolve: async (_root, args, context) => {
      const [row] = await context.db.select().from(partners).where(eq(partners.id, args.id));

      return row ?? null;
    },
  }),
);

const CountyRef = builder.objectRef<{ code: string; name: string }>('County').implement({
  description: 'A Romanian county (judeţ) or Bucharest.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Two-letter code, B for Bucharest.' }),
    name: t.exposeString('name'),
  }),
});

builder.queryField('counties', (t) =>
  t.field({
    type: [CountyRef],
    description: 'The 41 counties and Bucharest, accepted by code or name wherever a county is.',
    resolve: () => Object.entries(COUNTIES).map(([code, name]) => ({ code, name })),
  }),
);
