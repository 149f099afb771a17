import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AttachmentsDocument,
  CreateTaskDocument,
  DetachAttachmentDocument,
  UploadAttachmentDocument,
  type UploadAttachmentMutation,
} from '../sdk/index.js';
import { files } from '../src/attachments/tables.js';
import { importedEmails } from '../src/mail/import/tables.js';
import { emailLog } from '../src/mail/outgoing/tables.js';
import { startTestApi, type TestApi } from './support/api.js';
import { postGraphQL } from './support/graphql.js';
import {
  createSalesActor,
  insertLead,
  missingId,
  type SalesActor,
} from './support/sales-fixtures.js';

const MAX_FILE_BYTES = 64 * 1024;

let api: TestApi;
let manager: SalesActor;
let agent: SalesActor;
let partner: { id: string; globalId: string };

beforeAll(async () => {
  api = await startTestApi({ maxFileBytes: MAX_FILE_BYTES });
  manager = await createSalesActor(api, 'MANAGER', 'Maria Manager');
  agent = await createSalesActor(api, 'AGENT', 'Andrei Agent');
  partner = await insertLead(api, { name: 'Fabrica de Mobilă SRL' });
});

afterAll(async () => {
  await api?.close();
});

type UploadResult = UploadAttachmentMutation['uploadAttachment'];

function uploadedOrThrow(result: UploadResult) {
  if (result.__typename !== 'MutationUploadAttachmentSuccess') {
    throw new Error(`upload failed: ${result.__typename} ${result.message}`);
  }

  return result.data;
}

async function upload(
  actor: SalesActor,
  file: File,
  recordId = partner.globalId,
  recordType: 'PARTNER' | 'OPPORTUNITY' | 'TASK' | 'EMAIL' | 'DOCUMENT' = 'PARTNER',
): Promise<UploadResult> {
  const result = await actor.client.request(UploadAttachmentDocument, {
    recordType,
    recordId,
    file,
  });

  return result.uploadAttachment;
}

/** Lists every file under the server's data folder, relative to it. */
async function dataFiles(): Promise<string[]> {
  const dataDir = dirname(api.services.files.root);
  const entries = await readdir(dataDir, { recursive: true, withFileTypes: true });

  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dataDir, join(entry.parentPath, entry.name)));
}

