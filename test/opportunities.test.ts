import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdvanceOpportunityStageDocument,
  type AdvanceStageInput,
  CreateLossReasonDocument,
  CreateOpportunityDocument,
  type CreateOpportunityInput,
  CrmRequestError,
  LossReasonsDocument,
  MarkOpportunityLostDocument,
  OpportunitiesDocument,
  type OpportunityFieldsFragment,
  OpportunityWithStagesDocument,
  PartnerOpportunitiesDocument,
  SetOpportunityStagePotentialDocument,
  SetStagePotentialDocument,
  StagePotentialsDocument,
  UpdateLossReasonDocument,
  UpdateOpportunityDocument,
} from '../sdk/index.js';
import { count } from 'drizzle-orm';
import { onStageChanged, type StageChange } from '../src/opportunities/stage-events.js';
import { opportunities, stageHistory } from '../src/opportunities/tables.js';
import { startTestApi, type TestApi } from './support/api.js';
import { postGraphQL } from './support/graphql.js';
import {
  createSalesActor,
  insertLead,
  missingId,
  type SalesActor,
} from './support/sales-fixtures.js';

interface MutationResult {
  __typename: string;
  data?: OpportunityFieldsFragment;
  message?: string;
  issues?: { field: string; value: string | null; message: string }[];
  field?: string;
}

/** Returns the opportunity of a successful mutation, or throws with the error it returned. */
function opportunityOf(result: MutationResult): OpportunityFieldsFragment {
  if (!result.data) throw new Error(`${result.__typename}: ${result.message}`);

  return result.data;
}

