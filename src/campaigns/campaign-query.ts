import { and, gte, lte, or, sql } from 'drizzle-orm';
import { builder } from '../graphql/builder.js';
import { resolveKeysetConnection } from '../graphql/keyset.js';
import { escapeLike } from '../partners/search-text.js';
import { CampaignRef } from './campaign-node.js';
import type { CampaignRow } from './service.js';
import { campaigns } from './tables.js';

const CampaignFilter = builder.inputType('CampaignFilter', {
  fields: (t) => ({
    text: t.string({
      required: false,
      description: 'Part of the name, objective or segment, ignoring case.',
    }),
    activeOn: t.field({
      type: 'Date',
      required: false,
      description: 'Only campaigns running on that day, both ends included.',
    }),
  }),
});

function textCondition(text: string | null | undefined) {
  if (!text?.trim()) return undefined;

  const pattern = `%${escapeLike(text.trim())}%`;

  return or(
    sql`${campaigns.name} ilike ${pattern}`,
    sql`${campaigns.objective} ilike ${pattern}`,
    sql`${campaigns.segment} ilike ${pattern}`,
  );
}

builder.queryField('campaigns', (t) =>
  t.connection({
    type: CampaignRef,
    description: 'Campaigns by name.',
    args: { filter: t.arg({ type: CampaignFilter, required: false }) },
    resolve: (_root, args, context) =>
      resolveKeysetConnection(
        args,
        context.maxPageSize,
        {
          key: campaigns.name,
          id: campaigns.id,
          descending: false,
          cursorOf: (row: CampaignRow) => [row.name, row.id],
        },
        ({ where, orderBy, limit }) => {
          const activeOn = args.filter?.activeOn;

          return context.db
            .select()
            .from(campaigns)
            .where(
              and(
                where,
                textCondition(args.filter?.text),
                activeOn ? lte(campaigns.startsOn, activeOn) : undefined,
                activeOn ? gte(campaigns.endsOn, activeOn) : undefined,
              ),
            )
            .orderBy(...orderBy)
            .limit(limit);
        },
      ),
  }),
);
