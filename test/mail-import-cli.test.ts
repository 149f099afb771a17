import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/db/client.js';
import { eq } from 'drizzle-orm';
import { importedEmails, mailImportFiles } from '../src/mail/import/tables.js';
import {
  corpusAvailable,
  fixturesDir,
  loadManifestCases,
  type ManifestMessage,
  READER_FORMATS,
} from './mail-corpus.js';
import { type CorpusDirectory, seedCorpusDirectory } from './mail-import-corpus.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

const run = promisify(execFile);

interface Expected extends ManifestMessage {
  subject: string;
  date_utc: string;
  classification: string;
  partner_id: string | null;
  site_id: string | null;
  duplicate_of?: string;
  attachments: { filename: string; sha256?: string; size: number | null }[];
}

interface DryRunLine {
  file: string;
  index: number;
  ok: boolean;
  subject: string;
  date: string;
  classification: { kind: string };
  attachments: { filename: string; size: number | null; sha256: string | null }[];
  match: { status: string; partnerId?: string; siteId?: string; partnerName?: string };
}

const fileCases = loadManifestCases().filter((entry) => READER_FORMATS[entry.format]);

describe.skipIf(!corpusAvailable)('crm import-mail', () => {
  let testDatabase: TestDatabase;
  let db: Database;
  let closeDatabase: () => Promise<void>;
  let directory: CorpusDirectory;
  let env: NodeJS.ProcessEnv;

  function crm(...args: string[]) {
    return crmWithEnv({}, ...args);
  }

  function crmWithEnv(extraEnv: NodeJS.ProcessEnv, ...args: string[]) {
    return run('npx', ['tsx', 'src/cli/main.ts', 'import-mail', ...args], {
      env: { ...env, ...extraEnv },
      maxBuffer: 16 * 1024 * 1024,
    });
  }

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const database = createDatabase(testDatabase.url, { max: 2 });
    db = database.db;
    closeDatabase = database.close;
    directory = await seedCorpusDirectory(db);
    env = {
      ...process.env,
      DATABASE_URL: testDatabase.url,
      DATA_DIR: await mkdtemp(join(tmpdir(), 'crm-cli-')),
      LOG_LEVEL: 'error',
    };
  });

  afterAll(async () => {
    await closeDatabase?.();
    await testDatabase?.drop();
  });

  it('describes every message with --dry-run --json', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'crm-cli-dry-'));
    for (const entry of fileCases)
      await copyFile(join(fixturesDir, entry.file), join(folder, entry.file));

    const { stdout } = await crm(folder, '--dry-run', '--json');

    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as DryRunLine);
    const byKey = new Map(lines.map((line) => [`${basename(line.file)}#${line.index}`, line]));
    const messages = fileCases.reduce((sum, entry) => sum + entry.messages.length, 0);
    expect(lines).toHaveLength(messages);
    for (const entry of fileCases) {
      for (const message of entry.messages as Expected[]) {
        const key = `${entry.id}#${message.index}`;
        const line = byKey.get(`${entry.file}#${message.index}`)!;
        const partner = message.classification === 'bounce' ? null : message.partner_id;
        expect(line.subject, key).toBe(message.subject);
        expect(line.date, key).toBe(new Date(message.date_utc).toISOString());
        expect(line.classification.kind, key).toBe(message.classification);
        expect(
          line.attachments.map((file) => file.filename),
          key,
        ).toEqual(message.attachments.map((file) => file.filename));
        expect(
          line.attachments.map((file) => file.sha256),
          key,
        ).toEqual(message.attachments.map((file) => file.sha256 ?? null));
        expect(line.match.partnerId ?? null, key).toBe(
          partner ? directory.partnerIds.get(partner) : null,
        );
        expect(line.match.siteId ?? null, key).toBe(
          partner ? directory.siteIds.get(message.site_id!) : null,
        );
      }
    }
  });

  it('writes nothing on a dry run', async () => {
    expect(await db.select().from(importedEmails)).toHaveLength(0);
  });

  it('imports a folder and moves its files to done', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'crm-cli-folder-'));
    const names = fileCases.map((entry) => entry.file);
    for (const name of names) await copyFile(join(fixturesDir, name), join(folder, name));

    const { stdout, stderr } = await crm(folder, '--json');

    const summary = JSON.parse(stdout) as { files: Record<string, number> };
    const messages = fileCases.reduce((sum, entry) => sum + entry.messages.length, 0);
    expect(summary.files).toEqual({ done: names.length, failed: 0, skipped: 0, errors: 0 });
    expect(stderr).toContain(`[${names.length}/${names.length}]`);
    expect((await readdir(join(folder, 'done'))).sort()).toEqual([...names].sort());
    expect(await db.select().from(importedEmails)).toHaveLength(messages);
  });

  it('writes logs to stderr with --json', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'crm-cli-logs-'));
    await writeFile(join(folder, 'notes.eml'), 'Buna ziua, va trimit oferta maine.\n');

    const { stdout, stderr } = await crmWithEnv({ LOG_LEVEL: 'warn' }, folder, '--json');

    expect(() => JSON.parse(stdout) as unknown).not.toThrow();
    expect(stderr).toContain('"msg":"email notes.eml#0 quarantined"');
  }, 60_000);

  it('rejects a non-email file on a dry run', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'crm-cli-not-email-'));
    await writeFile(join(folder, 'contacts.json'), '{"name": "Radu Ionescu"}\n');

    const { stdout } = await crm(join(folder, 'contacts.json'), '--dry-run', '--json');

    const line = JSON.parse(stdout) as { ok: boolean; code: string; reason: string };
    expect(line.ok).toBe(false);
    expect(line.code).toBe('NOT_AN_EMAIL');
    expect(line.reason).toContain('not an email message');
  }, 60_000);

  it('marks a repeat within a file on a dry run', async () => {
    const file = 'S08_mbox_thread_with_duplicate.mbox';
    const folder = await mkdtemp(join(tmpdir(), 'crm-cli-dry-duplicate-'));
    await copyFile(join(fixturesDir, file), join(folder, file));
    const entry = fileCases.find((item) => item.file === file)!;
    const repeat = (entry.messages as Expected[]).find((message) => message.duplicate_of)!;

    const { stdout } = await crm(join(folder, file), '--dry-run', '--json');

    const lines = stdout
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text) as DryRunLine & { taskExpected: boolean; duplicateOf: string });
    const line = lines.find((item) => item.index === repeat.index)!;
    expect(line.taskExpected).toBe(false);
    expect(line.duplicateOf).toMatch(new RegExp(`^${file}#\\d+$`));
  }, 60_000);

  it('prints the reason of a failed file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'crm-cli-failed-'));
    await writeFile(join(folder, 'empty.eml'), '');

    const { stderr } = await crm(folder);

    expect(stderr).toContain('empty.eml: FAILED (the file contains no message');
    expect(stderr).toContain(`-> ${join(folder, 'failed', 'empty.eml')}`);
  }, 60_000);

  it('records where a file was moved', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'crm-cli-moved-'));
    await writeFile(join(folder, 'random.txt'), 'x7\u0001\u0002 no headers here\n');

    await crm(folder);

    const [row] = await db
      .select()
      .from(mailImportFiles)
      .where(eq(mailImportFiles.fileName, 'random.txt'));
    expect(row!.movedTo).toBe(join(folder, 'failed', 'random.txt'));
    expect(row!.error).toContain('not an email message');
  }, 60_000);
});
