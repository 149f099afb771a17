/**
 * Zod schemas for the arguments of opportunity mutations. Each mutation validates all its
 * arguments in one schema, so one ValidationError lists every invalid field with its input path.
 */
import { z } from 'zod';
import { globalIdOf } from '../graphql/global-id.js';
import { boundedText, requiredText, TEXT_LIMITS } from '../validation/text.js';
import { moneyAmount, potentialPercent, probabilityPercent } from './input-rules.js';
import { STAGES } from './stages.js';

export const opportunityTitle = requiredText(
  TEXT_LIMITS.title,
  'give the opportunity a short title',
);

const stage = z.enum(STAGES);
const notes = boundedText(TEXT_LIMITS.longText).nullish();

export const createOpportunityArgs = z.object({
  input: z.object({
    title: opportunityTitle,
    partnerId: globalIdOf('Partner'),
    campaignId: globalIdOf('Campaign').nullish(),
    ownerId: globalIdOf('Employee').nullish(),
    value: moneyAmount,
    probability: probabilityPercent.nullish(),
    expectedSignOn: z.string().nullish(),
    notes,
    followUpAt: z.date().nullish(),
  }),
});

export const updateOpportunityArgs = z.object({
  id: globalIdOf('Opportunity'),
  input: z.object({
    title: opportunityTitle.nullish(),
    campaignId: globalIdOf('Campaign').nullish(),
    ownerId: globalIdOf('Employee').nullish(),
    value: moneyAmount.nullish(),
    probability: probabilityPercent.nullish(),
    expectedSignOn: z.string().nullish(),
  }),
});

export const advanceStageArgs = z.object({
  id: globalIdOf('Opportunity'),
  input: z.object({
    stage,
    delegateId: globalIdOf('Employee').nullish(),
    notes,
    followUpAt: z.date().nullish(),
  }),
});

export const markLostArgs = z.object({
  id: globalIdOf('Opportunity'),
  input: z.object({
    lossReasonId: globalIdOf('LossReason'),
    winningCompetitor: boundedText(TEXT_LIMITS.name).nullish(),
    notes,
  }),
});

export const setStagePotentialArgs = z.object({ stage, potential: potentialPercent });

export const setOpportunityStagePotentialArgs = z.object({
  opportunityId: globalIdOf('Opportunity'),
  stage,
  potential: potentialPercent.nullish(),
});

const lossReasonName = requiredText(TEXT_LIMITS.name, 'name the reason, such as "Price too high"');

export const createLossReasonArgs = z.object({ name: lossReasonName });

export const updateLossReasonArgs = z.object({
  id: globalIdOf('LossReason'),
  input: z.object({ name: lossReasonName.nullish(), active: z.boolean().nullish() }),
});
