import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/db/client.js';
import { errorText, reduceQueryError } from '../src/db/error-text.js';
import { createLocalEventBus } from '../src/events/event-bus.js';
import { importMailFile } from '../src/mail/import/import-file.js';
import {
  type ImportServices,
  type ImportSettings,
  loadImportSettings,
} from '../src/mail/import/import-message.js';
import { importedEmails, mailImportFiles, mailQuarantine } from '../src/mail/import/tables.js';
import { corpusAvailable } from './mail-corpus.js';
import { createImportServices, seedCorpusDirectory } from './mail-import-corpus.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

/** One mbox entry from a partner address the corpus directory knows. */
function mboxMessage(id: string, headers: string, body: string): string {
  return (
    `From radu.ionescu@banatelectro.example Mon Apr  1 10:00:00 2024\n` +
    `From: Radu Ionescu <radu.ionescu@banatelectro.example>\nTo: vanzari@nordinstal.example\n` +
    `Message-ID: <${id}@failures.example>\n${headers}\n${body}\n\n`
  );
}

const plainDate = 'Date: Mon, 1 Apr 2024 10:00:00 +0000\n';

describe.skipIf(!corpusAvailable)('mail import of hostile files', () => {
  let testDatabase: TestDatabase;
  let db: Database;
  let close: () => Promise<void>;
  let services: ImportServices;
  let settings: ImportSettings;
  let folder: string;

  async function emailsOf(sha256: string) {
    const rows = await db.select().from(importedEmails);

    return new Map(
      rows
        .filter((row) => row.sourceKey.startsWith(`file:${sha256}#`))
        .map((row) => [row.sourceIndex, row]),
    );
  }

  async function fileRow(sha256: string) {
    const [row] = await db.select().from(mailImportFiles).where(eq(mailImportFiles.sha256, sha256));

    return row!;
  }

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const database = createDatabase(testDatabase.url, { max: 4 });
    db = database.db;
    close = database.close;
    await seedCorpusDirectory(db);
    services = await createImportServices(db, createLocalEventBus());
    settings = await loadImportSettings(db);
    folder = await mkdtemp(join(tmpdir(), 'crm-import-hostile-'));
  });

  afterAll(async () => {
    await close?.();
    await testDatabase?.drop();
  });

  describe('NUL characters', () => {
    let sha256: string;

    beforeAll(async () => {
      const path = join(folder, 'nul.mbox');
      const nulWord = `Subject: Oferta =?x-unknown?B?AAAA?= pompe\n${plainDate}`;
      const nulBody = `Subject: Corp cu NUL\n${plainDate}`;
      await writeFile(
        path,
        mboxMessage('first', `Subject: Primul\n${plainDate}`, 'Primul mesaj.') +
          mboxMessage('word', nulWord, 'Cerere de oferta.') +
          mboxMessage('body', nulBody, 'Inainte\u0000dupa.') +
          mboxMessage('last', `Subject: Ultimul\n${plainDate}`, 'Ultimul mesaj.'),
      );
      ({ sha256 } = await importMailFile(services, settings, path));
    });

    it('imports every message of the file', async () => {
      const statuses = [...(await emailsOf(sha256)).values()].map((row) => row.status);

      expect(statuses).toEqual(['IMPORTED', 'IMPORTED', 'IMPORTED', 'IMPORTED']);
    });

    it('removes NUL from a decoded subject', async () => {
      const email = (await emailsOf(sha256)).get(1)!;

      expect(email.subject).not.toContain('\u0000');
      expect(email.subject).toContain('Oferta');
    });

    it('removes NUL from the body', async () => {
      const email = (await emailsOf(sha256)).get(2)!;

      expect(email.bodyText).toContain('Inaintedupa.');
    });

    it('finishes the file as DONE', async () => {
      const row = await fileRow(sha256);

      expect(row.status).toBe('DONE');
      expect(row.claimedUntil).toBeNull();
    });
  });

  describe('a message the database rejects', () => {
    let sha256: string;
    let result: Awaited<ReturnType<typeof importMailFile>>;

    beforeAll(async () => {
      const path = join(folder, 'far-date.mbox');
      const farDate = 'Subject: Data imposibila\nDate: Mon, 1 Jan 99999 10:00:00 +0000\n';
      await writeFile(
        path,
        mboxMessage('before', `Subject: Inainte\n${plainDate}`, 'Corp secret inainte.') +
          mboxMessage('far', farDate, 'Corp secret al mesajului respins.') +
          mboxMessage('after', `Subject: Dupa\n${plainDate}`, 'Corp secret dupa.'),
      );
      result = await importMailFile(services, settings, path);
      sha256 = result.sha256;
    });

    it('quarantines it and imports the rest', () => {
      expect(result.counts).toEqual({ IMPORTED: 2, FAILED: 1 });
    });

    it('stores the PostgreSQL reason', async () => {
      const failed = (await emailsOf(sha256)).get(1)!;
      const [entry] = await db
        .select()
        .from(mailQuarantine)
        .where(eq(mailQuarantine.emailId, failed.id));

      expect(entry!.code).toBe('STORE_FAILED');
      expect(entry!.reason).toContain('out of range');
      expect(entry!.reason).toContain('22009');
    });

    it('keeps SQL and parameters out of the reason', async () => {
      const failed = (await emailsOf(sha256)).get(1)!;

      expect(failed.failureReason).not.toMatch(/insert into|Failed query|params:/i);
      expect(failed.failureReason).not.toContain('Corp secret');
    });

    it('finishes the file as DONE', async () => {
      const row = await fileRow(sha256);

      expect(row.status).toBe('DONE');
      expect(row.claimedUntil).toBeNull();
    });
  });

  describe('failed query errors', () => {
    let failure: unknown;

    beforeAll(async () => {
      failure = await db.execute(sql`select ${'Corp secret\u0000'}::text`).catch((error) => error);
    });

    it('keep the PostgreSQL message and code', () => {
      expect(errorText(failure)).toContain('invalid byte sequence for encoding "UTF8": 0x00');
      expect(errorText(failure)).toContain('22021');
    });

    it('drop the SQL text and parameters', () => {
      expect(errorText(failure)).not.toMatch(/select|Failed query|params:/i);
    });

    it('drop the SQL from a rethrown error', () => {
      const rethrown = reduceQueryError(failure) as Error;

      expect(rethrown.message).not.toMatch(/select|Failed query|params:/i);
      expect(rethrown.stack).not.toMatch(/select|Failed query|params:/i);
    });
  });

  describe('files that are not email', () => {
    const randomBytes = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 73 + 41) % 256));
    const cases: [string, string | Buffer][] = [
      ['contacts.json', '{"name": "Radu Ionescu", "phone": "+40 721 000 000"}\n'],
      ['random.bin', randomBytes],
      ['notes.eml', 'Buna ziua,\nva trimit oferta maine.\n'],
    ];
    const results = new Map<string, Awaited<ReturnType<typeof importMailFile>>>();

    beforeAll(async () => {
      for (const [name, content] of cases) {
        const path = join(folder, name);
        await writeFile(path, content);
        results.set(name, await importMailFile(services, settings, path));
      }
    });

    it.each(cases.map(([name]) => name))('fails %s', (name) => {
      expect(results.get(name)!.status).toBe('FAILED');
      expect(results.get(name)!.counts).toEqual({ FAILED: 1 });
    });

    it.each(cases.map(([name]) => name))('quarantines %s with the reason', async (name) => {
      const failed = (await emailsOf(results.get(name)!.sha256)).get(0)!;
      const [entry] = await db
        .select()
        .from(mailQuarantine)
        .where(eq(mailQuarantine.emailId, failed.id));

      expect(entry!.code).toBe('NOT_AN_EMAIL');
      expect(entry!.reason).toContain('no From, Date, Subject or Message-ID header');
    });
  });
});
