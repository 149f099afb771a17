import type { z } from 'zod';
import { builder } from '../graphql/builder.js';
import { mutationErrors } from '../graphql/error-types.js';
import { TEXT_LIMITS } from '../validation/text.js';
import { CampaignRef } from './campaign-node.js';
import { createCampaignArgs, updateCampaignArgs } from './campaign-schemas.js';
import { type CampaignValues, createCampaign, updateCampaign } from './service.js';

const CampaignInput = builder.inputType('CampaignInput', {
  fields: (t) => ({
    name: t.string({ description: `Trimmed, 1 to ${TEXT_LIMITS.name} characters.` }),
    startsOn: t.field({ type: 'Date' }),
    endsOn: t.field({ type: 'Date', description: 'Last day of the campaign.' }),
    objective: t.string({ required: false }),
    segment: t.string({
      required: false,
      description: `Target segment, at most ${TEXT_LIMITS.label} characters.`,
    }),
    estimatedCost: t.field({
      type: 'Decimal',
      required: false,
      description: 'Net of VAT, 0 when omitted.',
    }),
    estimatedRevenue: t.field({
      type: 'Decimal',
      required: false,
      description: 'Net of VAT, 0 when omitted.',
    }),
  }),
});

type CampaignInputValues = z.infer<typeof createCampaignArgs>['input'];

function toCampaignValues(input: CampaignInputValues): CampaignValues {
  return {
    name: input.name,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    objective: input.objective ?? null,
    segment: input.segment ?? null,
    estimatedCost: input.estimatedCost ?? '0',
    estimatedRevenue: input.estimatedRevenue ?? '0',
  };
}

builder.mutationField('createCampaign', (t) =>
  t.field({
    type: CampaignRef,
    authScopes: { manager: true },
    errors: mutationErrors,
    args: t.validate({ input: t.arg({ type: CampaignInput }) }, createCampaignArgs),
    resolve: (_root, { input }, context) =>
      context.db.transaction((tx) => createCampaign(tx, toCampaignValues(input))),
  }),
);

builder.mutationField('updateCampaign', (t) =>
  t.field({
    type: CampaignRef,
    description: 'Replaces the campaign fields. Omitted optional fields are cleared.',
    authScopes: { manager: true },
    errors: mutationErrors,
    args: t.validate({ id: t.arg.id(), input: t.arg({ type: CampaignInput }) }, updateCampaignArgs),
    resolve: (_root, { id, input }, context) =>
      context.db.transaction((tx) => updateCampaign(tx, id, toCampaignValues(input))),
  }),
);
