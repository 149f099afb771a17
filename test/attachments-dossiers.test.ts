import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateDossierDocument,
  CreateOpportunityDocument,
  CreateTaskDocument,
  DossiersDocument,
  FileAttachmentDocument,
  RenameDossierDocument,
  UploadAttachmentDocument,
} from '../sdk/index.js';
import { startTestApi, type TestApi } from './support/api.js';
import { postGraphQL } from './support/graphql.js';
import {
  createSalesActor,
  insertLead,
  missingId,
  type SalesActor,
} from './support/sales-fixtures.js';

let api: TestApi;
let manager: SalesActor;
let agent: SalesActor;

beforeAll(async () => {
  api = await startTestApi();
  manager = await createSalesActor(api, 'MANAGER', 'Mihai Manager');
  agent = await createSalesActor(api, 'AGENT', 'Ana Agent');
});

afterAll(async () => {
  await api?.close();
});

async function createDossier(actor: SalesActor, name: string, description?: string) {
  const result = await actor.client.request(CreateDossierDocument, {
    input: { name, description },
  });
  if (result.createDossier.__typename !== 'MutationCreateDossierSuccess') {
    throw new Error(`createDossier failed: ${result.createDossier.message}`);
  }

  return result.createDossier.data;
}

async function uploadInto(
  actor: SalesActor,
  record: { type: 'PARTNER' | 'OPPORTUNITY' | 'TASK'; id: string },
  name: string,
  dossierId: string | null,
) {
  const result = await actor.client.request(UploadAttachmentDocument, {
    recordType: record.type,
    recordId: record.id,
    file: new File([`content of ${name}`], name),
    dossierId,
  });
  if (result.uploadAttachment.__typename !== 'MutationUploadAttachmentSuccess') {
    throw new Error(`upload failed: ${result.uploadAttachment.message}`);
  }

  return result.uploadAttachment.data;
}

describe('dossier mutations', () => {
  it('creates a dossier', async () => {
    const dossier = await createDossier(agent, 'Licitație 2026', 'Documente pentru licitație');

    expect(dossier.name).toBe('Licitație 2026');
    expect(dossier.description).toBe('Documente pentru licitație');
  });

  it('rejects a name taken in another case', async () => {
    await createDossier(agent, 'Contract Cadru');
    const result = await agent.client.request(CreateDossierDocument, {
      input: { name: 'contract cadru' },
    });

    expect(result.createDossier.__typename).toBe('ConflictError');
    expect(
      result.createDossier.__typename !== 'MutationCreateDossierSuccess' &&
        result.createDossier.message,
    ).toContain('already exists');
  });

  it('rejects an empty name', async () => {
    const result = await agent.client.request(CreateDossierDocument, { input: { name: '   ' } });

    expect(result.createDossier.__typename).toBe('ValidationError');
    if (result.createDossier.__typename !== 'ValidationError') return;
    expect(result.createDossier.issues[0]?.field).toBe('input.name');
  });

  it('lets only the creator or a manager rename', async () => {
    const dossier = await createDossier(manager, 'Service 2026');
    const refused = await agent.client.request(RenameDossierDocument, {
      id: dossier.id,
      name: 'Renamed by agent',
    });
    const renamed = await manager.client.request(RenameDossierDocument, {
      id: dossier.id,
      name: 'Service și mentenanță 2026',
    });

    expect(refused.renameDossier.__typename).toBe('ForbiddenError');
    expect(renamed.renameDossier.__typename).toBe('MutationRenameDossierSuccess');
    if (renamed.renameDossier.__typename !== 'MutationRenameDossierSuccess') return;
    expect(renamed.renameDossier.data.name).toBe('Service și mentenanță 2026');
  });

  it('rejects renaming onto a taken name', async () => {
    const dossier = await createDossier(agent, 'Garanții');
    const result = await agent.client.request(RenameDossierDocument, {
      id: dossier.id,
      name: 'CONTRACT CADRU',
    });

    expect(result.renameDossier.__typename).toBe('ConflictError');
  });

  it('rejects renaming a missing dossier', async () => {
    const result = await manager.client.request(RenameDossierDocument, {
      id: missingId('Dossier'),
      name: 'Nothing',
    });

    expect(result.renameDossier.__typename).toBe('NotFoundError');
  });
});

