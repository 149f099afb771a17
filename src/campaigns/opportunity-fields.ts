import { sql } from 'drizzle-orm';
import { builder } from '../graphql/builder.js';
import { mutationErrors } from '../graphql/error-types.js';
import { loadGroupedPages } from '../graphql/pagination.js';
import { OpportunityRef } from '../opportunities/opportunity-node.js';
import { opportunities } from '../opportunities/tables.js';
import { CampaignRef } from './campaign-node.js';
import { generateOpportunitiesArgs, MAX_TITLE_PREFIX } from './campaign-schemas.js';
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
      description: `Each title is this prefix, " - " and the partner name; at most ${MAX_TITLE_PREFIX} characters.`,
    }),
    value: t.field({ type: 'Decimal', description: 'Net of VAT.' }),
    ownerId: t.id({
      required: false,
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
    args: t.validate(
      { campaignId: t.arg.id(), input: t.arg({ type: GenerationInput }) },
      generateOpportunitiesArgs,
    ),
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
