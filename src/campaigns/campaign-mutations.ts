import { z } from 'zod';
import { builder } from '../graphql/builder.js';
import { mutationErrors } from '../graphql/error-types.js';
import { globalIdOf } from '../graphql/global-id.js';
import { moneyAmount, requiredText } from '../opportunities/input-rules.js';
import { CampaignRef } from './campaign-node.js';
import { type CampaignValues, createCampaign, updateCampaign } from './service.js';

// A loose object keeps the other fields, because the validated value replaces the input.
const campaignPeriod = z
  .looseObject({ startsOn: z.string(), endsOn: z.string() })
  .refine((input) => input.endsOn >= input.startsOn, {
    path: ['endsOn'],
    message: 'must be on or after startsOn; a campaign ends on or after the day it starts',
  });

const CampaignInput = builder.inputType('CampaignInput', {
  validate: campaignPeriod,
  fields: (t) => ({
    name: t.string({ validate: requiredText }),
    startsOn: t.field({ type: 'Date' }),
    endsOn: t.field({ type: 'Date', description: 'Last day of the campaign.' }),
    objective: t.string({ required: false }),
    segment: t.string({ required: false, description: 'Target segment.' }),
    estimatedCost: t.field({
      type: 'Decimal',
      required: false,
      validate: moneyAmount,
      description: 'Net of VAT, 0 when omitted.',
    }),
    estimatedRevenue: t.field({
      type: 'Decimal',
      required: false,
      validate: moneyAmount,
      description: 'Net of VAT, 0 when omitted.',
    }),
  }),
});

function toCampaignValues(input: typeof CampaignInput.$inferInput): CampaignValues {
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
    args: { input: t.arg({ type: CampaignInput }) },
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
    args: {
      id: t.arg.id({ validate: globalIdOf('Campaign') }),
      input: t.arg({ type: CampaignInput }),
    },
    resolve: (_root, { id, input }, context) =>
      context.db.transaction((tx) => updateCampaign(tx, id, toCampaignValues(input))),
  }),
);
