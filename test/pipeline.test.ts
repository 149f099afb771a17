import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdvanceOpportunityStageDocument,
  CreateLossReasonDocument,
  CreateOpportunityDocument,
  CrmRequestError,
  MarkOpportunityLostDocument,
  PipelineSummaryDocument,
  type Stage,
} from '../sdk/index.js';
import { startTestApi, type TestApi } from './support/api.js';
import { postGraphQL } from './support/graphql.js';
import { createSalesActor, insertLead, type SalesActor } from './support/sales-fixtures.js';

interface Seed {
  owner: 'ana' | 'bogdan';
  value: string;
  expectedSignOn: string | null;
  stage: Stage;
}

// Default potentials: NEW 0, PRESENTATION 10, OFFER 30, NEGOTIATION 60, SALE 100, LOST 0.
const SEEDS: Seed[] = [
  { owner: 'ana', value: '1000.50', expectedSignOn: '2026-03-10', stage: 'NEW' },
  { owner: 'ana', value: '2000', expectedSignOn: '2026-03-20', stage: 'OFFER' },
  // 333.33 x 60% = 199.998, stored rounded to 200.00
  { owner: 'ana', value: '333.33', expectedSignOn: '2026-04-05', stage: 'NEGOTIATION' },
  { owner: 'bogdan', value: '1500', expectedSignOn: '2026-04-15', stage: 'SALE' },
  // 999.99 x 10% = 99.999, stored rounded to 100.00
  { owner: 'bogdan', value: '999.99', expectedSignOn: null, stage: 'PRESENTATION' },
  { owner: 'bogdan', value: '400', expectedSignOn: '2026-03-01', stage: 'LOST' },
];

