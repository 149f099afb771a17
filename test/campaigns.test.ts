import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddCampaignTargetsByFilterDocument,
  AddCampaignTargetsDocument,
  type CampaignFieldsFragment,
  type CampaignInput,
  CampaignsDocument,
  CampaignWithTargetsDocument,
  CreateCampaignDocument,
  GenerateCampaignOpportunitiesDocument,
  OpportunityWithStagesDocument,
  RemoveCampaignTargetDocument,
  UpdateCampaignDocument,
} from '../sdk/index.js';
import { decodeGlobalId } from '../src/graphql/global-id.js';
import { campaignTargets } from '../src/campaigns/tables.js';
import { opportunities } from '../src/opportunities/tables.js';
import { startTestApi, type TestApi } from './support/api.js';
import { postGraphQL } from './support/graphql.js';
import {
  createSalesActor,
  insertLead,
  missingId,
  type SalesActor,
} from './support/sales-fixtures.js';

describe('campaigns', () => {
  let api: TestApi;
  let manager: SalesActor;
  let agent: SalesActor;

  beforeAll(async () => {
    api = await startTestApi();
    manager = await createSalesActor(api, 'MANAGER', 'Mihai Manager');
    agent = await createSalesActor(api, 'AGENT', 'Alina Agent');
  });
  afterAll(async () => {
    await api.close();
  });

  const spring: CampaignInput = {
    name: 'Spring ERP upgrade',
    startsOn: '2026-03-01',
    endsOn: '2026-05-31',
    objective: 'Move customers to the new ERP version',
    segment: 'Retail',
    estimatedCost: '15000.50',
    estimatedRevenue: '120000',
  };

  async function createCampaign(
    input: Partial<CampaignInput> = {},
  ): Promise<CampaignFieldsFragment> {
    const result = await manager.client.request(CreateCampaignDocument, {
      input: { ...spring, ...input },
    });
    if (result.createCampaign.__typename !== 'MutationCreateCampaignSuccess') {
      throw new Error(result.createCampaign.message);
    }

    return result.createCampaign.data;
  }

  async function targetNames(campaignId: string): Promise<string[]> {
    const read = await manager.client.request(CampaignWithTargetsDocument, {
      id: campaignId,
      first: 100,
    });
    if (read.node?.__typename !== 'Campaign') throw new Error('not a campaign');

    return read.node.targets.edges.map((edge) => edge.node.name);
  }

  async function countTargets(campaignId: string): Promise<number> {
    const [row] = await api.services.db
      .select({ total: count() })
      .from(campaignTargets)
      .where(eq(campaignTargets.campaignId, decodeGlobalId(campaignId, 'Campaign')!));

    return row!.total;
  }

  it('creates a campaign with exact amounts', async () => {
    const campaign = await createCampaign();

    expect(campaign).toMatchObject({
      name: 'Spring ERP upgrade',
      startsOn: '2026-03-01',
      endsOn: '2026-05-31',
      segment: 'Retail',
      estimatedCost: '15000.50',
      estimatedRevenue: '120000.00',
    });
  });

  it('lists campaigns by text and by active date', async () => {
    await createCampaign({ name: 'Autumn fair', startsOn: '2026-09-01', endsOn: '2026-09-30' });
    await createCampaign({
      name: 'Winter retail push',
      startsOn: '2026-12-01',
      endsOn: '2027-01-31',
    });
    const byText = await agent.client.request(CampaignsDocument, {
      filter: { text: 'winter' },
    });
    const activeOnLastDay = await agent.client.request(CampaignsDocument, {
      filter: { activeOn: '2026-09-30' },
    });
    const activeOnNone = await agent.client.request(CampaignsDocument, {
      filter: { activeOn: '2026-11-15' },
    });

    expect(byText.campaigns.edges.map((edge) => edge.node.name)).toEqual(['Winter retail push']);
    expect(activeOnLastDay.campaigns.edges.map((edge) => edge.node.name)).toEqual(['Autumn fair']);
    expect(activeOnNone.campaigns.edges).toEqual([]);
  });

  it('updates a campaign', async () => {
    const campaign = await createCampaign({ name: 'Draft' });
    const result = await manager.client.request(UpdateCampaignDocument, {
      id: campaign.id,
      input: { ...spring, name: 'Final', estimatedCost: '0.99' },
    });

    expect(result.updateCampaign).toMatchObject({
      __typename: 'MutationUpdateCampaignSuccess',
      data: { name: 'Final', estimatedCost: '0.99' },
    });
  });

  it.each([
    [
      'endsOn',
      { endsOn: '2026-02-28' },
      '2026-02-28',
      'must be on or after startsOn; a campaign ends on or after the day it starts',
    ],
    [
      'estimatedCost',
      { estimatedCost: '-1' },
      '-1',
      'must not be negative; send zero or a positive amount such as "1250.50"',
    ],
    [
      'estimatedRevenue',
      { estimatedRevenue: '-0.01' },
      '-0.01',
      'must not be negative; send zero or a positive amount such as "1250.50"',
    ],
  ])('rejects a bad %s', async (field, input, value, message) => {
    const result = await manager.client.request(CreateCampaignDocument, {
      input: { ...spring, ...input },
    });

    expect(result.createCampaign).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ field: `input.${field}`, value, message }],
    });
  });

  it('rejects campaign creation by agents', async () => {
    const result = await agent.client.request(CreateCampaignDocument, { input: spring });

    expect(result.createCampaign.__typename).toBe('ForbiddenError');
  });

  it('adds targets by id once each', async () => {
    const campaign = await createCampaign();
    const first = await insertLead(api, { name: 'Alfa Retail' });
    const second = await insertLead(api, { name: 'Beta Retail' });
    const third = await insertLead(api, { name: 'Gama Retail' });
    const added = await manager.client.request(AddCampaignTargetsDocument, {
      campaignId: campaign.id,
      partnerIds: [first.globalId, second.globalId, first.globalId],
    });
    const again = await manager.client.request(AddCampaignTargetsDocument, {
      campaignId: campaign.id,
      partnerIds: [second.globalId, third.globalId],
    });

    expect(added.addCampaignTargets).toMatchObject({ data: { addedCount: 2 } });
    expect(again.addCampaignTargets).toMatchObject({ data: { addedCount: 1 } });
    expect(await targetNames(campaign.id)).toEqual(['Alfa Retail', 'Beta Retail', 'Gama Retail']);
  });

  it('rejects an unknown target partner', async () => {
    const campaign = await createCampaign();
    const known = await insertLead(api, { name: 'Known SRL' });
    const result = await manager.client.request(AddCampaignTargetsDocument, {
      campaignId: campaign.id,
      partnerIds: [known.globalId, missingId('Partner')],
    });

    expect(result.addCampaignTargets).toMatchObject({
      __typename: 'NotFoundError',
      entity: 'partner',
      id: missingId('Partner'),
      field: 'partnerIds.1',
    });
    expect(await countTargets(campaign.id)).toBe(0);
  });

  it('rejects an unknown campaign', async () => {
    const known = await insertLead(api, { name: 'Orphan SRL' });
    const result = await manager.client.request(AddCampaignTargetsDocument, {
      campaignId: missingId('Campaign'),
      partnerIds: [known.globalId],
    });

    expect(result.addCampaignTargets).toMatchObject({
      __typename: 'NotFoundError',
      entity: 'campaign',
      field: 'campaignId',
    });
  });

  it('adds the partners a filter picks', async () => {
    const campaign = await createCampaign();
    await insertLead(api, {
      name: 'Cluj Big SRL',
      county: 'CJ',
      turnover: '500000',
      employeeCount: 40,
    });
    await insertLead(api, {
      name: 'Cluj Small SRL',
      county: 'CJ',
      turnover: '50000',
      employeeCount: 3,
    });
    await insertLead(api, {
      name: 'Iași Big SRL',
      county: 'IS',
      turnover: '900000',
      employeeCount: 80,
    });
    await insertLead(api, {
      name: 'Cluj Above SRL',
      county: 'CJ',
      turnover: '100000',
      employeeCount: 12,
    });
    await insertLead(api, {
      name: 'Cluj Unknown SRL',
      county: 'CJ',
      activityDomain: 'Retail',
    });
    const result = await manager.client.request(AddCampaignTargetsByFilterDocument, {
      campaignId: campaign.id,
      filter: { county: 'CJ', turnoverMin: '100000' },
    });
    const byDomain = await manager.client.request(AddCampaignTargetsByFilterDocument, {
      campaignId: campaign.id,
      filter: { activityDomain: 'retail', employeeCountMax: 10 },
    });

    expect(result.addCampaignTargetsByFilter).toMatchObject({ data: { addedCount: 2 } });
    expect(byDomain.addCampaignTargetsByFilter).toMatchObject({ data: { addedCount: 0 } });
    expect(await targetNames(campaign.id)).toEqual(['Cluj Above SRL', 'Cluj Big SRL']);
  });

  it('rejects an empty target filter', async () => {
    const campaign = await createCampaign();
    const result = await manager.client.request(AddCampaignTargetsByFilterDocument, {
      campaignId: campaign.id,
      filter: {},
    });

    expect(result.addCampaignTargetsByFilter).toMatchObject({
      __typename: 'ValidationError',
      issues: [
        {
          field: 'filter',
          message: 'give at least one criterion; an empty filter would target every partner',
        },
      ],
    });
  });

  it('removes a target', async () => {
    const campaign = await createCampaign();
    const keptTarget = await insertLead(api, { name: 'Kept SRL' });
    const removed = await insertLead(api, { name: 'Removed SRL' });
    await manager.client.request(AddCampaignTargetsDocument, {
      campaignId: campaign.id,
      partnerIds: [keptTarget.globalId, removed.globalId],
    });
    const result = await manager.client.request(RemoveCampaignTargetDocument, {
      campaignId: campaign.id,
      partnerId: removed.globalId,
    });
    const missing = await manager.client.request(RemoveCampaignTargetDocument, {
      campaignId: campaign.id,
      partnerId: removed.globalId,
    });

    expect(result.removeCampaignTarget.__typename).toBe('MutationRemoveCampaignTargetSuccess');
    expect(missing.removeCampaignTarget).toMatchObject({
      __typename: 'NotFoundError',
      field: 'partnerId',
    });
    expect(await targetNames(campaign.id)).toEqual(['Kept SRL']);
  });

  describe('all input problems at once', () => {
    interface Issue {
      field: string;
      value: string | null;
      message: string;
    }

    function issuesOf(result: { __typename: string; issues?: Issue[] }): Issue[] {
      if (result.__typename !== 'ValidationError' || !result.issues) {
        throw new Error(`expected a ValidationError, got ${result.__typename}`);
      }

      return result.issues;
    }

    function issueAt(result: { __typename: string; issues?: Issue[] }, field: string) {
      return issuesOf(result).find((issue) => issue.field === field);
    }

    it('createCampaign reports every invalid field', async () => {
      const result = await manager.client.request(CreateCampaignDocument, {
        input: {
          ...spring,
          name: '  ',
          segment: 'S'.repeat(201),
          estimatedCost: '-3',
          endsOn: '2026-02-01',
        },
      });
      const payload = result.createCampaign;

      expect(issuesOf(payload).map((issue) => issue.field)).toEqual([
        'input.name',
        'input.segment',
        'input.estimatedCost',
        'input.endsOn',
      ]);
      expect(issueAt(payload, 'input.name')).toEqual({
        field: 'input.name',
        value: '  ',
        message: 'must not be empty; name the campaign, such as "Spring fair 2026"',
      });
      expect(issueAt(payload, 'input.segment')).toEqual({
        field: 'input.segment',
        value: `${'S'.repeat(77)}...`,
        message: 'must be at most 200 characters, but has 201; shorten it',
      });
      expect(issueAt(payload, 'input.estimatedCost')).toEqual({
        field: 'input.estimatedCost',
        value: '-3',
        message: 'must not be negative; send zero or a positive amount such as "1250.50"',
      });
      expect(issueAt(payload, 'input.endsOn')).toEqual({
        field: 'input.endsOn',
        value: '2026-02-01',
        message: 'must be on or after startsOn; a campaign ends on or after the day it starts',
      });
    });

    it('updateCampaign reports the id and a long name', async () => {
      const result = await manager.client.request(UpdateCampaignDocument, {
        id: missingId('Partner'),
        input: { ...spring, name: 'N'.repeat(201) },
      });

      expect(issueAt(result.updateCampaign, 'id')).toEqual({
        field: 'id',
        value: missingId('Partner'),
        message: 'must be the id of a Campaign, as its id field returns it',
      });
      expect(issueAt(result.updateCampaign, 'input.name')).toEqual({
        field: 'input.name',
        value: `${'N'.repeat(77)}...`,
        message: 'must be at most 200 characters, but has 201; shorten it',
      });
    });

    it('accepts a name of exactly 200 characters', async () => {
      const campaign = await createCampaign({ name: 'N'.repeat(200) });

      expect(campaign.name).toHaveLength(200);
    });

    it('addCampaignTargets reports the campaign and each bad partner id', async () => {
      const known = await insertLead(api, { name: 'Listed Once SRL' });
      const result = await manager.client.request(AddCampaignTargetsDocument, {
        campaignId: 'campaign?',
        partnerIds: [known.globalId, 'first?', 'second?'],
      });
      const payload = result.addCampaignTargets;

      expect(issuesOf(payload).map((issue) => issue.field)).toEqual([
        'campaignId',
        'partnerIds.1',
        'partnerIds.2',
      ]);
      expect(issueAt(payload, 'partnerIds.2')).toEqual({
        field: 'partnerIds.2',
        value: 'second?',
        message: 'must be the id of a Partner, as its id field returns it',
      });
    });

    it('generateCampaignOpportunities reports the prefix limit and the value', async () => {
      const campaign = await createCampaign();
      const result = await manager.client.request(GenerateCampaignOpportunitiesDocument, {
        campaignId: campaign.id,
        input: { titlePrefix: 'P'.repeat(98), value: '-1' },
      });
      const payload = result.generateCampaignOpportunities;

      expect(issueAt(payload, 'input.titlePrefix')).toEqual({
        field: 'input.titlePrefix',
        value: `${'P'.repeat(77)}...`,
        message: 'must be at most 97 characters, but has 98; shorten it',
      });
      expect(issueAt(payload, 'input.value')).toMatchObject({ value: '-1' });
    });
  });

  describe('opportunity generation', () => {
    async function generate(campaignId: string, ownerId?: string) {
      const result = await manager.client.request(GenerateCampaignOpportunitiesDocument, {
        campaignId,
        input: { titlePrefix: 'Spring', value: '2500.75', expectedSignOn: '2026-05-15', ownerId },
      });
      if (
        result.generateCampaignOpportunities.__typename !==
        'MutationGenerateCampaignOpportunitiesSuccess'
      ) {
        throw new Error(result.generateCampaignOpportunities.message);
      }

      return result.generateCampaignOpportunities.data;
    }

    async function opportunitiesOf(campaignId: string) {
      const read = await manager.client.request(CampaignWithTargetsDocument, {
        id: campaignId,
        first: 100,
      });
      if (read.node?.__typename !== 'Campaign') throw new Error('not a campaign');

      return read.node.opportunities.edges.map((edge) => edge.node);
    }

    it('creates one opportunity per target', async () => {
      const campaign = await createCampaign();
      const rep = await createSalesActor(api, 'AGENT', 'Radu Rep');
      const withRep = await insertLead(api, { name: 'Delta SRL', salesRepId: rep.employeeId });
      const withoutRep = await insertLead(api, { name: 'Epsilon SRL' });
      await manager.client.request(AddCampaignTargetsDocument, {
        campaignId: campaign.id,
        partnerIds: [withRep.globalId, withoutRep.globalId],
      });
      const first = await generate(campaign.id);
      const second = await generate(campaign.id);
      const late = await insertLead(api, { name: 'Zeta SRL' });
      await manager.client.request(AddCampaignTargetsDocument, {
        campaignId: campaign.id,
        partnerIds: [late.globalId],
      });
      const third = await generate(campaign.id, manager.employeeGlobalId);
      const generated = await opportunitiesOf(campaign.id);
      const history = await manager.client.request(OpportunityWithStagesDocument, {
        id: generated[0]!.id,
      });

      expect(first).toMatchObject({ createdCount: 2, skippedCount: 0 });
      expect(second).toMatchObject({ createdCount: 0, skippedCount: 2 });
      expect(third).toMatchObject({ createdCount: 1, skippedCount: 2 });
      expect(
        generated
          .map((row) => ({ title: row.title, owner: row.owner?.name ?? null }))
          .sort((a, b) => a.title.localeCompare(b.title)),
      ).toEqual([
        { title: 'Spring - Delta SRL', owner: 'Radu Rep' },
        { title: 'Spring - Epsilon SRL', owner: null },
        { title: 'Spring - Zeta SRL', owner: 'Mihai Manager' },
      ]);
      expect(generated.map((row) => [row.stage, row.value, row.expectedSignOn])).toEqual([
        ['NEW', '2500.75', '2026-05-15'],
        ['NEW', '2500.75', '2026-05-15'],
        ['NEW', '2500.75', '2026-05-15'],
      ]);
      expect(history.node).toMatchObject({ stages: { edges: [{ node: { stage: 'NEW' } }] } });
    });

    it('creates each opportunity once under concurrent runs', async () => {
      const campaign = await createCampaign();
      const targets = [];
      for (const name of ['Iota SRL', 'Kappa SRL', 'Lambda SRL', 'Mu SRL']) {
        targets.push((await insertLead(api, { name })).globalId);
      }
      await manager.client.request(AddCampaignTargetsDocument, {
        campaignId: campaign.id,
        partnerIds: targets,
      });
      const runs = await Promise.all([generate(campaign.id), generate(campaign.id)]);

      expect(runs.map((run) => run.createdCount).sort()).toEqual([0, 4]);
      expect(await opportunitiesOf(campaign.id)).toHaveLength(4);
    });

    it('rejects an unknown owner', async () => {
      const campaign = await createCampaign();
      const target = await insertLead(api, { name: 'Theta SRL' });
      await manager.client.request(AddCampaignTargetsDocument, {
        campaignId: campaign.id,
        partnerIds: [target.globalId],
      });
      const result = await manager.client.request(GenerateCampaignOpportunitiesDocument, {
        campaignId: campaign.id,
        input: { titlePrefix: 'Spring', value: '100', ownerId: missingId('Employee') },
      });
      const [created] = await api.services.db
        .select({ total: count() })
        .from(opportunities)
        .where(eq(opportunities.campaignId, decodeGlobalId(campaign.id, 'Campaign')!));

      expect(result.generateCampaignOpportunities).toMatchObject({
        __typename: 'NotFoundError',
        field: 'input.ownerId',
      });
      expect(created!.total).toBe(0);
    });

    it('rejects a negative value', async () => {
      const campaign = await createCampaign();
      const result = await manager.client.request(GenerateCampaignOpportunitiesDocument, {
        campaignId: campaign.id,
        input: { titlePrefix: 'Spring', value: '-100' },
      });

      expect(result.generateCampaignOpportunities).toMatchObject({
        __typename: 'ValidationError',
        issues: [{ field: 'input.value', value: '-100' }],
      });
    });
  });

  it('batches targets and opportunities', async () => {
    for (const number of [1, 2, 3, 4, 5, 6]) {
      const campaign = await createCampaign({ name: `Batch ${number}` });
      const target = await insertLead(api, { name: `Batch target ${number}` });
      await manager.client.request(AddCampaignTargetsDocument, {
        campaignId: campaign.id,
        partnerIds: [target.globalId],
      });
      await manager.client.request(GenerateCampaignOpportunitiesDocument, {
        campaignId: campaign.id,
        input: { titlePrefix: 'Batch', value: '10', ownerId: manager.employeeGlobalId },
      });
    }
    const query = `query($first: Int) {
      campaigns(first: $first, filter: { text: "Batch" }) {
        edges { node { name targets(first: 10) { edges { node { name } } }
          opportunities(first: 10) { edges { node { title owner { name } } } } } }
      }
    }`;
    const small = await postGraphQL(api.graphqlUrl, query, { first: 2 }, manager.token);
    const large = await postGraphQL(api.graphqlUrl, query, { first: 6 }, manager.token);

    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(large.statements).toBe(small.statements);
  });
});
