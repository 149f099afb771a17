import { asc, sql } from 'drizzle-orm';
import { CampaignRef } from '../campaigns/campaign-node.js';
import { EmployeeRef } from '../employees/types.js';
import { builder } from '../graphql/builder.js';
import { anyOf, loadGroupedPages } from '../graphql/pagination.js';
import { PartnerRef } from '../partners/types.js';
import { LossReasonRef } from './loss-reason-types.js';
import type { OpportunityRow } from './service.js';
import { OpportunityStageRef, StageEnum, StagePotentialRef } from './stage-types.js';
import { opportunities, opportunityStagePotentials, stageHistory } from './tables.js';
import { NotFoundError } from '../errors.js';

export const OpportunityRef = builder.loadableNode('Opportunity', {
  id: { resolve: (opportunity: OpportunityRow) => opportunity.id },
  load: async (ids: string[], context) => {
    const rows = await context.db.select().from(opportunities).where(anyOf(opportunities.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));

    return ids.map((id) => byId.get(id) ?? new NotFoundError('opportunity', id));
  },
  fields: (t) => ({
    title: t.exposeString('title'),
    partner: t.field({ type: PartnerRef, resolve: (row) => row.partnerId }),
    campaign: t.field({ type: CampaignRef, nullable: true, resolve: (row) => row.campaignId }),
    owner: t.field({ type: EmployeeRef, nullable: true, resolve: (row) => row.ownerId }),
    value: t.expose('value', { type: 'Decimal', description: 'Sales potential, net of VAT.' }),
    probability: t.exposeInt('probability', { description: 'Chance of winning, in percent.' }),
    expectedSignOn: t.expose('expectedSignOn', { type: 'Date', nullable: true }),
    stage: t.expose('stage', { type: StageEnum }),
    potential: t.expose('potential', {
      type: 'Decimal',
      description:
        'Percent of the value expected at the current stage: the override on this opportunity, else the stage default.',
    }),
    weightedValue: t.expose('weightedValue', {
      type: 'Decimal',
      description: 'value x potential / 100, rounded half away from zero to 2 decimals.',
    }),
    lossReason: t.field({
      type: LossReasonRef,
      nullable: true,
      resolve: (row) => row.lossReasonId,
    }),
    winningCompetitor: t.exposeString('winningCompetitor', { nullable: true }),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const OpportunityStagesConnection = builder.connectionObject({
  type: OpportunityStageRef,
  name: 'OpportunityStagesConnection',
});

builder.objectFields(OpportunityRef, (t) => ({
  stages: t.loadable({
    type: OpportunityStagesConnection,
    description: 'Stage history, oldest first.',
    byPath: true,
    args: { ...t.arg.connectionArgs() },
    load: (ids: string[], context, args) =>
      loadGroupedPages(context.db, {
        table: stageHistory,
        idColumn: stageHistory.id,
        parentColumn: stageHistory.opportunityId,
        parentKey: 'opportunityId',
        parentIds: ids,
        orderBy: sql`${stageHistory.enteredAt}, ${stageHistory.id}`,
        args,
        maxPageSize: context.maxPageSize,
      }),
    resolve: (row) => row.id,
  }),
  stagePotentialOverrides: t.loadableList({
    type: StagePotentialRef,
    description: 'Stage potentials set on this opportunity, replacing the stage defaults.',
    load: async (ids: string[], context) => {
      const rows = await context.db
        .select()
        .from(opportunityStagePotentials)
        .where(anyOf(opportunityStagePotentials.opportunityId, ids))
        .orderBy(asc(opportunityStagePotentials.stage));

      return ids.map((id) => rows.filter((row) => row.opportunityId === id));
    },
    resolve: (row) => row.id,
  }),
}));

builder.objectField(OpportunityStageRef, 'opportunity', (t) =>
  t.field({ type: OpportunityRef, resolve: (row) => row.opportunityId }),
);