async function download(path: string, token: string | null, init: RequestInit = {}) {
  return fetch(new URL(path, api.url), {
    ...init,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

describe('uploadAttachment', () => {
  it('stores a file sent through the SDK', async () => {
    const bytes = Buffer.from('Ofertă de preț nr. 17\n');
    const file = new File([bytes], 'oferta-17.txt', { type: 'text/plain' });
    const attachment = uploadedOrThrow(await upload(manager, file));

    expect(attachment.recordType).toBe('PARTNER');
    expect(attachment.recordId).toBe(partner.globalId);
    expect(attachment.recordTitle).toBe('Fabrica de Mobilă SRL');
    expect(attachment.attachedBy?.name).toBe('Maria Manager');
    expect(attachment.file.filename).toBe('oferta-17.txt');
    expect(attachment.file.contentType).toBe('text/plain');
    expect(attachment.file.size).toBe(bytes.byteLength);
    expect(attachment.file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('accepts a plain multipart request', async () => {
    const query = `mutation ($recordId: ID!, $file: File!) {
      uploadAttachment(recordType: PARTNER, recordId: $recordId, file: $file) {
        __typename
        ... on MutationUploadAttachmentSuccess { data { file { filename size } } }
      }
    }`;
    const form = new FormData();
    form.set(
      'operations',
      JSON.stringify({ query, variables: { recordId: partner.globalId, file: null } }),
    );
    form.set('map', JSON.stringify({ 0: ['variables.file'] }));
    form.set('0', new File(['raw multipart'], 'raw.txt', { type: 'text/plain' }));
    const response = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${manager.token}` },
      body: form,
    });
    const body = (await response.json()) as {
      data: { uploadAttachment: { data: { file: { filename: string; size: number } } } };
    };

    expect(response.status).toBe(200);
    expect(body.data.uploadAttachment.data.file).toEqual({ filename: 'raw.txt', size: 13 });
  });

  it('sanitizes hostile names over HTTP', async () => {
    const hostile = [
      '../../etc/passwd',
      '/etc/shadow',
      'C:\\Windows\\win.ini',
      'nul\u0000byte.txt',
      'bell\u0007and\u001bescape.txt',
      `${'x'.repeat(300)}.txt`,
    ];

    for (const name of hostile) {
      const attachment = uploadedOrThrow(await upload(agent, new File([name], name)));
      const stored = attachment.file.filename;

      expect(stored, name).not.toMatch(/[/\\\p{Cc}]/u);
      expect(stored, name).not.toMatch(/^\.\.?$/);
      expect(Buffer.byteLength(stored), name).toBeLessThanOrEqual(255);
      expect(stored.length, name).toBeGreaterThan(0);
    }
    const outsideStore = (await dataFiles()).filter(
      (path) => path !== 'crm-secret' && !/^files[/\\][0-9a-f]{2}[/\\][0-9a-f]{64}$/.test(path),
    );

    expect(outsideStore).toEqual([]);
  });

  it('rejects a file over the limit', async () => {
    const before = await api.services.db.$count(files);
    const result = await upload(
      manager,
      new File([Buffer.alloc(MAX_FILE_BYTES + 1)], 'scan.pdf', { type: 'application/pdf' }),
    );
    const after = await api.services.db.$count(files);

    expect(result.__typename).toBe('ValidationError');
    if (result.__typename !== 'ValidationError') return;
    expect(result.issues[0]?.field).toBe('file');
    expect(result.issues[0]?.value).toBe('scan.pdf');
    expect(result.message).toContain(`"scan.pdf" is ${MAX_FILE_BYTES + 1} bytes`);
    expect(result.message).toContain(`limit of 64 KiB (${MAX_FILE_BYTES} bytes)`);
    expect(after).toBe(before);
  });

  it('stores identical content once on disk', async () => {
    const bytes = Buffer.from('the same contract, attached twice');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const task = await manager.client.request(CreateTaskDocument, {
      input: { title: 'Verifică contractul', beneficiaryId: partner.globalId },
    });
    if (task.createTask.__typename !== 'MutationCreateTaskSuccess') throw new Error('no task');
    const first = uploadedOrThrow(await upload(manager, new File([bytes], 'contract.pdf')));
    const second = uploadedOrThrow(
      await upload(
        manager,
        new File([bytes], 'contract-copy.pdf'),
        task.createTask.data.id,
        'TASK',
      ),
    );
    const blobs = (await dataFiles()).filter((path) => path.endsWith(sha256));

    expect(first.file.sha256).toBe(sha256);
    expect(second.file.sha256).toBe(sha256);
    expect(second.recordTitle).toBe('Verifică contractul');
    expect(blobs).toHaveLength(1);
  });

  it('attaches to an outgoing email', async () => {
    const [email] = await api.services.db
      .insert(emailLog)
      .values({
        messageId: '<offer-17@crm.test>',
        fromAddress: 'vanzari@crm.test',
        toAddresses: ['client@fabrica.test'],
        subject: 'Oferta 17',
        bodyText: 'Vă trimitem oferta.',
        relatedType: 'Partner',
        relatedId: partner.id,
      })
      .returning();
    const emailId = encodeGlobalID('EmailLogEntry', email!.id);
    const attachment = uploadedOrThrow(
      await upload(manager, new File(['pdf'], 'oferta.pdf'), emailId, 'EMAIL'),
    );

    expect(attachment.recordId).toBe(emailId);
    expect(attachment.recordTitle).toBe('Oferta 17');
  });

  it('attaches to an imported email', async () => {
    const [email] = await api.services.db
      .insert(importedEmails)
      .values({
        status: 'IMPORTED',
        direction: 'INCOMING',
        subject: 'Comandă nouă',
        partnerId: partner.id,
        sourceKind: 'FILE',
        sourceKey: 'file:attachments-test#0',
      })
      .returning();
    const emailId = encodeGlobalID('ImportedEmail', email!.id);
    const attachment = uploadedOrThrow(
      await upload(manager, new File(['order'], 'comanda.pdf'), emailId, 'EMAIL'),
    );
    const listed = await manager.client.request(AttachmentsDocument, {
      recordType: 'EMAIL',
      recordId: emailId,
    });

    expect(attachment.recordId).toBe(emailId);
    expect(attachment.recordTitle).toBe('Comandă nouă');
    expect(listed.attachments.edges[0]?.node.record?.__typename).toBe('ImportedEmail');
  });

  it('rejects a missing record without storing', async () => {
    const before = await api.services.db.$count(files);
    const result = await upload(manager, new File(['x'], 'x.txt'), missingId('Partner'));
    const after = await api.services.db.$count(files);

    expect(result.__typename).toBe('NotFoundError');
    expect(after).toBe(before);
  });

  it('rejects an id of another record type', async () => {
    const result = await upload(manager, new File(['x'], 'x.txt'), partner.globalId, 'TASK');

    expect(result.__typename).toBe('ValidationError');
    if (result.__typename !== 'ValidationError') return;
    expect(result.issues[0]?.field).toBe('recordId');
    expect(result.issues[0]?.message).toContain('must be the id of a Task');
  });

  it('rejects DOCUMENT records for now', async () => {
    const result = await upload(
      manager,
      new File(['x'], 'x.txt'),
      missingId('Document'),
      'DOCUMENT',
    );

    expect(result.__typename).toBe('ValidationError');
    if (result.__typename !== 'ValidationError') return;
    expect(result.issues[0]?.field).toBe('recordType');
  });

  it('rejects a file variable sent as JSON', async () => {
    const query = `mutation ($recordId: ID!, $file: File!) {
      uploadAttachment(recordType: PARTNER, recordId: $recordId, file: $file) { __typename }
    }`;
    const variables = { recordId: partner.globalId, file: 'not a file' };
    const response = await postGraphQL(api.graphqlUrl, query, variables, manager.token);

    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toContain('multipart/form-data');
  });

  it('requires a bearer token', async () => {
    const form = new FormData();
    // A valid record id, because arguments are validated before the token is checked.
    const query = `mutation ($f: File!) {
      uploadAttachment(recordType: PARTNER, recordId: "${partner.globalId}", file: $f) { __typename }
    }`;
    form.set('operations', JSON.stringify({ query, variables: { f: null } }));
    form.set('map', JSON.stringify({ 0: ['variables.f'] }));
    form.set('0', new File(['x'], 'x.txt'));
    const response = await fetch(api.graphqlUrl, { method: 'POST', body: form });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };

    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('file download route', () => {
  let path: string;
  const content = Buffer.from('<html><script>alert(1)</script></html>');

  beforeAll(async () => {
    const attachment = uploadedOrThrow(
      await upload(agent, new File([content], 'pagină (final).html', { type: 'text/html' })),
    );
    path = attachment.file.downloadUrl;
  });

  it('streams the file back to a reader', async () => {
    const response = await download(path, manager.token);

    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(content);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(response.headers.get('content-length')).toBe(String(content.byteLength));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="pagin_ (final).html"; filename*=UTF-8''pagin%C4%83%20%28final%29.html`,
    );
  });

  it('rejects a request without a token', async () => {
    const response = await download(path, null);

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('rejects an invalid token', async () => {
    const response = await download(path, 'crm_s_not-a-real-token');

    expect(response.status).toBe(401);
  });

  it('answers 404 for unknown and malformed ids', async () => {
    const unknown = await download('/files/00000000-0000-4000-8000-000000000000', agent.token);
    const malformed = await download('/files/..%2F..%2Fetc%2Fpasswd', agent.token);

    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(404);
  });

  it('answers 304 when the ETag matches', async () => {
    const first = await download(path, agent.token);
    await first.arrayBuffer();
    const second = await fetch(new URL(path, api.url), {
      headers: {
        authorization: `Bearer ${agent.token}`,
        'if-none-match': first.headers.get('etag') ?? '',
      },
    });

    expect(second.status).toBe(304);
  });

  it('rejects methods other than GET', async () => {
    const response = await download(path, agent.token, { method: 'DELETE' });

    expect(response.status).toBe(405);
  });
});

describe('attachments query', () => {
  it('lists files newest first', async () => {
    for (const name of ['a.txt', 'b.txt', 'c.txt']) {
      uploadedOrThrow(await upload(agent, new File([name], name), partner.globalId));
    }
    const page = await agent.client.request(AttachmentsDocument, {
      recordType: 'PARTNER',
      recordId: partner.globalId,
      first: 2,
    });
    const next = await agent.client.request(AttachmentsDocument, {
      recordType: 'PARTNER',
      recordId: partner.globalId,
      first: 2,
      after: page.attachments.pageInfo.endCursor,
    });
    const names = page.attachments.edges.map((edge) => edge.node.file.filename);

    expect(names).toEqual(['c.txt', 'b.txt']);
    expect(next.attachments.edges[0]?.node.file.filename).toBe('a.txt');
    expect(page.attachments.edges[0]?.node.record?.__typename).toBe('Partner');
  });

  it('keeps statements flat as pages grow', async () => {
    const query = `query ($id: ID!, $first: Int) {
      attachments(recordType: PARTNER, recordId: $id, first: $first) {
        edges { node { id recordTitle recordId attachedBy { name } dossier { name }
          file { filename downloadUrl } record { __typename ... on Partner { name } } } }
      }
    }`;
    const small = await postGraphQL(
      api.graphqlUrl,
      query,
      { id: partner.globalId, first: 2 },
      manager.token,
    );
    const large = await postGraphQL(
      api.graphqlUrl,
      query,
      { id: partner.globalId, first: 50 },
      manager.token,
    );
    const edges = (large.data as { attachments: { edges: unknown[] } }).attachments.edges;

    expect(small.errors).toBeUndefined();
    expect(edges.length).toBeGreaterThan(10);
    expect(large.statements).toBe(small.statements);
  });
});

describe('detachAttachment', () => {
  it('lets agents detach only their own files', async () => {
    const managers = uploadedOrThrow(await upload(manager, new File(['m'], 'manager.txt')));
    const agents = uploadedOrThrow(await upload(agent, new File(['a'], 'agent.txt')));
    const refused = await agent.client.request(DetachAttachmentDocument, { id: managers.id });
    const own = await agent.client.request(DetachAttachmentDocument, { id: agents.id });

    expect(refused.detachAttachment.__typename).toBe('ForbiddenError');
    expect(own.detachAttachment.__typename).toBe('MutationDetachAttachmentSuccess');
  });

  it('lets managers detach any file', async () => {
    const agents = uploadedOrThrow(await upload(agent, new File(['a2'], 'agent-2.txt')));
    const result = await manager.client.request(DetachAttachmentDocument, { id: agents.id });
    const again = await manager.client.request(DetachAttachmentDocument, { id: agents.id });

    expect(result.detachAttachment.__typename).toBe('MutationDetachAttachmentSuccess');
    expect(again.detachAttachment.__typename).toBe('NotFoundError');
  });
});
