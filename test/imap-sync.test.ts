import { readFile } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/db/client.js';
import { createLocalEventBus } from '../src/events/event-bus.js';
import { importMailFile } from '../src/mail/import/import-file.js';
import { loadImportSettings } from '../src/mail/import/import-message.js';
import { importedEmails } from '../src/mail/import/tables.js';
import { readFolderState } from '../src/mail/imap/folder-state.js';
import { createImapMailbox } from '../src/mail/imap/imap-mailboxes.js';
import { type SyncOptions, type SyncServices, syncMailbox } from '../src/mail/imap/sync-mailbox.js';
import { splitMbox } from '../src/mail/readers/split-mbox.js';
import { tasks } from '../src/tasks/tables.js';
import {
  corpusAvailable,
  fixturesDir,
  loadJson,
  loadManifestCases,
  type ManifestMessage,
  READER_FORMATS,
} from './mail-corpus.js';
import { createImportServices, expectedStatus, seedCorpusDirectory } from './mail-import-corpus.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { dovecotUnavailable, startDovecot, type TestDovecot } from './support/dovecot.js';
import { testCipher } from './support/outgoing-email.js';

interface CorpusEntry {
  key: string;
  raw: Buffer;
  expected: ManifestMessage & {
    classification: string;
    partner_id: string | null;
    task_expected: boolean;
    duplicate_of?: string;
  };
}

interface ScenarioStep {
  messages: { file: string; internalDate: string }[] | string;
}

const unavailable = dovecotUnavailable();