describe('filing attachments', () => {
  it('files and unfiles an attachment', async () => {
    const partner = await insertLead(api, { name: 'Depozit Nord SRL' });
    const dossier = await createDossier(agent, 'Depozit Nord');
    const attachment = await uploadInto(
      agent,
      { type: 'PARTNER', id: partner.globalId },
      'plan.pdf',
      null,
    );
    const filed = await agent.client.request(FileAttachmentDocument, {
      attachmentId: attachment.id,
      dossierId: dossier.id,
    });
    const unfiled = await agent.client.request(FileAttachmentDocument, {
      attachmentId: attachment.id,
      dossierId: null,
    });

    expect(attachment.dossier).toBeNull();
    expect(
      filed.fileAttachment.__typename === 'MutationFileAttachmentSuccess' &&
        filed.fileAttachment.data.dossier?.name,
    ).toBe('Depozit Nord');
    expect(
      unfiled.fileAttachment.__typename === 'MutationFileAttachmentSuccess' &&
        unfiled.fileAttachment.data.dossier,
    ).toBeNull();
  });

  it('rejects a missing dossier', async () => {
    const partner = await insertLead(api, { name: 'Atelier Sud SRL' });
    const result = await agent.client.request(UploadAttachmentDocument, {
      recordType: 'PARTNER',
      recordId: partner.globalId,
      file: new File(['x'], 'x.txt'),
      dossierId: missingId('Dossier'),
    });

    expect(result.uploadAttachment.__typename).toBe('NotFoundError');
    if (result.uploadAttachment.__typename !== 'NotFoundError') return;
    expect(result.uploadAttachment.message).toContain('dossierId');
  });
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

  it('createDossier rejects a name above 200 characters', async () => {
    const result = await agent.client.request(CreateDossierDocument, {
      input: { name: 'D'.repeat(201) },
    });

    expect(issuesOf(result.createDossier)).toEqual([
      {
        field: 'input.name',
        value: `${'D'.repeat(77)}...`,
        message: 'must be at most 200 characters, but has 201; shorten it',
      },
    ]);
  });

  it('createDossier accepts a name of exactly 200 characters', async () => {
    const dossier = await createDossier(agent, 'E'.repeat(200));

    expect(dossier.name).toHaveLength(200);
  });

  it('renameDossier reports the id and the name', async () => {
    const result = await agent.client.request(RenameDossierDocument, {
      id: 'dossier?',
      name: 'Tab\tinside',
    });

    expect(issuesOf(result.renameDossier)).toEqual([
      {
        field: 'id',
        value: 'dossier?',
        message: 'must be the id of a Dossier, as its id field returns it',
      },
      {
        field: 'name',
        value: 'Tab\tinside',
        message: 'must not contain control characters; remove them',
      },
    ]);
  });

  it('uploadAttachment reports the record id and the dossier id', async () => {
    const partner = await insertLead(api, { name: 'Upload Checks SRL' });
    const result = await agent.client.request(UploadAttachmentDocument, {
      recordType: 'TASK',
      recordId: partner.globalId,
      file: new File(['x'], 'x.txt'),
      dossierId: partner.globalId,
    });

    expect(issuesOf(result.uploadAttachment)).toEqual([
      {
        field: 'dossierId',
        value: partner.globalId,
        message: 'must be the id of a Dossier, as its id field returns it',
      },
      {
        field: 'recordId',
        value: partner.globalId,
        message: 'must be the id of a Task to match recordType TASK, as its id field returns it',
      },
    ]);
  });

  it('fileAttachment reports both ids', async () => {
    const result = await agent.client.request(FileAttachmentDocument, {
      attachmentId: 'attachment?',
      dossierId: missingId('Partner'),
    });

    expect(issuesOf(result.fileAttachment).map((issue) => issue.field)).toEqual([
      'attachmentId',
      'dossierId',
    ]);
  });
});