describe('opportunities', () => {
  let api: TestApi;
  let admin: SalesActor;
  let manager: SalesActor;
  let agent: SalesActor;
  let otherAgent: SalesActor;

  beforeAll(async () => {
    api = await startTestApi();
    admin = await createSalesActor(api, 'ADMIN', 'Ada Admin');
    manager = await createSalesActor(api, 'MANAGER', 'Mara Manager');
    agent = await createSalesActor(api, 'AGENT', 'Andrei Agent');
    otherAgent = await createSalesActor(api, 'AGENT', 'Oana Agent');
  });
  afterAll(async () => {
    await api.close();
  });

  async function create(actor: SalesActor, input: Partial<CreateOpportunityInput> = {}) {
    const partnerId = input.partnerId ?? (await insertLead(api, { name: 'Livada SRL' })).globalId;
    const result = await actor.client.request(CreateOpportunityDocument, {
      input: { title: 'ERP licences', value: '10000', ...input, partnerId },
    });

    return opportunityOf(result.createOpportunity);
  }

  async function advance(actor: SalesActor, id: string, input: AdvanceStageInput) {
    const result = await actor.client.request(AdvanceOpportunityStageDocument, { id, input });

    return result.advanceOpportunityStage;
  }

  async function stagesOf(id: string) {
    const read = await manager.client.request(OpportunityWithStagesDocument, { id, first: 50 });
    if (read.node?.__typename !== 'Opportunity') throw new Error('not an opportunity');

    return read.node.stages.edges.map((edge) => edge.node);
  }

  async function createLossReason(name: string) {
    const result = await admin.client.request(CreateLossReasonDocument, { name });
    if (result.createLossReason.__typename !== 'MutationCreateLossReasonSuccess') {
      throw new Error(result.createLossReason.message);
    }

    return result.createLossReason.data;
  }

  it('progresses from NEW to SALE with history', async () => {
    const created = await create(agent, { probability: 20, expectedSignOn: '2026-06-30' });
    const followUps = [
      '2026-04-01T09:00:00.000Z',
      '2026-04-15T09:00:00.000Z',
      '2026-05-01T09:00:00.000Z',
      '2026-05-20T09:00:00.000Z',
    ];
    const steps = [
      { stage: 'PRESENTATION', potential: '10.00', weightedValue: '1000.00' },
      { stage: 'OFFER', potential: '30.00', weightedValue: '3000.00' },
      { stage: 'NEGOTIATION', potential: '60.00', weightedValue: '6000.00' },
      { stage: 'SALE', potential: '100.00', weightedValue: '10000.00' },
    ] as const;
    const reached = [];
    for (const [index, step] of steps.entries()) {
      const result = await advance(agent, created.id, {
        stage: step.stage,
        notes: `step ${index + 1}`,
        followUpAt: followUps[index],
        ...(step.stage === 'NEGOTIATION' ? { delegateId: manager.employeeGlobalId } : {}),
      });
      reached.push(opportunityOf(result));
    }
    const history = await stagesOf(created.id);
    const won = reached[3]!;

    expect(created.stage).toBe('NEW');
    expect(created.potential).toBe('0.00');
    expect(created.weightedValue).toBe('0.00');
    expect(
      reached.map(({ stage, potential, weightedValue }) => ({ stage, potential, weightedValue })),
    ).toEqual(steps);
    expect(history.map((row) => row.stage)).toEqual([
      'NEW',
      'PRESENTATION',
      'OFFER',
      'NEGOTIATION',
      'SALE',
    ]);
    expect(history.map((row) => row.followUpAt)).toEqual([null, ...followUps]);
    expect(history.map((row) => row.notes)).toEqual([null, 'step 1', 'step 2', 'step 3', 'step 4']);
    expect(history.map((row) => row.delegate?.name)).toEqual([
      'Andrei Agent',
      'Andrei Agent',
      'Andrei Agent',
      'Mara Manager',
      'Andrei Agent',
    ]);
    expect(won.closedAt).not.toBeNull();
    expect(won.partner.isLead).toBe(false);
    expect(won.partner.customerSince).not.toBeNull();
  });

  it('adds a row when re-entering a stage', async () => {
    const created = await create(agent);
    await advance(agent, created.id, { stage: 'OFFER', notes: 'first offer' });
    const again = opportunityOf(
      await advance(agent, created.id, { stage: 'OFFER', notes: 'revised' }),
    );
    const history = await stagesOf(created.id);

    expect(again.stage).toBe('OFFER');
    expect(history.map((row) => row.notes)).toEqual([null, 'first offer', 'revised']);
  });

  it('reports stage rows to handlers', async () => {
    const changes: StageChange[] = [];
    const stop = onStageChanged(async (batch) => {
      changes.push(...batch);
    });
    try {
      const created = await create(agent);
      await advance(agent, created.id, {
        stage: 'PRESENTATION',
        followUpAt: '2026-07-01T07:30:00.000Z',
      });
      const history = await stagesOf(created.id);
      const presentation = changes.find((change) => change.stage === 'PRESENTATION');

      expect(changes.map((change) => change.stage)).toEqual(['NEW', 'PRESENTATION']);
      expect(presentation?.stageRowId).toBe(atob(history[1]!.id).split(':')[1]);
      expect(presentation?.previousStage).toBe('NEW');
      expect(presentation?.followUpAt?.toISOString()).toBe('2026-07-01T07:30:00.000Z');
      expect(presentation?.delegateId).toBe(agent.employeeId);
    } finally {
      stop();
    }
  });

  it('rolls back when a handler fails', async () => {
    const created = await create(agent);
    const stop = onStageChanged(async () => {
      throw new Error('follow-up task could not be created');
    });
    let failure: unknown;
    try {
      await advance(agent, created.id, { stage: 'OFFER' });
    } catch (error) {
      failure = error;
    } finally {
      stop();
    }
    const history = await stagesOf(created.id);
    const read = await manager.client.request(OpportunityWithStagesDocument, { id: created.id });

    expect((failure as CrmRequestError).code).toBe('INTERNAL_SERVER_ERROR');
    expect(history.map((row) => row.stage)).toEqual(['NEW']);
    expect(read.node).toMatchObject({ __typename: 'Opportunity', stage: 'NEW' });
  });

  it('weights the value with an override', async () => {
    const created = await create(agent, { value: '1234.56' });
    await advance(agent, created.id, { stage: 'PRESENTATION' });
    const overridden = await agent.client.request(SetOpportunityStagePotentialDocument, {
      opportunityId: created.id,
      stage: 'OFFER',
      potential: '45.5',
    });
    const atOffer = opportunityOf(await advance(agent, created.id, { stage: 'OFFER' }));
    const cleared = await agent.client.request(SetOpportunityStagePotentialDocument, {
      opportunityId: created.id,
      stage: 'OFFER',
      potential: null,
    });
    const withOverride = opportunityOf(overridden.setOpportunityStagePotential);
    const withoutOverride = opportunityOf(cleared.setOpportunityStagePotential);

    expect(withOverride.potential).toBe('10.00');
    expect(withOverride.stagePotentialOverrides).toEqual([{ stage: 'OFFER', potential: '45.50' }]);
    expect(atOffer.potential).toBe('45.50');
    // 1234.56 x 45.5% = 561.7248, rounded to cents
    expect(atOffer.weightedValue).toBe('561.72');
    expect(withoutOverride.potential).toBe('30.00');
    // 1234.56 x 30% = 370.368
    expect(withoutOverride.weightedValue).toBe('370.37');
    expect(withoutOverride.stagePotentialOverrides).toEqual([]);
  });

  it('applies a new default except overrides', async () => {
    const plain = await create(agent, { value: '2000' });
    const custom = await create(agent, { value: '2000' });
    await advance(agent, plain.id, { stage: 'NEGOTIATION' });
    await advance(agent, custom.id, { stage: 'NEGOTIATION' });
    await agent.client.request(SetOpportunityStagePotentialDocument, {
      opportunityId: custom.id,
      stage: 'NEGOTIATION',
      potential: '50',
    });
    const changed = await admin.client.request(SetStagePotentialDocument, {
      stage: 'NEGOTIATION',
      potential: '75',
    });
    const defaults = await agent.client.request(StagePotentialsDocument);
    const list = await agent.client.request(OpportunitiesDocument, {
      filter: { stage: 'NEGOTIATION' },
      first: 50,
    });
    const byId = new Map(list.opportunities.edges.map((edge) => [edge.node.id, edge.node]));
    await admin.client.request(SetStagePotentialDocument, {
      stage: 'NEGOTIATION',
      potential: '60',
    });

    expect(changed.setStagePotential.__typename).toBe('MutationSetStagePotentialSuccess');
    expect(defaults.stagePotentials).toEqual([
      { stage: 'NEW', potential: '0.00' },
      { stage: 'PRESENTATION', potential: '10.00' },
      { stage: 'OFFER', potential: '30.00' },
      { stage: 'NEGOTIATION', potential: '75.00' },
      { stage: 'SALE', potential: '100.00' },
      { stage: 'LOST', potential: '0.00' },
    ]);
    expect(byId.get(plain.id)?.weightedValue).toBe('1500.00');
    expect(byId.get(custom.id)?.weightedValue).toBe('1000.00');
  });

  it('rejects bad stage potential changes', async () => {
    const tooHigh = await admin.client.request(SetStagePotentialDocument, {
      stage: 'OFFER',
      potential: '101',
    });
    const byManager = await manager.client.request(SetStagePotentialDocument, {
      stage: 'OFFER',
      potential: '40',
    });
    const issue =
      tooHigh.setStagePotential.__typename === 'ValidationError'
        ? tooHigh.setStagePotential.issues[0]
        : null;

    expect(issue).toEqual({
      field: 'potential',
      value: '101',
      message: 'must be between 0 and 100 percent, such as "30"',
    });
    expect(byManager.setStagePotential.__typename).toBe('ForbiddenError');
  });

  it('marks lost with reason and competitor', async () => {
    const reason = await createLossReason('Prices too high');
    const created = await create(agent, { value: '5000' });
    await advance(agent, created.id, { stage: 'OFFER' });
    const result = await agent.client.request(MarkOpportunityLostDocument, {
      id: created.id,
      input: { lossReasonId: reason.id, winningCompetitor: 'Rival Soft', notes: 'cheaper offer' },
    });
    const lost = opportunityOf(result.markOpportunityLost);
    const history = await stagesOf(created.id);

    expect(lost.stage).toBe('LOST');
    expect(lost.lossReason).toEqual({ id: reason.id, name: 'Prices too high' });
    expect(lost.winningCompetitor).toBe('Rival Soft');
    expect(lost.closedAt).not.toBeNull();
    expect(lost.weightedValue).toBe('0.00');
    expect(history.at(-1)).toMatchObject({ stage: 'LOST', notes: 'cheaper offer' });
  });

  it('renames and deactivates loss reasons', async () => {
    const reason = await createLossReason('Competitor present');
    const duplicate = await admin.client.request(CreateLossReasonDocument, {
      name: 'Competitor present',
    });
    const renamed = await admin.client.request(UpdateLossReasonDocument, {
      id: reason.id,
      input: { name: 'Competitor already in place' },
    });
    await admin.client.request(UpdateLossReasonDocument, {
      id: reason.id,
      input: { active: false },
    });
    const active = await agent.client.request(LossReasonsDocument, {});
    const all = await agent.client.request(LossReasonsDocument, { includeInactive: true });
    const created = await create(agent);
    const withInactive = await agent.client.request(MarkOpportunityLostDocument, {
      id: created.id,
      input: { lossReasonId: reason.id },
    });
    const byAgent = await agent.client.request(CreateLossReasonDocument, { name: 'No budget' });

    expect(duplicate.createLossReason).toMatchObject({
      __typename: 'ConflictError',
      field: 'name',
      value: 'Competitor present',
    });
    expect(renamed.updateLossReason).toMatchObject({
      data: { name: 'Competitor already in place', active: true },
    });
    expect(active.lossReasons.map((row) => row.id)).not.toContain(reason.id);
    expect(all.lossReasons.find((row) => row.id === reason.id)?.active).toBe(false);
    expect(withInactive.markOpportunityLost).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ field: 'input.lossReasonId', value: reason.id }],
    });
    expect(byAgent.createLossReason.__typename).toBe('ForbiddenError');
  });

  it("rejects an agent on another's opportunity", async () => {
    const created = await create(agent);
    const update = await otherAgent.client.request(UpdateOpportunityDocument, {
      id: created.id,
      input: { value: '1' },
    });
    const advanced = await advance(otherAgent, created.id, { stage: 'OFFER' });
    const read = await otherAgent.client.request(OpportunityWithStagesDocument, { id: created.id });
    const byManager = await manager.client.request(UpdateOpportunityDocument, {
      id: created.id,
      input: { value: '12500.50', probability: 40 },
    });

    expect(update.updateOpportunity).toMatchObject({
      __typename: 'ForbiddenError',
      action: 'updateOpportunity',
    });
    expect(
      update.updateOpportunity.__typename === 'ForbiddenError' && update.updateOpportunity.message,
    ).toContain('agents change only the opportunities they own');
    expect(advanced.__typename).toBe('ForbiddenError');
    expect(read.node?.__typename).toBe('Opportunity');
    expect(opportunityOf(byManager.updateOpportunity)).toMatchObject({
      value: '12500.50',
      probability: 40,
    });
  });

  it('rejects an agent assigning another owner', async () => {
    const partner = await insertLead(api, { name: 'Handover SRL' });
    const result = await agent.client.request(CreateOpportunityDocument, {
      input: {
        title: 'Handover',
        partnerId: partner.globalId,
        value: '100',
        ownerId: otherAgent.employeeGlobalId,
      },
    });

    expect(result.createOpportunity.__typename).toBe('ForbiddenError');
  });

  describe('bad input', () => {
    async function createResult(input: Partial<CreateOpportunityInput>) {
      const partner =
        input.partnerId ?? (await insertLead(api, { name: 'Bad Input SRL' })).globalId;
      const result = await manager.client.request(CreateOpportunityDocument, {
        input: { title: 'Bad input', value: '100', ...input, partnerId: partner },
      });

      return result.createOpportunity;
    }

    /** Counts opportunities and stage rows, to show that a rejected write left nothing. */
    async function countAllRows() {
      const [opportunityCount] = await api.services.db
        .select({ total: count() })
        .from(opportunities);
      const [stageCount] = await api.services.db.select({ total: count() }).from(stageHistory);

      return { opportunities: opportunityCount!.total, stages: stageCount!.total };
    }

    it.each([
      ['probability', { probability: 101 }, '101', 'must be between 0 and 100 percent'],
      ['probability', { probability: -1 }, '-1', 'must be between 0 and 100 percent'],
      [
        'value',
        { value: '-5' },
        '-5',
        'must not be negative; send zero or a positive amount such as "1250.50"',
      ],
      ['value', { value: '10.125' }, '10.125', 'must have at most 2 decimals, such as "1250.50"'],
      [
        'partnerId',
        { partnerId: 'not-an-id' },
        'not-an-id',
        'must be the id of a Partner, as its id field returns it',
      ],
    ])('rejects %s %j', async (field, input, value, message) => {
      const result = await createResult(input);

      expect(result).toMatchObject({
        __typename: 'ValidationError',
        issues: [{ field: `input.${field}`, value, message }],
      });
    });

    it.each([
      ['partnerId', 'Partner', 'partner'],
      ['ownerId', 'Employee', 'employee'],
      ['campaignId', 'Campaign', 'campaign'],
    ])('rejects an unknown %s', async (field, typename, entity) => {
      const partner = await insertLead(api, { name: `Unknown ${field} SRL` });
      const before = await countAllRows();
      const result = await createResult({
        partnerId: partner.globalId,
        [field]: missingId(typename),
      });

      expect(result).toMatchObject({
        __typename: 'NotFoundError',
        entity,
        id: missingId(typename),
        field: `input.${field}`,
      });
      expect(await countAllRows()).toEqual(before);
    });

    it('rejects a malformed expected signing date', async () => {
      const failure = await createResult({ expectedSignOn: '2026-02-30' }).catch(
        (error: unknown) => error,
      );

      expect(failure).toBeInstanceOf(CrmRequestError);
      expect((failure as CrmRequestError).code).toBe('BAD_USER_INPUT');
      expect((failure as CrmRequestError).message).toContain('"$expectedSignOn"');
      expect((failure as CrmRequestError).message).toContain('"2026-02-30"');
      expect((failure as CrmRequestError).message).toContain('send a calendar date as YYYY-MM-DD');
    });

    it('rejects an unknown loss reason', async () => {
      const created = await create(agent);
      const result = await agent.client.request(MarkOpportunityLostDocument, {
        id: created.id,
        input: { lossReasonId: missingId('LossReason') },
      });
      const history = await stagesOf(created.id);

      expect(result.markOpportunityLost).toMatchObject({
        __typename: 'NotFoundError',
        entity: 'loss reason',
        field: 'input.lossReasonId',
      });
      expect(history.map((row) => row.stage)).toEqual(['NEW']);
    });

    it('rejects an unknown delegate', async () => {
      const created = await create(agent);
      const result = await advance(agent, created.id, {
        stage: 'OFFER',
        delegateId: missingId('Employee'),
      });
      const history = await stagesOf(created.id);

      expect(result).toMatchObject({ __typename: 'NotFoundError', field: 'input.delegateId' });
      expect(history.map((row) => row.stage)).toEqual(['NEW']);
    });

    it('rejects advancing a LOST opportunity', async () => {
      const reason = await createLossReason('No budget');
      const created = await create(agent);
      await agent.client.request(MarkOpportunityLostDocument, {
        id: created.id,
        input: { lossReasonId: reason.id },
      });
      const result = await advance(agent, created.id, { stage: 'NEGOTIATION' });
      const history = await stagesOf(created.id);

      expect(result).toMatchObject({
        __typename: 'ValidationError',
        issues: [
          {
            field: 'input.stage',
            value: 'NEGOTIATION',
            message:
              'the opportunity is LOST and takes no further stages; create a new opportunity instead',
          },
        ],
      });
      expect(history.map((row) => row.stage)).toEqual(['NEW', 'LOST']);
    });

    it('rejects invalid stage moves', async () => {
      const created = await create(agent);
      await advance(agent, created.id, { stage: 'NEGOTIATION' });
      const backwards = await advance(agent, created.id, { stage: 'OFFER' });
      const toLost = await advance(agent, created.id, { stage: 'LOST' });
      await advance(agent, created.id, { stage: 'SALE' });
      const outOfSale = await advance(agent, created.id, { stage: 'NEGOTIATION' });
      const messages = [backwards, toLost, outOfSale].map((result) =>
        result.__typename === 'ValidationError' ? result.issues[0]?.message : result.__typename,
      );

      expect(messages).toEqual([
        'stages only move forward and the opportunity is at NEGOTIATION (3); pass NEGOTIATION or a later stage',
        'LOST is entered with markOpportunityLost, which records the loss reason',
        'the opportunity is won (SALE) and cannot leave that stage',
      ]);
    });

    it('rejects a reversed signing range', async () => {
      const failure = await manager.client
        .request(OpportunitiesDocument, {
          filter: { expectedSignFrom: '2026-05-01', expectedSignTo: '2026-04-01' },
        })
        .catch((error: unknown) => error);

      expect((failure as CrmRequestError).code).toBe('VALIDATION');
      expect((failure as CrmRequestError).message).toContain('filter.expectedSignTo');
    });
  });

  describe('all input problems at once', () => {
    type Issues = Pick<MutationResult, '__typename' | 'issues'>;

    function issuesOf(result: Issues) {
      if (result.__typename !== 'ValidationError' || !result.issues) {
        throw new Error(`expected a ValidationError, got ${result.__typename}`);
      }

      return result.issues;
    }

    function issueAt(result: Issues, field: string) {
      return issuesOf(result).find((issue) => issue.field === field);
    }

    it('createOpportunity reports every invalid field', async () => {
      const result = await manager.client.request(CreateOpportunityDocument, {
        input: { title: '', partnerId: 'nope', value: '-1', probability: 150 },
      });

      expect(issuesOf(result.createOpportunity).map((issue) => issue.field)).toEqual([
        'input.title',
        'input.partnerId',
        'input.value',
        'input.probability',
      ]);
      expect(issueAt(result.createOpportunity, 'input.title')).toEqual({
        field: 'input.title',
        value: '',
        message: 'must not be empty; give the opportunity a short title',
      });
      expect(issueAt(result.createOpportunity, 'input.partnerId')).toEqual({
        field: 'input.partnerId',
        value: 'nope',
        message: 'must be the id of a Partner, as its id field returns it',
      });
      expect(issueAt(result.createOpportunity, 'input.value')).toEqual({
        field: 'input.value',
        value: '-1',
        message: 'must not be negative; send zero or a positive amount such as "1250.50"',
      });
      expect(issueAt(result.createOpportunity, 'input.probability')).toEqual({
        field: 'input.probability',
        value: '150',
        message: 'must be between 0 and 100 percent',
      });
    });

    it('updateOpportunity reports the id, a long title and the value', async () => {
      const result = await manager.client.request(UpdateOpportunityDocument, {
        id: 'not-an-id',
        input: { title: 'T'.repeat(301), value: '1.005' },
      });

      expect(issueAt(result.updateOpportunity, 'id')).toEqual({
        field: 'id',
        value: 'not-an-id',
        message: 'must be the id of an Opportunity, as its id field returns it',
      });
      expect(issueAt(result.updateOpportunity, 'input.title')).toEqual({
        field: 'input.title',
        value: `${'T'.repeat(77)}...`,
        message: 'must be at most 300 characters, but has 301; shorten it',
      });
      expect(issueAt(result.updateOpportunity, 'input.value')).toEqual({
        field: 'input.value',
        value: '1.005',
        message: 'must have at most 2 decimals, such as "1250.50"',
      });
    });

    it('accepts a title of exactly 300 characters', async () => {
      const created = await create(manager, { title: 'O'.repeat(300) });

      expect(created.title).toHaveLength(300);
    });

    it('advanceOpportunityStage reports the id and the delegate', async () => {
      const result = await advance(agent, missingId('Partner'), {
        stage: 'OFFER',
        delegateId: 'someone',
      });

      expect(issueAt(result, 'id')).toMatchObject({
        value: missingId('Partner'),
        message: 'must be the id of an Opportunity, as its id field returns it',
      });
      expect(issueAt(result, 'input.delegateId')).toEqual({
        field: 'input.delegateId',
        value: 'someone',
        message: 'must be the id of an Employee, as its id field returns it',
      });
    });

    it('markOpportunityLost reports a long competitor and a bad reason id', async () => {
      const created = await create(agent);
      const result = await agent.client.request(MarkOpportunityLostDocument, {
        id: created.id,
        input: { lossReasonId: created.id, winningCompetitor: 'C'.repeat(201) },
      });
      const history = await stagesOf(created.id);

      expect(issueAt(result.markOpportunityLost, 'input.lossReasonId')).toEqual({
        field: 'input.lossReasonId',
        value: created.id,
        message: 'must be the id of a LossReason, as its id field returns it',
      });
      expect(issueAt(result.markOpportunityLost, 'input.winningCompetitor')).toEqual({
        field: 'input.winningCompetitor',
        value: `${'C'.repeat(77)}...`,
        message: 'must be at most 200 characters, but has 201; shorten it',
      });
      expect(history.map((row) => row.stage)).toEqual(['NEW']);
    });

    it('markOpportunityLost reports a closed opportunity and an inactive reason', async () => {
      const reason = await createLossReason('Bought elsewhere');
      const inactive = await createLossReason('Retired reason');
      await admin.client.request(UpdateLossReasonDocument, {
        id: inactive.id,
        input: { active: false },
      });
      const created = await create(agent);
      await agent.client.request(MarkOpportunityLostDocument, {
        id: created.id,
        input: { lossReasonId: reason.id },
      });
      const result = await agent.client.request(MarkOpportunityLostDocument, {
        id: created.id,
        input: { lossReasonId: inactive.id },
      });

      expect(issueAt(result.markOpportunityLost, 'id')).toEqual({
        field: 'id',
        value: created.id,
        message: 'the opportunity is already closed as LOST; only open opportunities can be lost',
      });
      expect(issueAt(result.markOpportunityLost, 'input.lossReasonId')).toEqual({
        field: 'input.lossReasonId',
        value: inactive.id,
        message:
          'the loss reason "Retired reason" is deactivated; pick an active reason from lossReasons',
      });
    });

    it('setOpportunityStagePotential reports the id and the potential', async () => {
      const result = await manager.client.request(SetOpportunityStagePotentialDocument, {
        opportunityId: 'x',
        stage: 'OFFER',
        potential: '120',
      });
      const payload = result.setOpportunityStagePotential;

      expect(issueAt(payload, 'opportunityId')).toMatchObject({ value: 'x' });
      expect(issueAt(payload, 'potential')).toEqual({
        field: 'potential',
        value: '120',
        message: 'must be between 0 and 100 percent, such as "30"',
      });
    });

    it('createLossReason rejects a name above 200 characters', async () => {
      const result = await admin.client.request(CreateLossReasonDocument, {
        name: 'R'.repeat(201),
      });

      expect(issuesOf(result.createLossReason)).toEqual([
        {
          field: 'name',
          value: `${'R'.repeat(77)}...`,
          message: 'must be at most 200 characters, but has 201; shorten it',
        },
      ]);
    });

    it('updateLossReason reports the id and an empty name', async () => {
      const result = await admin.client.request(UpdateLossReasonDocument, {
        id: 'bad',
        input: { name: ' ' },
      });

      expect(issueAt(result.updateLossReason, 'id')).toMatchObject({ value: 'bad' });
      expect(issueAt(result.updateLossReason, 'input.name')).toEqual({
        field: 'input.name',
        value: ' ',
        message: 'must not be empty; name the reason, such as "Price too high"',
      });
    });
  });

  describe('lists', () => {
    it("lists a partner's opportunities newest first", async () => {
      const partner = await insertLead(api, { name: 'Two Deals SRL' });
      const older = await create(agent, { partnerId: partner.globalId, title: 'Older deal' });
      const newer = await create(agent, { partnerId: partner.globalId, title: 'Newer deal' });
      await create(agent, { title: 'Other partner deal' });
      const read = await agent.client.request(PartnerOpportunitiesDocument, {
        id: partner.globalId,
        first: 10,
      });

      expect(read.node).toMatchObject({
        __typename: 'Partner',
        opportunities: { edges: [{ node: { id: newer.id } }, { node: { id: older.id } }] },
      });
    });

    it('clears nullable fields with null', async () => {
      const created = await create(agent, { expectedSignOn: '2026-10-01', title: 'Dated deal' });
      const result = await agent.client.request(UpdateOpportunityDocument, {
        id: created.id,
        input: { expectedSignOn: null, title: 'Undated deal' },
      });

      expect(opportunityOf(result.updateOpportunity)).toMatchObject({
        title: 'Undated deal',
        expectedSignOn: null,
        value: '10000.00',
      });
    });

    it('pages by expected signing date', async () => {
      const partner = await insertLead(api, { name: 'Paging SRL' });
      for (const date of ['2027-03-01', '2027-01-01', null, '2027-02-01']) {
        await create(manager, {
          partnerId: partner.globalId,
          expectedSignOn: date,
          title: `${date}`,
        });
      }
      const first = await manager.client.request(OpportunitiesDocument, {
        filter: { partnerId: partner.globalId },
        first: 2,
      });
      const second = await manager.client.request(OpportunitiesDocument, {
        filter: { partnerId: partner.globalId },
        first: 2,
        after: first.opportunities.pageInfo.endCursor,
      });
      const titles = [...first.opportunities.edges, ...second.opportunities.edges].map(
        (edge) => edge.node.title,
      );

      expect(titles).toEqual(['2027-01-01', '2027-02-01', '2027-03-01', 'null']);
      expect(second.opportunities.pageInfo.hasNextPage).toBe(false);
    });

    it('batches nested stages and partners', async () => {
      const query = `query($first: Int) {
        opportunities(first: $first, orderBy: VALUE_DESC) {
          edges { node { id partner { id name opportunities(first: 5) { edges { node { id } } } }
            owner { name } stages(first: 10) { edges { node { stage delegate { name } } } } } }
        }
      }`;
      const small = await postGraphQL(api.graphqlUrl, query, { first: 2 }, manager.token);
      const large = await postGraphQL(api.graphqlUrl, query, { first: 20 }, manager.token);

      expect(small.errors).toBeUndefined();
      expect(large.errors).toBeUndefined();
      expect(large.statements).toBe(small.statements);
    });
  });
});
