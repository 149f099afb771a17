import { and, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { ValidationError } from '../errors.js';
import { builder } from '../graphql/builder.js';
import { globalIdOf } from '../graphql/global-id.js';
import { type KeysetSort, resolveKeysetConnection } from '../graphql/keyset.js';
import { OpportunityRef } from './opportunity-node.js';
import type { OpportunityRow } from './service.js';
import { StageEnum } from './stage-types.js';
import type { Stage } from './stages.js';
import { opportunities } from './tables.js';

const OpportunityOrder = builder.enumType('OpportunityOrder', {
  values: {
    EXPECTED_SIGN_ON_ASC: { description: 'Soonest expected signing first, undated ones last.' },
    EXPECTED_SIGN_ON_DESC: { description: 'Undated ones first, then the latest expected signing.' },
    VALUE_DESC: { description: 'Largest value first.' },
    WEIGHTED_VALUE_DESC: { description: 'Largest weighted value first.' },
  } as const,
});

type OrderName =
  'EXPECTED_SIGN_ON_ASC' | 'EXPECTED_SIGN_ON_DESC' | 'VALUE_DESC' | 'WEIGHTED_VALUE_DESC';

// Undated opportunities sort as if signed at the end of time, so the key is never NULL.
const expectedSignKey = sql`coalesce(${opportunities.expectedSignOn}, 'infinity'::date)`;
const expectedSignCursor = (row: OpportunityRow): [string, string] => [
  row.expectedSignOn ?? 'infinity',
  row.id,
];

const SORTS: Record<OrderName, KeysetSort<OpportunityRow>> = {
  EXPECTED_SIGN_ON_ASC: {
    key: expectedSignKey,
    id: opportunities.id,
    descending: false,
    cursorOf: expectedSignCursor,
  },
  EXPECTED_SIGN_ON_DESC: {
    key: expectedSignKey,
    id: opportunities.id,
    descending: true,
    cursorOf: expectedSignCursor,
  },
  VALUE_DESC: {
    key: opportunities.value,
    id: opportunities.id,
    descending: true,
    cursorOf: (row) => [row.value, row.id],
  },
  WEIGHTED_VALUE_DESC: {
    key: opportunities.weightedValue,
    id: opportunities.id,
    descending: true,
    cursorOf: (row) => [row.weightedValue, row.id],
  },
};

const OpportunityFilter = builder.inputType('OpportunityFilter', {
  fields: (t) => ({
    stage: t.field({ type: StageEnum, required: false }),
    ownerId: t.id({ required: false, validate: globalIdOf('Employee') }),
    partnerId: t.id({ required: false, validate: globalIdOf('Partner') }),
    campaignId: t.id({ required: false, validate: globalIdOf('Campaign') }),
    expectedSignFrom: t.field({ type: 'Date', required: false, description: 'Inclusive.' }),
    expectedSignTo: t.field({ type: 'Date', required: false, description: 'Inclusive.' }),
  }),
});

interface FilterValues {
  stage?: Stage | null;
  ownerId?: string | null;
  partnerId?: string | null;
  campaignId?: string | null;
  expectedSignFrom?: string | null;
  expectedSignTo?: string | null;
}

function filterConditions(filter: FilterValues | null | undefined): (SQL | undefined)[] {
  if (!filter) return [];

  const { expectedSignFrom: from, expectedSignTo: to } = filter;
  if (from && to && from > to) {
    throw ValidationError.of(
      'filter.expectedSignTo',
      to,
      `must not be before expectedSignFrom (${from}); swap the dates`,
    );
  }

  return [
    filter.stage ? eq(opportunities.stage, filter.stage) : undefined,
    filter.ownerId ? eq(opportunities.ownerId, filter.ownerId) : undefined,
    filter.partnerId ? eq(opportunities.partnerId, filter.partnerId) : undefined,
    filter.campaignId ? eq(opportunities.campaignId, filter.campaignId) : undefined,
    from ? gte(opportunities.expectedSignOn, from) : undefined,
    to ? lte(opportunities.expectedSignOn, to) : undefined,
  ];
}

builder.queryField('opportunities', (t) =>
  t.connection({
    type: OpportunityRef,
    args: {
      filter: t.arg({ type: OpportunityFilter, required: false }),
      orderBy: t.arg({
        type: OpportunityOrder,
        required: false,
        defaultValue: 'EXPECTED_SIGN_ON_ASC',
      }),
    },
    resolve: (_root, args, context) => {
      const conditions = filterConditions(args.filter);

      return resolveKeysetConnection(
        args,
        context.maxPageSize,
        SORTS[args.orderBy ?? 'EXPECTED_SIGN_ON_ASC'],
        ({ where, orderBy, limit }) =>
          context.db
            .select()
            .from(opportunities)
            .where(and(where, ...conditions))
            .orderBy(...orderBy)
            .limit(limit),
      );
    },
  }),
);
