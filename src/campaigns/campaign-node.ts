import { sql } from 'drizzle-orm';
import { builder } from '../graphql/builder.js';
import { anyOf, loadGroupedPages } from '../graphql/pagination.js';
import { PartnerRef } from '../partners/types.js';
import type { CampaignRow } from './service.js';
import { campaigns, campaignTargets } from './tables.js';
import { NotFoundError } from '../errors.js';

export const CampaignRef = builder.loadableNode('Campaign', {
  id: { resolve: (campaign: CampaignRow) => campaign.id },
  load: async (ids: string[], context) => {
    const rows = await context.db.select().from(campaigns).where(anyOf(campaigns.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));

    return ids.map((id) => byId.get(id) ?? new NotFoundError('campaign', id));
  },
  fields: (t) => ({
    name: t.exposeString('name'),
    startsOn: t.expose('startsOn', { type: 'Date' }),
    endsOn: t.expose('endsOn', { type: 'Date', description: 'Last day of the campaign.' }),
    objective: t.exposeString('objective', { nullable: true }),
    segment: t.exposeString('segment', { nullable: true, description: 'Target segment.' }),
    estimatedCost: t.expose('estimatedCost', { type: 'Decimal', description: 'Net of VAT.' }),
    estimatedRevenue: t.expose('estimatedRevenue', { type: 'Decimal', description: 'Net of VAT.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const CampaignTargetsConnection = builder.connectionObject({
  type: PartnerRef,
  name: 'CampaignTargetsConnection',
});

builder.objectFields(CampaignRef, (t) => ({
  targets: t.loadable({
    type: CampaignTargetsConnection,
    description: 'Partners the campaign targets, in the order they were added.',
    byPath: true,
    args: { ...t.arg.connectionArgs() },
    load: async (ids: string[], context, args) => {
      const pages = await loadGroupedPages(context.db, {
        table: campaignTargets,
        idColumn: campaignTargets.id,
        parentColumn: campaignTargets.campaignId,
        parentKey: 'campaignId',
        parentIds: ids,
        orderBy: sql`${campaignTargets.addedAt}, ${campaignTargets.id}`,
        args,
        maxPageSize: context.maxPageSize,
      });

      // The Partner loader reads the partners of all pages in one statement.
      return pages.map((page) => ({
        ...page,
        edges: page.edges.map((edge) => ({ ...edge, node: edge.node.partnerId })),
      }));
    },
    resolve: (campaign) => campaign.id,
  }),
}));
