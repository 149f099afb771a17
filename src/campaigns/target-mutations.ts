import { z } from 'zod';
import { builder } from '../graphql/builder.js';
import { mutationErrors } from '../graphql/error-types.js';
import { globalIdOf } from '../graphql/global-id.js';
import { PartnerFilter } from '../partners/partner-filter.js';
import { CampaignRef } from './campaign-node.js';
import type { CampaignRow } from './service.js';
import { addTargets, addTargetsByFilter, removeTarget } from './targets.js';

const MAX_PARTNER_IDS = 1000;

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

const campaignId = () => ({ validate: globalIdOf('Campaign') });

builder.mutationField('addCampaignTargets', (t) =>
  t.field({
    type: CampaignTargetsPayload,
    authScopes: { manager: true },
    errors: mutationErrors,
    args: {
      campaignId: t.arg.id(campaignId()),
      partnerIds: t.arg.idList({
        validate: z
          .array(globalIdOf('Partner'))
          .max(
            MAX_PARTNER_IDS,
            `must list at most ${MAX_PARTNER_IDS} partners; send them in parts`,
          ),
      }),
    },
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
    args: {
      campaignId: t.arg.id(campaignId()),
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
    args: {
      campaignId: t.arg.id(campaignId()),
      partnerId: t.arg.id({ validate: globalIdOf('Partner') }),
    },
    resolve: (_root, args, context) =>
      context.db.transaction(async (tx): Promise<CampaignRow | string> => {
        await removeTarget(tx, args.campaignId, args.partnerId);

        return args.campaignId;
      }),
  }),
);
