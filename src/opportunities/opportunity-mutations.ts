import { builder } from '../graphql/builder.js';
import { mutationErrors } from '../graphql/error-types.js';
import { TEXT_LIMITS } from '../validation/text.js';
import { OpportunityRef } from './opportunity-node.js';
import {
  advanceStageArgs,
  createOpportunityArgs,
  markLostArgs,
  updateOpportunityArgs,
} from './opportunity-schemas.js';
import { createOpportunity, updateOpportunity } from './service.js';
import { advanceOpportunityStage, markOpportunityLost } from './stage-changes.js';
import { StageEnum } from './stage-types.js';

const TITLE = `Trimmed, 1 to ${TEXT_LIMITS.title} characters.`;

const CreateOpportunityInput = builder.inputType('CreateOpportunityInput', {
  fields: (t) => ({
    title: t.string({ description: TITLE }),
    partnerId: t.id(),
    campaignId: t.id({ required: false }),
    ownerId: t.id({
      required: false,
      description: "Defaults to the caller's employee. Agents may only pass their own.",
    }),
    value: t.field({ type: 'Decimal', description: 'Net of VAT.' }),
    probability: t.int({ required: false }),
    expectedSignOn: t.field({ type: 'Date', required: false }),
    notes: t.string({ required: false, description: 'Notes of the NEW stage row.' }),
    followUpAt: t.field({
      type: 'DateTime',
      required: false,
      description: 'Follow-up of the NEW stage, whose delegate is the owner.',
    }),
  }),
});

const UpdateOpportunityInput = builder.inputType('UpdateOpportunityInput', {
  description: 'Fields to change. An omitted field keeps its value, and null clears it.',
  fields: (t) => ({
    title: t.string({ required: false, description: TITLE }),
    campaignId: t.id({ required: false }),
    ownerId: t.id({ required: false }),
    value: t.field({ type: 'Decimal', required: false }),
    probability: t.int({ required: false }),
    expectedSignOn: t.field({ type: 'Date', required: false }),
  }),
});

const AdvanceStageInput = builder.inputType('AdvanceStageInput', {
  fields: (t) => ({
    stage: t.field({ type: StageEnum, description: 'The current stage or a later one.' }),
    delegateId: t.id({
      required: false,
      description: 'Employee responsible for the stage, by default the owner.',
    }),
    notes: t.string({ required: false }),
    followUpAt: t.field({ type: 'DateTime', required: false }),
  }),
});

const MarkLostInput = builder.inputType('MarkOpportunityLostInput', {
  fields: (t) => ({
    lossReasonId: t.id(),
    winningCompetitor: t.string({
      required: false,
      description: `Name of the competitor that won, at most ${TEXT_LIMITS.name} characters.`,
    }),
    notes: t.string({ required: false }),
  }),
});

builder.mutationField('createOpportunity', (t) =>
  t.field({
    type: OpportunityRef,
    errors: mutationErrors,
    args: t.validate({ input: t.arg({ type: CreateOpportunityInput }) }, createOpportunityArgs),
    resolve: (_root, { input }, context) =>
      context.db.transaction((tx) =>
        createOpportunity(tx, context.viewer!, {
          title: input.title,
          partnerId: input.partnerId,
          campaignId: input.campaignId ?? null,
          ...(input.ownerId === undefined ? {} : { ownerId: input.ownerId }),
          value: input.value,
          probability: input.probability ?? 0,
          expectedSignOn: input.expectedSignOn ?? null,
          notes: input.notes ?? null,
          followUpAt: input.followUpAt ?? null,
        }),
      ),
  }),
);

builder.mutationField('updateOpportunity', (t) =>
  t.field({
    type: OpportunityRef,
    errors: mutationErrors,
    args: t.validate(
      { id: t.arg.id(), input: t.arg({ type: UpdateOpportunityInput }) },
      updateOpportunityArgs,
    ),
    resolve: (_root, { id, input }, context) =>
      context.db.transaction((tx) =>
        updateOpportunity(tx, context.viewer!, id, {
          title: input.title ?? undefined,
          campaignId: input.campaignId,
          ownerId: input.ownerId,
          value: input.value ?? undefined,
          probability: input.probability ?? undefined,
          expectedSignOn: input.expectedSignOn,
        }),
      ),
  }),
);

builder.mutationField('advanceOpportunityStage', (t) =>
  t.field({
    type: OpportunityRef,
    description:
      'Records a stage row and moves the opportunity to that stage. A SALE makes the partner a customer.',
    errors: mutationErrors,
    args: t.validate(
      { id: t.arg.id(), input: t.arg({ type: AdvanceStageInput }) },
      advanceStageArgs,
    ),
    resolve: (_root, { id, input }, context) =>
      context.db.transaction((tx) =>
        advanceOpportunityStage(tx, context.viewer!, id, {
          stage: input.stage,
          ...(input.delegateId === undefined ? {} : { delegateId: input.delegateId }),
          notes: input.notes ?? null,
          followUpAt: input.followUpAt ?? null,
        }),
      ),
  }),
);

builder.mutationField('markOpportunityLost', (t) =>
  t.field({
    type: OpportunityRef,
    errors: mutationErrors,
    args: t.validate({ id: t.arg.id(), input: t.arg({ type: MarkLostInput }) }, markLostArgs),
    resolve: (_root, { id, input }, context) =>
      context.db.transaction((tx) =>
        markOpportunityLost(tx, context.viewer!, id, {
          lossReasonId: input.lossReasonId,
          winningCompetitor: input.winningCompetitor ?? null,
          notes: input.notes ?? null,
        }),
      ),
  }),
);