describe('pipeline summary', () => {
  let api: TestApi;
  let owners: Record<Seed['owner'], SalesActor>;

  beforeAll(async () => {
    api = await startTestApi();
    const admin = await createSalesActor(api, 'ADMIN', 'Petra Admin');
    owners = {
      ana: await createSalesActor(api, 'AGENT', 'Ana Vlad'),
      bogdan: await createSalesActor(api, 'AGENT', 'Bogdan Sima'),
    };
    const reason = await admin.client.request(CreateLossReasonDocument, { name: 'No budget' });
    if (reason.createLossReason.__typename !== 'MutationCreateLossReasonSuccess') {
      throw new Error(reason.createLossReason.message);
    }
    const partner = await insertLead(api, { name: 'Pipeline SRL' });
    for (const seed of SEEDS) {
      await createAtStage(
        owners[seed.owner],
        partner.globalId,
        seed,
        reason.createLossReason.data.id,
      );
    }
  });
  afterAll(async () => {
    await api.close();
  });

  async function createAtStage(owner: SalesActor, partnerId: string, seed: Seed, reasonId: string) {
    const created = await owner.client.request(CreateOpportunityDocument, {
      input: {
        title: `${seed.stage} ${seed.value}`,
        partnerId,
        value: seed.value,
        expectedSignOn: seed.expectedSignOn,
      },
    });
    if (created.createOpportunity.__typename !== 'MutationCreateOpportunitySuccess') {
      throw new Error(created.createOpportunity.message);
    }
    const id = created.createOpportunity.data.id;
    if (seed.stage === 'LOST') {
      await owner.client.request(MarkOpportunityLostDocument, {
        id,
        input: { lossReasonId: reasonId },
      });
    } else if (seed.stage !== 'NEW') {
      await owner.client.request(AdvanceOpportunityStageDocument, {
        id,
        input: { stage: seed.stage },
      });
    }
  }

  it('sums the whole pipeline exactly', async () => {
    const { pipelineSummary } = await owners.ana.client.request(PipelineSummaryDocument, {});

    expect(pipelineSummary.total).toEqual({
      count: 6,
      value: '6233.82',
      weightedValue: '2400.00',
    });
  });

  it('sums each stage, empty stages included', async () => {
    const { pipelineSummary } = await owners.ana.client.request(PipelineSummaryDocument, {});

    expect(pipelineSummary.byStage).toEqual([
      { stage: 'NEW', count: 1, value: '1000.50', weightedValue: '0.00' },
      { stage: 'PRESENTATION', count: 1, value: '999.99', weightedValue: '100.00' },
      { stage: 'OFFER', count: 1, value: '2000.00', weightedValue: '600.00' },
      { stage: 'NEGOTIATION', count: 1, value: '333.33', weightedValue: '200.00' },
      { stage: 'SALE', count: 1, value: '1500.00', weightedValue: '1500.00' },
      { stage: 'LOST', count: 1, value: '400.00', weightedValue: '0.00' },
    ]);
  });

  it('sums each owner, largest weighted value first', async () => {
    const { pipelineSummary } = await owners.ana.client.request(PipelineSummaryDocument, {});

    expect(pipelineSummary.byOwner).toEqual([
      {
        owner: { id: owners.bogdan.employeeGlobalId, name: 'Bogdan Sima' },
        count: 3,
        value: '2899.99',
        weightedValue: '1600.00',
      },
      {
        owner: { id: owners.ana.employeeGlobalId, name: 'Ana Vlad' },
        count: 3,
        value: '3333.83',
        weightedValue: '800.00',
      },
    ]);
  });

  it('sums each month of expected signing with its stages', async () => {
    const { pipelineSummary } = await owners.ana.client.request(PipelineSummaryDocument, {});

    expect(pipelineSummary.byMonth).toEqual([
      {
        month: '2026-03',
        count: 3,
        value: '3400.50',
        weightedValue: '600.00',
        stages: [
          { stage: 'NEW', count: 1, value: '1000.50', weightedValue: '0.00' },
          { stage: 'OFFER', count: 1, value: '2000.00', weightedValue: '600.00' },
          { stage: 'LOST', count: 1, value: '400.00', weightedValue: '0.00' },
        ],
      },
      {
        month: '2026-04',
        count: 2,
        value: '1833.33',
        weightedValue: '1700.00',
        stages: [
          { stage: 'NEGOTIATION', count: 1, value: '333.33', weightedValue: '200.00' },
          { stage: 'SALE', count: 1, value: '1500.00', weightedValue: '1500.00' },
        ],
      },
      {
        month: null,
        count: 1,
        value: '999.99',
        weightedValue: '100.00',
        stages: [{ stage: 'PRESENTATION', count: 1, value: '999.99', weightedValue: '100.00' }],
      },
    ]);
  });

  it('filters by owner and expected signing period', async () => {
    const { pipelineSummary } = await owners.bogdan.client.request(PipelineSummaryDocument, {
      filter: { ownerId: owners.ana.employeeGlobalId, from: '2026-03-15', to: '2026-04-30' },
    });

    expect(pipelineSummary.total).toEqual({ count: 2, value: '2333.33', weightedValue: '800.00' });
    expect(pipelineSummary.byMonth.map((month) => month.month)).toEqual(['2026-03', '2026-04']);
  });

  it('returns zeros when nothing matches', async () => {
    const { pipelineSummary } = await owners.ana.client.request(PipelineSummaryDocument, {
      filter: { from: '2030-01-01' },
    });

    expect(pipelineSummary.total).toEqual({ count: 0, value: '0.00', weightedValue: '0.00' });
    expect(pipelineSummary.byOwner).toEqual([]);
    expect(pipelineSummary.byMonth).toEqual([]);
  });

  it('rejects a period that ends before it starts', async () => {
    const failure = await owners.ana.client
      .request(PipelineSummaryDocument, { filter: { from: '2026-05-01', to: '2026-04-01' } })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(CrmRequestError);
    expect((failure as CrmRequestError).code).toBe('VALIDATION');
    expect((failure as CrmRequestError).message).toBe(
      'filter.to: must not be before filter.from (2026-05-01); swap the dates',
    );
  });

  it('uses one statement plus owner lookup', async () => {
    const query = `{ pipelineSummary { total { count } byOwner { owner { name } } } }`;
    const withOwners = await postGraphQL(api.graphqlUrl, query, {}, owners.ana.token);
    const withoutOwners = await postGraphQL(
      api.graphqlUrl,
      `{ pipelineSummary { total { count } } }`,
      {},
      owners.ana.token,
    );

    const authenticationOnly = await postGraphQL(
      api.graphqlUrl,
      '{ __typename }',
      {},
      owners.ana.token,
    );

    expect(withOwners.errors).toBeUndefined();
    expect(withoutOwners.statements - authenticationOnly.statements).toBe(1);
    expect(withOwners.statements - withoutOwners.statements).toBe(1);
  });
});
