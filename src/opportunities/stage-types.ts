import { EmployeeRef } from '../employees/types.js';
import { anyOf } from '../graphql/pagination.js';
import { builder } from '../graphql/builder.js';
import type { StagePotential } from './potentials.js';
import type { StageRow } from './stage-events.js';
import { STAGE_NUMBERS, STAGES } from './stages.js';
import { stageHistory } from './tables.js';
import { NotFoundError } from '../errors.js';

const STAGE_MEANINGS = {
  NEW: 'opportunity recorded',
  PRESENTATION: 'meeting with the client',
  OFFER: 'offer drawn up',
  NEGOTIATION: 'contract or order drawn up',
  SALE: 'contract signed or invoice issued, so the opportunity is won',
  LOST: 'the opportunity is lost, with a loss reason',
} as const;

export const StageEnum = builder.enumType('Stage', {
  description: 'Pipeline stage of an opportunity, numbered 0 to 4, and X for LOST.',
  values: Object.fromEntries(
    STAGES.map((stage) => [
      stage,
      { description: `${STAGE_NUMBERS[stage]}: ${STAGE_MEANINGS[stage]}` },
    ]),
  ) as Record<(typeof STAGES)[number], { description: string }>,
});

/** One row of an opportunity's stage history. */
export const OpportunityStageRef = builder.loadableNode('OpportunityStage', {
  id: { resolve: (row: StageRow) => row.id },
  load: async (ids: string[], context) => {
    const rows = await context.db.select().from(stageHistory).where(anyOf(stageHistory.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));

    return ids.map((id) => byId.get(id) ?? new NotFoundError('opportunity stage', id));
  },
  fields: (t) => ({
    stage: t.expose('stage', { type: StageEnum }),
    enteredAt: t.expose('enteredAt', { type: 'DateTime' }),
    delegate: t.field({
      type: EmployeeRef,
      nullable: true,
      description: 'Employee responsible for the stage and its follow-up.',
      resolve: (row) => row.delegateId,
    }),
    notes: t.exposeString('notes', { nullable: true }),
    followUpAt: t.expose('followUpAt', { type: 'DateTime', nullable: true }),
  }),
});

export const StagePotentialRef = builder.objectRef<StagePotential>('StagePotential').implement({
  description: 'Sales potential of a stage, in percent of the opportunity value.',
  fields: (t) => ({
    stage: t.expose('stage', { type: StageEnum }),
    potential: t.expose('potential', { type: 'Decimal' }),
  }),
});