async function* chunksOf(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

/** Reads every RFC 5322 message of the corpus (.eml files and mbox entries) in manifest order. */
async function corpusMessages(): Promise<CorpusEntry[]> {
  const entries: CorpusEntry[] = [];
  for (const entry of loadManifestCases()) {
    const format = READER_FORMATS[entry.format];
    if (format !== 'eml' && format !== 'mbox') continue;

    const bytes = await readFile(join(fixturesDir, entry.file));
    const raws: Buffer[] = [];
    if (format === 'eml') raws.push(bytes);
    else {
      for await (const part of splitMbox(chunksOf(bytes), 64 * 1024 * 1024)) {
        if (part.raw) raws.push(part.raw);
      }
    }
    raws.forEach((raw, index) => {
      const expected = entry.messages[index] as CorpusEntry['expected'];
      entries.push({ key: `${entry.id}#${index}`, raw, expected });
    });
  }

  return entries;
}

/** Starts a loopback TCP proxy to the IMAP server whose open connections a test can cut. */
async function startDropProxy(target: TestDovecot) {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();

  return {
    port: typeof address === 'object' && address ? address.port : 0,
    dropAll() {
      for (const socket of sockets) socket.destroy();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(unavailable !== null || !corpusAvailable)('imap sync against Dovecot', () => {
  let dovecot: TestDovecot;
  let client: ImapFlow;
  let testDatabase: TestDatabase | null = null;
  let closeDatabase: (() => Promise<void>) | null = null;
  let db: Database;
  let services: SyncServices;

  /** Gives each test a fresh database with the corpus directory. */
  beforeEach(async () => {
    testDatabase = await createTestDatabase();
    const database = createDatabase(testDatabase.url, { max: 4 });
    db = database.db;
    closeDatabase = database.close;
    await seedCorpusDirectory(db);
    services = { ...(await createImportServices(db, createLocalEventBus())), cipher: testCipher };
  });

  afterEach(async () => {
    await closeDatabase?.();
    await testDatabase?.drop();
  });

  beforeAll(async () => {
    dovecot = await startDovecot();
    client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: dovecot.user.username, pass: dovecot.user.password },
      logger: false,
    });
    await client.connect();
  });

  afterAll(async () => {
    await client?.logout().catch(() => undefined);
    await dovecot?.stop();
  });

  async function recreateFolder(folder: string, raws: { raw: Buffer; date?: Date }[]) {
    const existing = await client.list();
    if (existing.some((entry) => entry.path === folder)) await client.mailboxDelete(folder);
    await client.mailboxCreate(folder);
    for (const { raw, date } of raws) await client.append(folder, raw, [], date);
  }

  async function addMailbox(name: string, folder: string, port = dovecot.port) {
    return createImapMailbox(db, testCipher, {
      name,
      host: dovecot.host,
      port,
      security: 'NONE',
      username: dovecot.user.username,
      password: dovecot.user.password,
      folder,
      enabled: true,
    });
  }

  function sync(mailboxId: string, options: SyncOptions = {}) {
    return syncMailbox(services, mailboxId, { reconnectDelayMs: 50, ...options });
  }

  function rowsOf(mailboxId: string) {
    return db.select().from(importedEmails).where(eq(importedEmails.mailboxId, mailboxId));
  }

  it('follows the UIDVALIDITY change scenario', async () => {
    const scenario = loadJson<{ steps: ScenarioStep[] }>(
      'S14_imap_uidvalidity_change_scenario.json',
    );
    const appendStep = async (step: ScenarioStep) => {
      const messages = step.messages as { file: string; internalDate: string }[];
      const raws = await Promise.all(
        messages.map(async (message) => ({
          raw: await readFile(join(fixturesDir, message.file)),
          date: new Date(message.internalDate),
        })),
      );
      await recreateFolder('Scenario', raws);
    };
    const mailbox = await addMailbox('scenario', 'Scenario');
    const key = { mailboxId: mailbox.id, folder: 'Scenario' };

    await appendStep(scenario.steps[0]!);
    const first = await sync(mailbox.id);
    const firstState = await readFolderState(db, key);
    expect(first.counts).toEqual({ IMPORTED: 3 });
    expect(firstState.lastUid).toBe(3);

    await appendStep(scenario.steps[1]!);
    const second = await sync(mailbox.id);
    const secondState = await readFolderState(db, key);
    expect(second.counts).toEqual({ DUPLICATE: 3, IMPORTED: 1 });
    expect(second.uidValidityChanged).toBe(true);
    expect(secondState.uidValidity).not.toBe(firstState.uidValidity);
    expect(secondState.previousUidValidity).toBe(firstState.uidValidity);
    expect(secondState.lastUid).toBe(4);

    await client.mailboxOpen('Scenario');
    await client.messageFlagsAdd('1:*', ['\\Seen']);
    await client.mailboxClose();
    const third = await sync(mailbox.id);
    const thirdState = await readFolderState(db, key);
    expect(third.counts).toEqual({});
    expect(thirdState.lastUid).toBe(4);
    expect(thirdState.uidValidity).toBe(secondState.uidValidity);
    expect((await db.select().from(tasks)).length).toBe(4);
  });

  it('imports the corpus once across resyncs', async () => {
    const corpus = await corpusMessages();
    await recreateFolder('Corpus', corpus);
    const mailbox = await addMailbox('corpus', 'Corpus');

    const runs = [await sync(mailbox.id), await sync(mailbox.id), await sync(mailbox.id)];
    const firstRead = await rowsOf(mailbox.id);
    await recreateFolder('Corpus', corpus);
    const afterChange = await sync(mailbox.id);
    const reread = (await rowsOf(mailbox.id)).filter(
      (row) => !firstRead.some((r) => r.id === row.id),
    );

    expect(firstRead).toHaveLength(corpus.length);
    expect(runs[1]!.counts).toEqual({});
    expect(runs[2]!.counts).toEqual({});
    expect(afterChange.uidValidityChanged).toBe(true);
    expect(reread).toHaveLength(corpus.length);
    expect(reread.every((row) => row.status === 'DUPLICATE')).toBe(true);
    // Dovecot numbers appended messages from UID 1 in append order.
    for (const [index, entry] of corpus.entries()) {
      const row = firstRead.find((candidate) => candidate.uid === index + 1)!;
      expect(row.status, entry.key).toBe(expectedStatus(entry.expected));
      expect(row.taskId !== null, entry.key).toBe(entry.expected.task_expected);
    }
    const taskIds = new Set(firstRead.map((row) => row.taskId).filter(Boolean));
    expect((await db.select().from(tasks)).length).toBe(taskIds.size);
  });

  it('adds no task for the same messages from files', async () => {
    const corpus = await corpusMessages();
    await recreateFolder('Corpus', corpus);
    const mailbox = await addMailbox('corpus', 'Corpus');
    await sync(mailbox.id);
    const tasksBefore = (await db.select().from(tasks)).length;
    const settings = await loadImportSettings(db);
    const imported: Record<string, number> = {};

    for (const entry of loadManifestCases()) {
      const format = READER_FORMATS[entry.format];
      if (format !== 'eml' && format !== 'mbox') continue;
      const path = join(fixturesDir, entry.file);
      const result = await importMailFile(services, settings, path, { format });
      for (const [status, count] of Object.entries(result.counts)) {
        imported[status] = (imported[status] ?? 0) + (count ?? 0);
      }
    }

    expect(imported).toEqual({ DUPLICATE: corpus.length });
    expect((await db.select().from(tasks)).length).toBe(tasksBefore);
  });

  it('reconnects after a dropped connection', async () => {
    const proxy = await startDropProxy(dovecot);
    const raws = Array.from({ length: 6 }, (_, index) => ({
      raw: Buffer.from(
        `From: Radu Ionescu <radu.ionescu@banatelectro.example>\r\n` +
          `To: vanzari@nordinstal.example\r\nSubject: Comanda ${index}\r\n` +
          `Date: Wed, 3 Apr 2024 10:0${index}:00 +0000\r\n` +
          `Message-ID: <drop-${index}@banatelectro.example>\r\n\r\nComanda numarul ${index}.\r\n`,
      ),
    }));
    await recreateFolder('Drop', raws);
    const mailbox = await addMailbox('drop', 'Drop', proxy.port);
    let seen = 0;

    const result = await sync(mailbox.id, {
      onMessage: () => {
        seen += 1;
        if (seen === 2) proxy.dropAll();
      },
    });
    await proxy.close();

    const rows = await rowsOf(mailbox.id);
    const state = await readFolderState(db, { mailboxId: mailbox.id, folder: 'Drop' });
    expect(result.reconnects).toBe(1);
    expect(result.counts).toEqual({ IMPORTED: 6 });
    expect(rows.map((row) => row.uid).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(state.lastUid).toBe(6);
    expect(state.lastError).toBeNull();
  });
});
