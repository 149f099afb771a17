import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdvanceOpportunityStageDocument,
  ConvertLeadToCustomerDocument,
  CreateOpportunityDocument,
  CreatePartnerDocument,
  CreateTaskDocument,
  CrmRequestError,
  PartnerHistoryDocument,
  type PartnerHistoryQuery,
  type PartnerHistoryQueryVariables,
  ResolveTaskDocument,
  RespondToTaskDocument,
  UploadAttachmentDocument,
} from '../sdk/index.js';
import { decodeGlobalId } from '../src/graphql/global-id.js';
import { importedEmails } from '../src/mail/import/tables.js';
import { emailLog } from '../src/mail/outgoing/tables.js';
import { startTestApi, type TestApi } from './support/api.js';
import { postGraphQL } from './support/graphql.js';
import { createSalesActor, missingId, type SalesActor } from './support/sales-fixtures.js';

type Entry = PartnerHistoryQuery['partnerHistory']['edges'][number]['node'];

const ROUNDS = 6;

/** The kinds each round of activity records, oldest first. */
const ROUND_KINDS = [
  'OPPORTUNITY_CREATED',
  'STAGE_CHANGED',
  'TASK_CREATED',
  'TASK_RESPONSE',
  'TASK_RESOLVED',
  'FILE_ATTACHED',
  'EMAIL_SENT',
];

const TYPENAME_OF_KIND: Record<string, string> = {
  PARTNER_CREATED: 'Partner',
  BECAME_CUSTOMER: 'Partner',
  OPPORTUNITY_CREATED: 'Opportunity',
  STAGE_CHANGED: 'OpportunityStage',
  TASK_CREATED: 'Task',
  TASK_RESPONSE: 'TaskResponse',
  TASK_RESOLVED: 'Task',
  FILE_ATTACHED: 'Attachment',
  EMAIL_SENT: 'EmailLogEntry',
  EMAIL_RECEIVED: 'ImportedEmail',
};

/** The two imported emails, older than everything else in the history. */
const IMPORTED_KINDS = ['EMAIL_SENT', 'EMAIL_RECEIVED'];

let api: TestApi;
let manager: SalesActor;
let partnerId: string;
let otherPartnerId: string;

function succeeded<T extends { __typename: string }>(result: T, expected: string) {
  if (result.__typename !== expected)
    throw new Error(`${expected} expected, got ${result.__typename}`);

  return result as Extract<T, { data: unknown }>;
}

async function createPartner(name: string): Promise<string> {
  const result = await manager.client.request(CreatePartnerDocument, {
    input: { name, isLead: true },
  });

  return succeeded(result.createPartner, 'MutationCreatePartnerSuccess').data.id;
}

async function queueEmailRow(partner: string, subject: string): Promise<void> {
  await api.services.db.insert(emailLog).values({
    messageId: `<${randomUUID()}@crm.test>`,
    fromAddress: 'vanzari@crm.test',
    toAddresses: ['achizitii@client.test'],
    subject,
    bodyText: 'Detalii în atașament.',
    relatedType: 'Partner',
    relatedId: decodeGlobalId(partner, 'Partner'),
  });
}

/**
 * Inserts imported emails as the importer leaves them: one received, one sent (a copy from a Sent
 * folder), and a duplicate of the received one that the history must leave out.
 */
async function insertImportedEmails(partner: string): Promise<void> {
  const partnerUuid = decodeGlobalId(partner, 'Partner');
  const common = { partnerId: partnerUuid, sourceKind: 'FILE' as const, bodyText: '' };
  const [received] = await api.services.db
    .insert(importedEmails)
    .values({
      ...common,
      status: 'IMPORTED',
      direction: 'INCOMING',
      subject: 'Cerere de ofertă',
      fromAddress: 'achizitii@client.test',
      sentAt: new Date('2020-01-10T08:00:00Z'),
      sourceKey: `file:${randomUUID()}#0`,
    })
    .returning();
  await api.services.db.insert(importedEmails).values([
    {
      ...common,
      status: 'IMPORTED',
      direction: 'OUTGOING',
      subject: 'Re: Cerere de ofertă',
      sentAt: new Date('2020-01-11T08:00:00Z'),
      sourceKey: `file:${randomUUID()}#1`,
    },
    {
      ...common,
      status: 'DUPLICATE',
      direction: 'INCOMING',
      subject: 'Cerere de ofertă',
      duplicateOfId: received!.id,
      sentAt: new Date('2020-01-10T08:00:00Z'),
      sourceKey: `file:${randomUUID()}#2`,
    },
  ]);
}

