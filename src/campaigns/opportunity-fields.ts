import { sql } from 'drizzle-orm';
import { builder } from '../graphql/builder.js';
import { mutationErrors } from '../graphql/error-types.js';
import { globalIdOf } from '../graphql/global-id.js';
import { loadGroupedPages } from '../graphql/pagination.js';
import { moneyAmount, requiredText } from '../opportunities/input-rules.js';
import { OpportunityRef } from '../opportunities/opportunity-node.js';
import { opportunities } from '../opportunities/tables.js';
import { CampaignRef } from './campaign-node.js';
import { generateCampaignOpportunities, type GenerationResult } from './generate.js';

const CampaignOpportunitiesConnection = builder.connectionObject({
  type: OpportunityRef,
  name: 'CampaignOpportunitiesConnection',
});

builder.objectFields(CampaignRef, (t) => ({
  opportunities: t.loadable({
    type: CampaignOpportunitiesConnection,
    description: 'Opportunities of the campaign, oldest first.',
    byPath: true,
    args: { ...t.arg.connectionArgs() },
    load: (ids: string[], context, args) =>
      loadGroupedPages(context.db, {
        table: opportunities,
        idColumn: opportunities.id,
        parentColumn: opportunities.campaignId,
        parentKey: 'campaignId',
        parentIds: ids,
        orderBy: sql`${opportunities.createdAt}, ${opportunities.id}`,
        args,
        maxPageSize: context.maxPageSize,
      }),
    resolve: (campaign) => campaign.id,
  }),
}));

const GenerationPayload = builder
  .objectRef<GenerationResult>('GenerateCampaignOpportunitiesPayload')
  .implement({
    fields: (t) => ({
      campaign: t.field({ type: CampaignRef, resolve: (result) => result.campaignId }),
      createdCount: t.exposeInt('createdCount'),
      skippedCount: t.exposeInt('skippedCount', {
        description: 'Targets that already had an opportunity in this campaign.',
      }),
    }),
  });

const GenerationInput = builder.inputType('GenerateCampaignOpportunitiesInput', {
  fields: (t) => ({
    titlePrefix: t.string({
      validate: requiredText,
      description: 'Each title is this prefix, " - " and the partner name.',
    }),
    value: t.field({ type: 'Decimal', validate: moneyAmount, description: 'Net of VAT.' }),
    ownerId: t.id({
      required: false,
      validate: globalIdOf('Employee'),
      description:
        "Owner of every new opportunity, by default each partner's sales representative.",
    }),
    expectedSignOn: t.field({ type: 'Date', required: false }),
  }),
});

builder.mutationField('generateCampaignOpportunities', (t) =>
  t.field({
    type: GenerationPayload,
    description:
      'Creates one NEW opportunity per target without one in this campaign, so running it again is safe.',
    authScopes: { manager: true },
    errors: mutationErrors,
    args: {
      campaignId: t.arg.id({ validate: globalIdOf('Campaign') }),
      input: t.arg({ type: GenerationInput }),
    },
    resolve: (_root, { campaignId, input }, context) =>
      context.db.transaction((tx) =>
        generateCampaignOpportunities(tx, context.viewer!, campaignId, {
          titlePrefix: input.titlePrefix,
          value: input.value,
          ownerId: input.ownerId ?? null,
          expectedSignOn: input.expectedSignOn ?? null,
        }),
      ),
  }),
);
