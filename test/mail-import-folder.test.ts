import { copyFile, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MailImportFolderStatusDocument,
  MailImportSettingsDocument,
  UpdateMailImportSettingsDocument,
} from '../sdk/index.js';
import { type RunningWorker, startWorker } from '../src/jobs/worker.js';
import { createFolderJobs } from '../src/mail/import/folder-jobs.js';
import { importedEmails } from '../src/mail/import/tables.js';
import { tasks } from '../src/tasks/tables.js';
import { corpusAvailable, fixturesDir } from './mail-corpus.js';
import { seedCorpusDirectory } from './mail-import-corpus.js';
import { startTestApi, type TestApi } from './support/api.js';
import { testWorkerSetup } from './support/outgoing-email.js';
import { createSalesActor, type SalesActor } from './support/sales-fixtures.js';

const FILES = [
  'S01_plain_ascii.eml',
  'S08_mbox_thread_with_duplicate.mbox',
  'S09_outlook_text_only_en.txt',
];

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

describe.skipIf(!corpusAvailable)('import folder jobs in the worker', () => {
  let api: TestApi;
  let worker: RunningWorker;
  let manager: SalesActor;
  let admin: SalesActor;
  let folder: string;

  beforeAll(async () => {
    api = await startTestApi();
    manager = await createSalesActor(api, 'MANAGER', 'Mara Manager');
    admin = await createSalesActor(api, 'ADMIN', 'Ilinca Admin');
    await seedCorpusDirectory(api.services.db);
    folder = await mkdtemp(join(tmpdir(), 'crm-import-folder-'));
    const saved = await admin.client.request(UpdateMailImportSettingsDocument, {
      input: { mailImportFolder: folder, mailImportFormat: 'AUTO' },
    });
    if (saved.updateSettings.__typename !== 'MutationUpdateSettingsSuccess') {
      throw new Error(saved.updateSettings.__typename);
    }
    for (const name of FILES) await copyFile(join(fixturesDir, name), join(folder, name));
    await writeFile(join(folder, 'empty.eml'), '');
    await writeFile(join(folder, '.hidden.eml'), 'not read');

    const setup = await testWorkerSetup();
    worker = await startWorker(api.database.url, setup.config, {
      ...setup.options,
      jobs: createFolderJobs({ scanEveryMs: 500, settleMs: 0 }),
    });
  });

  afterAll(async () => {
    await worker?.stop();
    manager?.client.close();
    admin?.client.close();
    await api?.close();
  });

  it('moves imported files to done and failed', async () => {
    const done = await waitFor('the files in done/', async () => {
      const names = await readdir(join(folder, 'done')).catch(() => []);

      return names.length === FILES.length ? names : null;
    });
    const failed = await waitFor('the empty file in failed/', async () => {
      const names = await readdir(join(folder, 'failed')).catch(() => []);

      return names.length === 1 ? names : null;
    });

    expect(done.sort()).toEqual([...FILES].sort());
    expect(failed).toEqual(['empty.eml']);
    expect((await readdir(folder)).sort()).toEqual(['.hidden.eml', 'done', 'failed']);
  });

  it('imports each message once', async () => {
    const rows = await api.services.db.select().from(importedEmails);
    const statuses = rows.map((row) => row.status).sort();

    expect(statuses).toEqual([
      'DUPLICATE',
      'IMPORTED',
      'IMPORTED',
      'IMPORTED',
      'IMPORTED',
      'IMPORTED',
    ]);
    expect(await api.services.db.select().from(tasks)).toHaveLength(3);
  });

  it('reports the folder status through the SDK', async () => {
    const { mailImportFolderStatus: status } = await manager.client.request(
      MailImportFolderStatusDocument,
      { recentFiles: 10 },
    );

    expect(status.folder).toBe(folder);
    expect(status.lastSuccessAt).not.toBeNull();
    expect(status.counts).toEqual([
      { status: 'IMPORTED', count: 5 },
      { status: 'DUPLICATE', count: 1 },
    ]);
    expect(status.recentFiles.map((file) => file.status).sort()).toEqual([
      'DONE',
      'DONE',
      'DONE',
      'FAILED',
    ]);
    expect(status.recentFiles.find((file) => file.status === 'FAILED')?.error).toContain(
      'no message',
    );
  });

  it('rejects a relative folder and an invalid domain', async () => {
    const folderResult = await admin.client.request(UpdateMailImportSettingsDocument, {
      input: { mailImportFolder: 'mail/import' },
    });
    const domainResult = await admin.client.request(UpdateMailImportSettingsDocument, {
      input: { ownEmailDomains: ['nordinstal.example', 'firma ro'] },
    });

    for (const [result, field] of [
      [folderResult, 'input.mailImportFolder'],
      [domainResult, 'input.ownEmailDomains.1'],
    ] as const) {
      const error = result.updateSettings;
      if (error.__typename !== 'ValidationError') throw new Error(error.__typename);
      expect(error.issues.map((issue) => issue.field)).toEqual([field]);
    }
  });

  it('rejects a folder that does not exist', async () => {
    const missing = join(folder, 'no-such-folder');
    const result = await admin.client.request(UpdateMailImportSettingsDocument, {
      input: { mailImportFolder: missing },
    });
    const { settings } = await admin.client.request(MailImportSettingsDocument);

    const error = result.updateSettings;
    if (error.__typename !== 'ValidationError') throw new Error(error.__typename);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]!.field).toBe('input.mailImportFolder');
    expect(error.issues[0]!.value).toBe(missing);
    expect(error.issues[0]!.message).toContain('does not exist');
    expect(error.issues[0]!.message).toContain(`mkdir -p ${missing}`);
    expect(settings.mailImportFolder).toBe(folder);
  });

  it('rejects a file as the import folder', async () => {
    const file = join(folder, 'done', FILES[0]!);
    const result = await admin.client.request(UpdateMailImportSettingsDocument, {
      input: { mailImportFolder: file },
    });

    const error = result.updateSettings;
    if (error.__typename !== 'ValidationError') throw new Error(error.__typename);
    expect(error.issues.map((issue) => issue.field)).toEqual(['input.mailImportFolder']);
    expect(error.issues[0]!.value).toBe(file);
    expect(error.issues[0]!.message).toContain('not a folder');
  });

  it('turns the folder import off with null', async () => {
    await admin.client.request(UpdateMailImportSettingsDocument, {
      input: { mailImportFolder: null },
    });

    const { settings } = await admin.client.request(MailImportSettingsDocument);
    const { mailImportFolderStatus } = await manager.client.request(
      MailImportFolderStatusDocument,
      {},
    );
    expect(settings.mailImportFolder).toBeNull();
    expect(settings.ownEmailDomains).toEqual(['nordinstal.example']);
    expect(mailImportFolderStatus.folder).toBeNull();
  });
});