/** Records one round of activity on the partner: one entry of each kind in ROUND_KINDS. */
async function recordRound(partner: string, round: number): Promise<void> {
  const client = manager.client;
  const opportunity = succeeded(
    (
      await client.request(CreateOpportunityDocument, {
        input: { title: `Oportunitate ${round}`, partnerId: partner, value: `${round}000.00` },
      })
    ).createOpportunity,
    'MutationCreateOpportunitySuccess',
  ).data;
  await client.request(AdvanceOpportunityStageDocument, {
    id: opportunity.id,
    input: { stage: 'PRESENTATION', notes: `Prezentare ${round}` },
  });
  const task = succeeded(
    (
      await client.request(CreateTaskDocument, {
        input: { title: `Sarcina ${round}`, beneficiaryId: partner },
      })
    ).createTask,
    'MutationCreateTaskSuccess',
  ).data;
  await client.request(RespondToTaskDocument, { taskId: task.id, body: `Răspuns ${round}` });
  await client.request(ResolveTaskDocument, { id: task.id });
  await client.request(UploadAttachmentDocument, {
    recordType: 'TASK',
    recordId: task.id,
    file: new File([`raport ${round}`], `raport-${round}.pdf`),
  });
  await queueEmailRow(partner, `Ofertă ${round}`);
}

async function history(variables: Omit<PartnerHistoryQueryVariables, 'partnerId'>) {
  const result = await manager.client.request(PartnerHistoryDocument, { partnerId, ...variables });

  return result.partnerHistory;
}

async function requestError(variables: PartnerHistoryQueryVariables): Promise<string | undefined> {
  const error = await manager.client
    .request(PartnerHistoryDocument, variables)
    .catch((caught: unknown) => caught);

  return error instanceof CrmRequestError ? error.code : 'no error';
}

beforeAll(async () => {
  api = await startTestApi();
  manager = await createSalesActor(api, 'MANAGER', 'Monica Manager');
  partnerId = await createPartner('Tipografia Centrală SRL');
  await manager.client.request(ConvertLeadToCustomerDocument, { id: partnerId });
  await insertImportedEmails(partnerId);
  otherPartnerId = await createPartner('Alt Client SRL');
  for (let round = 1; round <= ROUNDS; round += 1) await recordRound(partnerId, round);
  await recordRound(otherPartnerId, 99);
});

afterAll(async () => {
  await api?.close();
});

