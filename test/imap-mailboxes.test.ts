import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateImapMailboxDocument,
  type ImapMailboxInput,
  ImapMailboxesDocument,
  TestImapMailboxDocument,
  UpdateImapMailboxDocument,
} from '../sdk/index.js';
import { startWorker } from '../src/jobs/worker.js';
import { createImapJobs } from '../src/mail/imap/imap-jobs.js';
import { createImapMailbox } from '../src/mail/imap/imap-mailboxes.js';
import { imapMailboxes } from '../src/mail/imap/tables.js';
import { updateSettings } from '../src/settings/service.js';
import { corpusAvailable, fixturesDir } from './mail-corpus.js';
import { startTestApi, type TestApi } from './support/api.js';
import { dovecotUnavailable, startDovecot, type TestDovecot } from './support/dovecot.js';
import { testCipher, testWorkerSetup } from './support/outgoing-email.js';
import { createSalesActor, type SalesActor } from './support/sales-fixtures.js';

const unavailable = dovecotUnavailable();

async function waitFor<T>(label: string, check: () => Promise<T | null>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(unavailable !== null || !corpusAvailable)('imap mailboxes through the SDK', () => {
  let dovecot: TestDovecot;
  let api: TestApi;
  let admin: SalesActor;
  let agent: SalesActor;
  let mailboxId: string;

  function input(overrides: Partial<ImapMailboxInput> = {}): ImapMailboxInput {
    return {
      name: 'Vanzari',
      host: dovecot.host,
      port: dovecot.port,
      security: 'NONE',
      username: dovecot.user.username,
      password: dovecot.user.password,
      folder: 'INBOX',
      ...overrides,
    };
  }

  async function testMailbox() {
    const result = await admin.client.request(TestImapMailboxDocument, { id: mailboxId });
    if (result.testImapMailbox.__typename !== 'MutationTestImapMailboxSuccess') {
      throw new Error(result.testImapMailbox.message);
    }

    return result.testImapMailbox.data;
  }

  beforeAll(async () => {
    dovecot = await startDovecot();
    api = await startTestApi();
    admin = await createSalesActor(api, 'ADMIN', 'Ilinca Admin');
    agent = await createSalesActor(api, 'AGENT', 'Radu Agent');
    await updateSettings(api.services.db, admin.userId, {
      ownEmailDomains: ['nordinstal.example'],
    });
    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: dovecot.user.username, pass: dovecot.user.password },
      logger: false,
    });
    await client.connect();
    for (const file of ['S01_plain_ascii.eml', 'S02_utf8_qp_diacritics.eml']) {
      await client.append('INBOX', await readFile(join(fixturesDir, file)));
    }
    await client.logout();
  });

  afterAll(async () => {
    admin?.client.close();
    agent?.client.close();
    await api?.close();
    await dovecot?.stop();
  });

  it('creates a mailbox with an encrypted password', async () => {
    const result = await admin.client.request(CreateImapMailboxDocument, { input: input() });

    if (result.createImapMailbox.__typename !== 'MutationCreateImapMailboxSuccess') {
      throw new Error(result.createImapMailbox.message);
    }
    mailboxId = result.createImapMailbox.data.id;
    const [row] = await api.services.db.select().from(imapMailboxes);
    expect(result.createImapMailbox.data.status.lastUid).toBeNull();
    expect(row!.passwordEncrypted).not.toContain(dovecot.user.password);
    expect(api.services.cipher.decrypt(row!.passwordEncrypted)).toBe(dovecot.user.password);
  });

  it('rejects a mailbox without password or with a taken name', async () => {
    const missing = await admin.client.request(CreateImapMailboxDocument, {
      input: input({ name: 'Other', password: null }),
    });
    const taken = await admin.client.request(CreateImapMailboxDocument, { input: input() });

    if (missing.createImapMailbox.__typename !== 'ValidationError') {
      throw new Error(missing.createImapMailbox.__typename);
    }
    expect(missing.createImapMailbox.issues[0]!.field).toBe('input.password');
    expect(taken.createImapMailbox.__typename).toBe('ConflictError');
  });

  it('createImapMailbox reports every invalid field', async () => {
    const result = await admin.client.request(CreateImapMailboxDocument, {
      input: input({
        name: ' ',
        host: 'imap firma',
        port: 99999,
        username: 'u'.repeat(255),
        password: null,
        folder: 'F'.repeat(256),
      }),
    });
    const payload = result.createImapMailbox;
    if (payload.__typename !== 'ValidationError') throw new Error(payload.__typename);
    const issueAt = (field: string) => payload.issues.find((issue) => issue.field === field);

    expect(payload.issues.map((issue) => issue.field)).toEqual([
      'input.name',
      'input.host',
      'input.port',
      'input.username',
      'input.folder',
      'input.password',
    ]);
    expect(issueAt('input.name')).toEqual({
      field: 'input.name',
      value: ' ',
      message: 'must not be empty; name the mailbox, such as "Sales inbox"',
    });
    expect(issueAt('input.host')).toEqual({
      field: 'input.host',
      value: 'imap firma',
      message: 'must be a host name or IP address, such as imap.firma.ro',
    });
    expect(issueAt('input.port')).toEqual({
      field: 'input.port',
      value: '99999',
      message: 'must be from 1 to 65535',
    });
    expect(issueAt('input.username')).toEqual({
      field: 'input.username',
      value: `${'u'.repeat(77)}...`,
      message: 'must be at most 254 characters, but has 255; shorten it',
    });
    expect(issueAt('input.folder')).toEqual({
      field: 'input.folder',
      value: `${'F'.repeat(77)}...`,
      message: 'must be at most 255 characters, but has 256; shorten it',
    });
    expect(issueAt('input.password')).toEqual({
      field: 'input.password',
      value: null,
      message: 'is required when creating a mailbox; send the password of the login',
    });
  });

  it('updateImapMailbox reports the id and the input', async () => {
    const result = await admin.client.request(UpdateImapMailboxDocument, {
      id: 'mailbox?',
      input: input({ name: 'N'.repeat(201), folder: '' }),
    });
    const payload = result.updateImapMailbox;
    if (payload.__typename !== 'ValidationError') throw new Error(payload.__typename);

    expect(payload.issues).toEqual([
      {
        field: 'id',
        value: 'mailbox?',
        message: 'must be the id of an ImapMailbox, as its id field returns it',
      },
      {
        field: 'input.name',
        value: `${'N'.repeat(77)}...`,
        message: 'must be at most 200 characters, but has 201; shorten it',
      },
      {
        field: 'input.folder',
        value: '',
        message: 'must not be empty; omit it for INBOX',
      },
    ]);
  });

  it('tests the connection and reports the problem', async () => {
    const working = await testMailbox();
    await admin.client.request(UpdateImapMailboxDocument, {
      id: mailboxId,
      input: input({ password: 'wrong-password' }),
    });
    const wrongPassword = await testMailbox();
    await admin.client.request(UpdateImapMailboxDocument, {
      id: mailboxId,
      input: input({ folder: 'Missing' }),
    });
    const missingFolder = await testMailbox();
    await admin.client.request(UpdateImapMailboxDocument, {
      id: mailboxId,
      input: input({ password: null }),
    });
    const restored = await testMailbox();

    expect(working.ok).toBe(true);
    expect(working.messages).toBe(2);
    expect(wrongPassword.problem).toBe('AUTHENTICATION_FAILED');
    expect(missingFolder.problem).toBe('FOLDER_NOT_FOUND');
    expect(restored.ok).toBe(true);
  });

  it('syncs enabled mailboxes from the worker', async () => {
    // The worker has its own CRM secret, so this mailbox is stored with that secret's cipher.
    const mailbox = await createImapMailbox(api.services.db, testCipher, {
      ...input({ name: 'Worker' }),
      password: dovecot.user.password,
      folder: 'INBOX',
      enabled: true,
    });
    await admin.client.request(UpdateImapMailboxDocument, {
      id: mailboxId,
      input: input({ password: null, enabled: false }),
    });
    const setup = await testWorkerSetup();
    const worker = await startWorker(api.database.url, setup.config, {
      ...setup.options,
      jobs: createImapJobs({ pollEveryMs: 500 }),
    });

    try {
      const status = await waitFor('the first sync of the mailbox', async () => {
        const { imapMailboxes: listed } = await admin.client.request(ImapMailboxesDocument);
        const found = listed.find((entry) => entry.name === mailbox.name)!.status;

        return found.lastSuccessAt ? found : null;
      });

      expect(status.lastUid).toBe('2');
      expect(status.uidValidity).toMatch(/^\d+$/);
      expect(status.lastError).toBeNull();
      expect(status.counts).toEqual([{ status: 'UNMATCHED', count: 2 }]);
      expect(status.lastRunCounts).toEqual([{ status: 'UNMATCHED', count: 2 }]);
      const { imapMailboxes: listed } = await admin.client.request(ImapMailboxesDocument);
      const disabled = listed.find((entry) => entry.name === 'Vanzari')!;
      expect(disabled.enabled).toBe(false);
      expect(disabled.status.lastSyncStartedAt).toBeNull();
    } finally {
      await worker.stop();
    }
  });

  it('keeps mailboxes away from agents', async () => {
    const result = await agent.client.request(CreateImapMailboxDocument, {
      input: input({ name: 'Agent' }),
    });
    const listed = agent.client.request(ImapMailboxesDocument);

    expect(result.createImapMailbox.__typename).toBe('ForbiddenError');
    await expect(listed).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
