import { sql } from 'drizzle-orm';
import { builder } from '../graphql/builder.js';
import { loadGroupedPages } from '../graphql/pagination.js';
import { PartnerRef } from '../partners/types.js';
import { OpportunityRef } from './opportunity-node.js';
import { opportunities } from './tables.js';

const PartnerOpportunitiesConnection = builder.connectionObject({
  type: OpportunityRef,
  name: 'PartnerOpportunitiesConnection',
});

builder.objectFields(PartnerRef, (t) => ({
  opportunities: t.loadable({
    type: PartnerOpportunitiesConnection,
    description: "The partner's opportunities, newest first.",
    byPath: true,
    args: { ...t.arg.connectionArgs() },
    load: (ids: string[], context, args) =>
      loadGroupedPages(context.db, {
        table: opportunities,
        idColumn: opportunities.id,
        parentColumn: opportunities.partnerId,
        parentKey: 'partnerId',
        parentIds: ids,
        orderBy: sql`${opportunities.createdAt} desc, ${opportunities.id} desc`,
        args,
        maxPageSize: context.maxPageSize,
      }),
    resolve: (partner) => partner.id,
  }),
}));
