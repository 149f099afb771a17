/**
 * Zod schemas for the arguments of campaign mutations. Each mutation validates all its arguments
 * in one schema, so one ValidationError lists every invalid field with its input path.
 */
import { z } from 'zod';
import { globalIdOf } from '../graphql/global-id.js';
import { moneyAmount } from '../opportunities/input-rules.js';
import { boundedText, requiredText, TEXT_LIMITS } from '../validation/text.js';
import { whenFieldsValid } from '../validation/cross-field.js';

const MAX_PARTNER_IDS = 1000;

/**
 * Maximum length of the title prefix of generated opportunities. Each title is the prefix, " - "
 * and a partner name, so a title built from the longest partner name still fits its limit.
 */
export const MAX_TITLE_PREFIX = TEXT_LIMITS.title - TEXT_LIMITS.name - ' - '.length;

const campaignInput = z
  .object({
    name: requiredText(TEXT_LIMITS.name, 'name the campaign, such as "Spring fair 2026"'),
    startsOn: z.string(),
    endsOn: z.string(),
    objective: boundedText(TEXT_LIMITS.longText).nullish(),
    segment: boundedText(TEXT_LIMITS.label).nullish(),
    estimatedCost: moneyAmount.nullish(),
    estimatedRevenue: moneyAmount.nullish(),
  })
  .refine((input) => input.endsOn >= input.startsOn, {
    path: ['endsOn'],
    message: 'must be on or after startsOn; a campaign ends on or after the day it starts',
    ...whenFieldsValid('startsOn', 'endsOn'),
  });

export const createCampaignArgs = z.object({ input: campaignInput });

export const updateCampaignArgs = z.object({
  id: globalIdOf('Campaign'),
  input: campaignInput,
});

export const addTargetsArgs = z.object({
  campaignId: globalIdOf('Campaign'),
  partnerIds: z
    .array(globalIdOf('Partner'))
    .max(MAX_PARTNER_IDS, `must list at most ${MAX_PARTNER_IDS} partners; send them in parts`),
});

export const removeTargetArgs = z.object({
  campaignId: globalIdOf('Campaign'),
  partnerId: globalIdOf('Partner'),
});

export const generateOpportunitiesArgs = z.object({
  campaignId: globalIdOf('Campaign'),
  input: z.object({
    titlePrefix: requiredText(MAX_TITLE_PREFIX, 'send the start of the titles, such as "Spring"'),
    value: moneyAmount,
    ownerId: globalIdOf('Employee').nullish(),
    expectedSignOn: z.string().nullish(),
  }),
});
