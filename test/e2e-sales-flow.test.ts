import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdvanceOpportunityStageDocument,
  CreateLossReasonDocument,
  CreateOpportunityDocument,
  CreatePartnerDocument,
  CreateTaskDocument,
  MarkOpportunityLostDocument,
  OpportunityWithStagesDocument,
  PipelineSummaryDocument,
  ResolveTaskDocument,
  TaskAssignedDocument,
  UpdateTaskDocument,
} from '../sdk/index.js';
import { startTestApi, type TestApi } from './support/api.js';
import { watchSubscriptions } from './support/subscription-watch.js';
import { createActor, type TestActor, within } from './support/task-fixtures.js';

const WAIT_MS = 5000;

/** Returns the payload of a mutation result, or fails with the error it returned. */
function dataOf<T extends { __typename: string }>(
  result: T,
): Extract<T, { data: unknown }>['data'] {
  if (!('data' in result)) throw new Error(`${result.__typename}: ${JSON.stringify(result)}`);

  return (result as Extract<T, { data: unknown }>).data;
}

describe('sales flow through the SDK', () => {
  let api: TestApi;
  let admin: TestActor;
  let manager: TestActor;
  let agent: TestActor;
  let otherAgent: TestActor;
  const outcome: Record<string, unknown> = {};

  beforeAll(async () => {
    api = await startTestApi();
    const probe = watchSubscriptions(api);
    admin = await createActor(api, 'ADMIN', 'Adela Admin');
    manager = await createActor(api, 'MANAGER', 'Mihai Manager');
    agent = await createActor(api, 'AGENT', 'Ana Agent');
    otherAgent = await createActor(api, 'AGENT', 'Bogdan Agent');

    const partner = dataOf(
      (
        await manager.client.request(CreatePartnerDocument, {
          input: {
            name: 'Ştefăneşti Agro SRL',
            taxId: 'RO18547290',
            county: 'Cluj',
            locality: 'Cluj-Napoca',
            isLead: true,
            sites: [
              {
                name: 'Sediu',
                address: 'Str. Memorandumului 28',
                emails: ['Office@Stefanesti-Agro.ro'],
              },
            ],
          },
        })
      ).createPartner,
    );
    outcome.partnerSiteEmails = partner.sites.map((site) => site.emails);

    const won = dataOf(
      (
        await manager.client.request(CreateOpportunityDocument, {
          input: {
            partnerId: partner.id,
            title: 'Irigații 2027',
            value: '12500.50',
            ownerId: manager.employeeGlobalId,
          },
        })
      ).createOpportunity,
    );
    const stages = ['PRESENTATION', 'OFFER', 'NEGOTIATION', 'SALE'] as const;
    for (const [index, stage] of stages.entries()) {
      const advanced = await manager.client.request(AdvanceOpportunityStageDocument, {
        id: won.id,
        input: {
          stage,
          delegateId: agent.employeeGlobalId,
          notes: `Etapa ${index + 1}`,
          followUpAt: `2027-0${index + 1}-15T09:00:00+02:00`,
        },
      });
      outcome[`advance ${stage}`] = advanced.advanceOpportunityStage.__typename;
    }
    const history = await manager.client.request(OpportunityWithStagesDocument, {
      id: won.id,
      first: 10,
    });
    outcome.history = history.node;

    const lostReason = dataOf(
      (await admin.client.request(CreateLossReasonDocument, { name: 'Prețuri prea mari' }))
        .createLossReason,
    );
    const lost = dataOf(
      (
        await manager.client.request(CreateOpportunityDocument, {
          input: {
            partnerId: partner.id,
            title: 'Service anual',
            value: '3000',
            ownerId: manager.employeeGlobalId,
          },
        })
      ).createOpportunity,
    );
    outcome.lost = dataOf(
      (
        await manager.client.request(MarkOpportunityLostDocument, {
          id: lost.id,
          input: { lossReasonId: lostReason.id, winningCompetitor: 'Concurent SA' },
        })
      ).markOpportunityLost,
    );

    const sseStarted = probe.nextStart('taskAssigned', agent.userId);
    const sse = agent.client.subscribe(TaskAssignedDocument, {}, 'sse');
    const sseFirst = sse.next();
    await within(sseStarted, WAIT_MS, 'the SSE subscription to start');
    const wsStarted = probe.nextStart('taskAssigned', agent.userId);
    const ws = agent.client.subscribe(TaskAssignedDocument, {}, 'ws');
    const wsFirst = ws.next();
    await within(wsStarted, WAIT_MS, 'the WebSocket subscription to start');

    const task = dataOf(
      (
        await manager.client.request(CreateTaskDocument, {
          input: {
            title: 'Trimite contractul',
            beneficiaryId: partner.id,
            responsibleId: agent.employeeGlobalId,
          },
        })
      ).createTask,
    );
    outcome.taskId = task.id;
    outcome.sseTask = (await within(sseFirst, WAIT_MS, 'the SSE event')).value;
    outcome.wsTask = (await within(wsFirst, WAIT_MS, 'the WebSocket event')).value;
    agent.client.close();

    outcome.otherAgentEdit = (
      await otherAgent.client.request(UpdateTaskDocument, {
        id: task.id,
        input: { title: 'Preluat' },
      })
    ).updateTask.__typename;
    outcome.resolve = (
      await agent.client.request(ResolveTaskDocument, { id: task.id })
    ).resolveTask;
    outcome.pipeline = (await manager.client.request(PipelineSummaryDocument, {})).pipelineSummary;
    outcome.wonPartner = won.partner;
  });
  afterAll(async () => {
    await api.close();
  });

  it('stores the site email normalized', () => {
    expect(outcome.partnerSiteEmails).toEqual([['office@stefanesti-agro.ro']]);
  });

  it('advances through stages 1 to 4', () => {
    const results = ['PRESENTATION', 'OFFER', 'NEGOTIATION', 'SALE'].map(
      (stage) => outcome[`advance ${stage}`],
    );

    expect(results).toEqual(Array(4).fill('MutationAdvanceOpportunityStageSuccess'));
  });

  it('records every stage with its follow-up date', () => {
    const history = outcome.history as {
      stages: { edges: { node: { stage: string; followUpAt: string | null } }[] };
    };
    const rows = history.stages.edges.map((edge) => [edge.node.stage, edge.node.followUpAt]);

    expect(rows).toEqual([
      ['NEW', null],
      ['PRESENTATION', '2027-01-15T07:00:00.000Z'],
      ['OFFER', '2027-02-15T07:00:00.000Z'],
      ['NEGOTIATION', '2027-03-15T07:00:00.000Z'],
      ['SALE', '2027-04-15T07:00:00.000Z'],
    ]);
  });

  it('turns the lead into a customer on sale', () => {
    const history = outcome.history as {
      partner: { isLead: boolean; customerSince: string | null };
    };

    expect(history.partner.isLead).toBe(false);
    expect(history.partner.customerSince).not.toBeNull();
  });

  it('marks the other opportunity lost with reason', () => {
    expect(outcome.lost).toMatchObject({
      stage: 'LOST',
      winningCompetitor: 'Concurent SA',
      lossReason: { name: 'Prețuri prea mari' },
    });
  });

  it('delivers the new task over SSE', () => {
    expect(outcome.sseTask).toMatchObject({ taskAssigned: { id: outcome.taskId } });
  });

  it('delivers the new task over WebSocket', () => {
    expect(outcome.wsTask).toMatchObject({ taskAssigned: { id: outcome.taskId } });
  });

  it("refuses another agent's edit", () => {
    expect(outcome.otherAgentEdit).toBe('ForbiddenError');
  });

  it('lets the agent resolve the task', () => {
    expect(outcome.resolve).toMatchObject({ data: { status: 'RESOLVED' } });
  });

  it('sums the pipeline by stage', () => {
    const pipeline = outcome.pipeline as {
      byStage: { stage: string; count: number; value: string; weightedValue: string }[];
    };
    const nonEmpty = pipeline.byStage.filter((row) => row.count > 0);

    expect(nonEmpty).toEqual([
      { stage: 'SALE', count: 1, value: '12500.50', weightedValue: '12500.50' },
      { stage: 'LOST', count: 1, value: '3000.00', weightedValue: '0.00' },
    ]);
  });
});
