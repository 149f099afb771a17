import { builder } from '../graphql/builder.js';
import { mutationErrors } from '../graphql/error-types.js';
import { globalIdOf } from '../graphql/global-id.js';
import { PartnerFilter } from '../partners/partner-filter.js';
import { CampaignRef } from './campaign-node.js';
import { addTargetsArgs, removeTargetArgs } from './campaign-schemas.js';
import type { CampaignRow } from './service.js';
import { addTargets, addTargetsByFilter, removeTarget } from './targets.js';

interface TargetsPayloadShape {
  campaignId: string;
  addedCount: number;
}

const CampaignTargetsPayload = builder
  .objectRef<TargetsPayloadShape>('CampaignTargetsPayload')
  .implement({
    fields: (t) => ({
      campaign: t.field({ type: CampaignRef, resolve: (payload) => payload.campaignId }),
      addedCount: t.exposeInt('addedCount', {
        description: 'Partners added, not counting those already targeted.',
      }),
    }),
  });

builder.mutationField('addCampaignTargets', (t) =>
  t.field({
    type: CampaignTargetsPayload,
    authScopes: { manager: true },
    errors: mutationErrors,
    args: t.validate({ campaignId: t.arg.id(), partnerIds: t.arg.idList() }, addTargetsArgs),
    resolve: (_root, args, context) =>
      context.db.transaction(async (tx) => ({
        campaignId: args.campaignId,
        addedCount: await addTargets(tx, args.campaignId, args.partnerIds),
      })),
  }),
);

builder.mutationField('addCampaignTargetsByFilter', (t) =>
  t.field({
    type: CampaignTargetsPayload,
    authScopes: { manager: true },
    errors: mutationErrors,
    // NOTE: PartnerFilter validates itself as a type, and Pothos runs that check and the one of
    // campaignId in turn, so when both are invalid only campaignId is reported.
    args: {
      campaignId: t.arg.id({ validate: globalIdOf('Campaign') }),
      filter: t.arg({ type: PartnerFilter }),
    },
    resolve: (_root, args, context) =>
      context.db.transaction(async (tx) => ({
        campaignId: args.campaignId,
        addedCount: await addTargetsByFilter(tx, args.campaignId, args.filter),
      })),
  }),
);

builder.mutationField('removeCampaignTarget', (t) =>
  t.field({
    type: CampaignRef,
    authScopes: { manager: true },
    errors: mutationErrors,
    args: t.validate({ campaignId: t.arg.id(), partnerId: t.arg.id() }, removeTargetArgs),
    resolve: (_root, args, context) =>
      context.db.transaction(async (tx): Promise<CampaignRow | string> => {
        await removeTarget(tx, args.campaignId, args.partnerId);

        return args.campaignId;
      }),
  }),
);