describe('dossier analysis', () => {
  let partnerName: string;
  let partnerGlobalId: string;
  let dossierId: string;

  beforeAll(async () => {
    partnerName = 'Construcții Vest SA';
    const partner = await insertLead(api, { name: partnerName });
    partnerGlobalId = partner.globalId;
    const other = await insertLead(api, { name: 'Alt Partener SRL' });
    const opportunity = await manager.client.request(CreateOpportunityDocument, {
      input: { title: 'Hală nouă', partnerId: partner.globalId, value: '120000.00' },
    });
    const task = await manager.client.request(CreateTaskDocument, {
      input: { title: 'Măsurători la fața locului', beneficiaryId: partner.globalId },
    });
    if (opportunity.createOpportunity.__typename !== 'MutationCreateOpportunitySuccess') {
      throw new Error(opportunity.createOpportunity.message);
    }
    if (task.createTask.__typename !== 'MutationCreateTaskSuccess') {
      throw new Error(task.createTask.message);
    }

    const dossier = await createDossier(manager, 'Achiziții Hală Vest');
    dossierId = dossier.id;
    const opportunityRecord = {
      type: 'OPPORTUNITY' as const,
      id: opportunity.createOpportunity.data.id,
    };
    const taskRecord = { type: 'TASK' as const, id: task.createTask.data.id };
    await uploadInto(manager, { type: 'PARTNER', id: partner.globalId }, 'acord.pdf', dossierId);
    await uploadInto(manager, opportunityRecord, 'oferta-v1.pdf', dossierId);
    await uploadInto(manager, opportunityRecord, 'oferta-v2.pdf', dossierId);
    await uploadInto(agent, taskRecord, 'masuratori.xlsx', dossierId);

    const unrelated = await createDossier(manager, 'Proiect Altul');
    await uploadInto(manager, { type: 'PARTNER', id: other.globalId }, 'altul.pdf', unrelated.id);
    for (let index = 0; index < 6; index += 1) {
      const extra = await createDossier(manager, `Arhivă ${index}`);
      await uploadInto(
        manager,
        { type: 'PARTNER', id: other.globalId },
        `arhiva-${index}.pdf`,
        extra.id,
      );
    }
  });

  it('lists files and the records they belong to', async () => {
    const result = await manager.client.request(DossiersDocument, {
      filter: { text: 'hală vest' },
      first: 10,
    });
    const node = result.dossiers.edges[0]?.node;
    const records = node?.records.map((record) => [
      record.recordType,
      record.title,
      record.attachmentCount,
    ]);
    const files = node?.attachments.edges.map((edge) => edge.node.file.filename);

    expect(result.dossiers.edges).toHaveLength(1);
    expect(node?.name).toBe('Achiziții Hală Vest');
    expect(node?.attachmentCount).toBe(4);
    expect(node?.totalBytes).toBeGreaterThan(0);
    expect(records).toEqual(
      expect.arrayContaining([
        ['PARTNER', partnerName, 1],
        ['OPPORTUNITY', 'Hală nouă', 2],
        ['TASK', 'Măsurători la fața locului', 1],
      ]),
    );
    expect(records).toHaveLength(3);
    expect(files).toEqual(['masuratori.xlsx', 'oferta-v2.pdf', 'oferta-v1.pdf', 'acord.pdf']);
    expect(node?.attachments.edges[0]?.node.recordTitle).toBe('Măsurători la fața locului');
  });

  it('filters by partner and record type', async () => {
    const byPartner = await manager.client.request(DossiersDocument, {
      filter: { partnerId: partnerGlobalId },
    });
    const byTask = await manager.client.request(DossiersDocument, {
      filter: { recordType: 'TASK' },
    });

    expect(byPartner.dossiers.edges.map((edge) => edge.node.id)).toEqual([dossierId]);
    expect(byTask.dossiers.edges.map((edge) => edge.node.id)).toEqual([dossierId]);
  });

  it('pages by name', async () => {
    const first = await manager.client.request(DossiersDocument, {
      filter: { text: 'arhivă' },
      first: 4,
    });
    const rest = await manager.client.request(DossiersDocument, {
      filter: { text: 'arhivă' },
      first: 4,
      after: first.dossiers.pageInfo.endCursor,
    });
    const names = [...first.dossiers.edges, ...rest.dossiers.edges].map((edge) => edge.node.name);

    expect(names).toEqual(['Arhivă 0', 'Arhivă 1', 'Arhivă 2', 'Arhivă 3', 'Arhivă 4', 'Arhivă 5']);
    expect(rest.dossiers.pageInfo.hasNextPage).toBe(false);
  });

  // The first dossier by name contains files of every record type, so both pages load the same types.
  it('keeps statements flat as pages grow', async () => {
    const query = `query ($first: Int) {
      dossiers(first: $first) {
        edges { node { name attachmentCount totalBytes createdBy { name }
          records { recordType recordId title record { __typename
            ... on Partner { name } ... on Opportunity { title } ... on Task { title } } }
          attachments(first: 5) { edges { node { recordTitle file { filename }
            attachedBy { name } record { __typename } } } } } }
      }
    }`;
    const small = await postGraphQL(api.graphqlUrl, query, { first: 1 }, manager.token);
    const large = await postGraphQL(api.graphqlUrl, query, { first: 20 }, manager.token);
    const edges = (large.data as { dossiers: { edges: unknown[] } }).dossiers.edges;

    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(edges.length).toBeGreaterThan(8);
    // A larger page may need fewer statements, never more: users loaded for createdBy can
    // already cover attachedBy one level down.
    expect(large.statements).toBeLessThanOrEqual(small.statements);
    expect(small.statements).toBeLessThanOrEqual(12);
  });
});
