import { EmployeeRef } from '../employees/types.js';
import { builder } from '../graphql/builder.js';
import { globalIdOf } from '../graphql/global-id.js';
import { StageEnum } from '../opportunities/stage-types.js';
import { loadPipelineSummary, type PipelineSummary, type PipelineTotals } from './pipeline.js';

type StageTotals = PipelineSummary['byStage'][number];
type OwnerTotals = PipelineSummary['byOwner'][number];
type MonthTotals = PipelineSummary['byMonth'][number];

const PipelineTotalsRef = builder.interfaceRef<PipelineTotals>('PipelineTotals').implement({
  description: 'Count and sums of a group of opportunities.',
  fields: (t) => ({
    count: t.exposeInt('count', { description: 'Number of opportunities.' }),
    value: t.expose('value', { type: 'Decimal', description: 'Sum of values, net of VAT.' }),
    weightedValue: t.expose('weightedValue', {
      type: 'Decimal',
      description: 'Sum of weighted values.',
    }),
  }),
});

const PipelineTotalRef = builder.objectRef<PipelineTotals>('PipelineTotal').implement({
  interfaces: [PipelineTotalsRef],
  fields: () => ({}),
});

const PipelineStageRef = builder.objectRef<StageTotals>('PipelineStage').implement({
  interfaces: [PipelineTotalsRef],
  fields: (t) => ({ stage: t.expose('stage', { type: StageEnum }) }),
});

const PipelineOwnerRef = builder.objectRef<OwnerTotals>('PipelineOwner').implement({
  interfaces: [PipelineTotalsRef],
  fields: (t) => ({
    owner: t.field({
      type: EmployeeRef,
      nullable: true,
      description: 'Null for opportunities without an owner.',
      resolve: (row) => row.ownerId,
    }),
  }),
});

const PipelineMonthRef = builder.objectRef<MonthTotals>('PipelineMonth').implement({
  interfaces: [PipelineTotalsRef],
  fields: (t) => ({
    month: t.exposeString('month', {
      nullable: true,
      description: 'Month of expected signing, YYYY-MM, or null for opportunities without a date.',
    }),
    stages: t.field({
      type: [PipelineStageRef],
      description: 'Stages with opportunities in this month, in pipeline order.',
      resolve: (row) => row.stages,
    }),
  }),
});

const PipelineSummaryRef = builder.objectRef<PipelineSummary>('PipelineSummary').implement({
  fields: (t) => ({
    total: t.field({ type: PipelineTotalRef, resolve: (summary) => summary.total }),
    byStage: t.field({
      type: [PipelineStageRef],
      description: 'Every stage in pipeline order, including empty ones.',
      resolve: (summary) => summary.byStage,
    }),
    byOwner: t.field({
      type: [PipelineOwnerRef],
      description: 'Largest weighted value first.',
      resolve: (summary) => summary.byOwner,
    }),
    byMonth: t.field({
      type: [PipelineMonthRef],
      description: 'Earliest month first, undated opportunities last.',
      resolve: (summary) => summary.byMonth,
    }),
  }),
});

const PipelineFilter = builder.inputType('PipelineFilter', {
  fields: (t) => ({
    ownerId: t.id({ required: false, validate: globalIdOf('Employee') }),
    from: t.field({
      type: 'Date',
      required: false,
      description: 'First expected signing date included.',
    }),
    to: t.field({
      type: 'Date',
      required: false,
      description: 'Last expected signing date included.',
    }),
  }),
});

builder.queryField('pipelineSummary', (t) =>
  t.field({
    type: PipelineSummaryRef,
    description:
      'Opportunity counts, values and weighted values by stage, by owner and by month of expected signing.',
    args: { filter: t.arg({ type: PipelineFilter, required: false }) },
    resolve: (_root, args, context) => loadPipelineSummary(context.db, args.filter ?? {}),
  }),
);