describe('partnerHistory', () => {
  let all: Entry[];

  beforeAll(async () => {
    all = (await history({ first: 100 })).edges.map((edge) => edge.node);
  });

  it('lists every entry newest first', () => {
    const expectedKinds = [
      ...Array.from({ length: ROUNDS }, () => [...ROUND_KINDS].reverse()).flat(),
      'BECAME_CUSTOMER',
      'PARTNER_CREATED',
      ...IMPORTED_KINDS,
    ];
    const times = all.map((entry) => Date.parse(entry.occurredAt));

    expect(all.map((entry) => entry.kind)).toEqual(expectedKinds);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('links each entry to its record', () => {
    const imported = all.slice(-IMPORTED_KINDS.length);

    for (const entry of all.slice(0, -IMPORTED_KINDS.length)) {
      expect(entry.record.__typename, entry.kind).toBe(TYPENAME_OF_KIND[entry.kind]);
      expect('id' in entry.record, entry.kind).toBe(true);
      expect((entry.record as { id: string }).id, entry.kind).toBe(entry.recordId);
    }
    expect(imported.map((entry) => entry.record.__typename)).toEqual([
      'ImportedEmail',
      'ImportedEmail',
    ]);
  });

  it('gives each entry a title and summary', () => {
    const newest = all
      .slice(0, ROUND_KINDS.length)
      .map((entry) => [entry.kind, entry.title, entry.summary]);

    expect(newest).toEqual([
      ['EMAIL_SENT', 'Ofertă 6', 'Email queued to achizitii@client.test'],
      ['FILE_ATTACHED', 'raport-6.pdf', 'File attached to the task'],
      ['TASK_RESOLVED', 'Sarcina 6', 'Task resolved'],
      ['TASK_RESPONSE', 'Sarcina 6', 'Răspuns 6'],
      ['TASK_CREATED', 'Sarcina 6', 'Task registered'],
      ['STAGE_CHANGED', 'Oportunitate 6', 'Stage PRESENTATION: Prezentare 6'],
      ['OPPORTUNITY_CREATED', 'Oportunitate 6', 'Opportunity recorded, value 6000.00'],
    ]);
    expect(all.at(-4)?.summary).toBe('Became a customer');
    expect(all.at(-3)?.title).toBe('Tipografia Centrală SRL');
    expect(all.at(-2)?.summary).toBe('Email sent, copy imported from a file or a mailbox');
    expect(all.at(-1)?.summary).toBe('Email from achizitii@client.test');
    expect(all.at(-1)?.title).toBe('Cerere de ofertă');
  });

  it('leaves out other partners', () => {
    const titles = all.map((entry) => entry.title);

    expect(titles).not.toContain('Oportunitate 99');
    expect(titles).not.toContain('Ofertă 99');
  });

  it('pages forward without gaps', async () => {
    const seen: Entry[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page += 1) {
      const connection: PartnerHistoryQuery['partnerHistory'] = await history({ first: 5, after });
      seen.push(...connection.edges.map((edge) => edge.node));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }

    expect(seen).toEqual(all);
  });

  it('pages backward without gaps', async () => {
    const seen: Entry[] = [];
    let before: string | null = null;
    for (let page = 0; page < 20; page += 1) {
      const connection: PartnerHistoryQuery['partnerHistory'] = await history({ last: 6, before });
      seen.unshift(...connection.edges.map((edge) => edge.node));
      if (!connection.pageInfo.hasPreviousPage) break;
      before = connection.pageInfo.startCursor;
    }

    expect(seen).toEqual(all);
  });

  it('filters by kind', async () => {
    const connection = await history({
      first: 100,
      filter: { kinds: ['TASK_RESOLVED', 'EMAIL_SENT'] },
    });
    const kinds = new Set(connection.edges.map((edge) => edge.node.kind));

    // Each round sends an email and resolves a task; the imported sent copy adds one more.
    expect(connection.edges).toHaveLength(2 * ROUNDS + 1);
    expect([...kinds].sort()).toEqual(['EMAIL_SENT', 'TASK_RESOLVED']);
  });

  it('filters by period', async () => {
    const oldestFirst = [...all].reverse();
    const before = IMPORTED_KINDS.length + 2;
    const roundStart = (round: number) => oldestFirst[before + (round - 1) * ROUND_KINDS.length]!;
    const from = roundStart(3).occurredAt;
    const to = roundStart(5).occurredAt;
    const connection = await history({ first: 100, filter: { from, to } });
    const titles = new Set(connection.edges.map((edge) => edge.node.title));

    expect(roundStart(3).kind).toBe('OPPORTUNITY_CREATED');
    expect(connection.edges).toHaveLength(2 * ROUND_KINDS.length);
    expect(titles.has('Oportunitate 3')).toBe(true);
    expect(titles.has('Ofertă 4')).toBe(true);
    expect(titles.has('Oportunitate 5')).toBe(false);
  });

  it('returns an empty page for an empty period', async () => {
    const connection = await history({
      first: 10,
      filter: { from: '2001-01-01T00:00:00Z', to: '2001-02-01T00:00:00Z' },
    });

    expect(connection.edges).toEqual([]);
    expect(connection.pageInfo.hasNextPage).toBe(false);
  });

  it('rejects a period that ends before it starts', async () => {
    const code = await requestError({
      partnerId,
      filter: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
    });

    expect(code).toBe('VALIDATION');
  });

  it('rejects an empty kind list', async () => {
    expect(await requestError({ partnerId, filter: { kinds: [] } })).toBe('VALIDATION');
  });

  it('rejects an unknown cursor', async () => {
    expect(await requestError({ partnerId, after: 'bm90LWEtY3Vyc29y' })).toBe('VALIDATION');
  });

  it('raises NOT_FOUND for an unknown partner', async () => {
    expect(await requestError({ partnerId: missingId('Partner') })).toBe('NOT_FOUND');
  });

  it('rejects an id of another type', async () => {
    expect(await requestError({ partnerId: missingId('Task') })).toBe('VALIDATION');
  });

  it('keeps statements flat as pages grow', async () => {
    const query = `query ($id: ID!, $first: Int) {
      partnerHistory(partnerId: $id, first: $first) {
        edges { node { kind occurredAt title summary recordId record {
          __typename
          ... on Opportunity { title stage }
          ... on OpportunityStage { stage }
          ... on Task { title status }
          ... on TaskResponse { body }
          ... on EmailLogEntry { subject }
          ... on Attachment { file { filename size } }
          ... on Partner { name }
        } } }
      }
    }`;
    const small = await postGraphQL(
      api.graphqlUrl,
      query,
      { id: partnerId, first: ROUND_KINDS.length },
      manager.token,
    );
    const large = await postGraphQL(
      api.graphqlUrl,
      query,
      { id: partnerId, first: 40 },
      manager.token,
    );
    const edges = (large.data as { partnerHistory: { edges: unknown[] } }).partnerHistory.edges;

    expect(small.errors).toBeUndefined();
    expect(edges).toHaveLength(40);
    expect(large.statements).toBe(small.statements);
    // The bearer token, the page, one loader per linked type, and the attachments' files.
    expect(small.statements).toBe(9);
  });
});
