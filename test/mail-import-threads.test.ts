import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/db/client.js';
import { createLocalEventBus, type CrmEvents, type EventBus } from '../src/events/event-bus.js';
import { createImapMailbox } from '../src/mail/imap/imap-mailboxes.js';
import { syncMailbox } from '../src/mail/imap/sync-mailbox.js';
import { importMailFile } from '../src/mail/import/import-file.js';
import {
  type ImportServices,
  type ImportSettings,
  loadImportSettings,
} from '../src/mail/import/import-message.js';
import { assignEmailToPartner } from '../src/mail/import/review-queue.js';
import { emailReviewItems, importedEmails } from '../src/mail/import/tables.js';
import { splitMbox } from '../src/mail/readers/split-mbox.js';
import { taskResponses, tasks } from '../src/tasks/tables.js';
import { corpusAvailable, fixturesDir } from './mail-corpus.js';
import {
  type CorpusDirectory,
  createImportServices,
  seedCorpusDirectory,
} from './mail-import-corpus.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { dovecotUnavailable, startDovecot, type TestDovecot } from './support/dovecot.js';
import { testCipher } from './support/outgoing-email.js';

/** Message-IDs of the mbox thread fixture: the request, the colleague's reply, the partner's reply. */
const THREAD_IDS = [
  '<m1-20240402091532@moraru-logistic.example>',
  '<20240402114002.7731@nordinstal.example>',
  '<m3-20240402130544@moraru-logistic.example>',
];

const ORDERS = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
];

async function* chunksOf(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

/** Reads the three messages of the mbox thread fixture as raw bytes, without the repeated copy. */
async function threadMessages(): Promise<Buffer[]> {
  const bytes = await readFile(join(fixturesDir, 'S08_mbox_thread_with_duplicate.mbox'));
  const raws: Buffer[] = [];
  for await (const part of splitMbox(chunksOf(bytes), 64 * 1024 * 1024)) {
    if (part.raw) raws.push(part.raw);
  }

  return raws.slice(0, 3);
}

/** Gives the thread's Message-IDs a suffix, so each import order is a thread of its own. */
function renumber(raw: Buffer, suffix: string): Buffer {
  let text = raw.toString('latin1');
  for (const id of THREAD_IDS) text = text.replaceAll(id, id.replace('@', `.${suffix}@`));

  return Buffer.from(text, 'latin1');
}

function renumberedId(index: number, suffix: string): string {
  return THREAD_IDS[index]!.replace('@', `.${suffix}@`);
}

/** Publishes through a real local bus and keeps a copy of every event for the checks. */
function recordingBus() {
  const bus = createLocalEventBus();
  const published: { event: keyof CrmEvents; payload: Record<string, string> }[] = [];
  const recording: EventBus = {
    publish(event, payload) {
      published.push({ event, payload });
      bus.publish(event, payload);
    },
    subscribe: (event, userId) => bus.subscribe(event, userId),
  };

  return { bus: recording, published };
}

async function openDatabase() {
  const testDatabase = await createTestDatabase();
  const database = createDatabase(testDatabase.url, { max: 4 });
  const close = async () => {
    await database.close();
    await testDatabase.drop();
  };

  return { db: database.db, close };
}

function emailsById(db: Database, messageIds: string[]) {
  return db.select().from(importedEmails).where(inArray(importedEmails.messageId, messageIds));
}

describe.skipIf(!corpusAvailable)('thread import order from files', () => {
  let db: Database;
  let close: () => Promise<void>;
  let services: ImportServices;
  let settings: ImportSettings;
  let folder: string;
  let raws: Buffer[];

  beforeAll(async () => {
    ({ db, close } = await openDatabase());
    await seedCorpusDirectory(db);
    services = await createImportServices(db, createLocalEventBus());
    settings = await loadImportSettings(db);
    folder = await mkdtemp(join(tmpdir(), 'crm-thread-order-'));
    raws = await threadMessages();
  });

  afterAll(async () => {
    await close?.();
  });

  async function importInOrder(order: number[], suffix: string) {
    for (const index of order) {
      const path = join(folder, `${suffix}-${index}.eml`);
      await writeFile(path, renumber(raws[index]!, suffix));
      await importMailFile(services, settings, path, { format: 'eml' });
    }
    const ids = [0, 1, 2].map((index) => renumberedId(index, suffix));

    return emailsById(db, ids);
  }

  for (const order of ORDERS) {
    const suffix = `order${order.join('')}`;

    it(`gives the thread one task in order ${order.join(', ')}`, async () => {
      const rows = await importInOrder(order, suffix);
      const taskIds = new Set(rows.map((row) => row.taskId));
      const taskId = rows[0]!.taskId!;
      const responses = await db
        .select()
        .from(taskResponses)
        .where(eq(taskResponses.taskId, taskId));

      expect(rows).toHaveLength(3);
      expect(rows.map((row) => row.status)).toEqual(['IMPORTED', 'IMPORTED', 'IMPORTED']);
      expect(taskId).not.toBeNull();
      expect([...taskIds]).toEqual([taskId]);
      expect(responses).toHaveLength(2);
    });
  }

  it('creates one task per thread across all orders', async () => {
    const all = await db.select({ id: tasks.id }).from(tasks);

    expect(all).toHaveLength(ORDERS.length);
  });

  it('still records the repeated request as a duplicate', async () => {
    const path = join(fixturesDir, 'S08_mbox_thread_with_duplicate.mbox');
    const tasksBefore = (await db.select({ id: tasks.id }).from(tasks)).length;
    const result = await importMailFile(services, settings, path, { format: 'mbox' });
    const rows = await emailsById(db, [THREAD_IDS[0]!]);
    const owner = rows.find((row) => row.status === 'IMPORTED')!;
    const copy = rows.find((row) => row.status === 'DUPLICATE')!;

    expect(result.counts).toEqual({ IMPORTED: 3, DUPLICATE: 1 });
    expect(copy.duplicateOfId).toBe(owner.id);
    expect(copy.taskId).toBeNull();
    expect((await db.select({ id: tasks.id }).from(tasks)).length).toBe(tasksBefore + 1);
  });

  it('imports the same Message-ID with other content as another message', async () => {
    const suffix = 'reused';
    await importInOrder([2, 0], suffix);
    const changed = renumber(raws[0]!, suffix)
      .toString('latin1')
      .replace('Subject:', 'X-Test: changed body\r\nSubject:')
      .replace(/\r?\n\r?\n/, (separator) => `${separator}A second request, other content.\n`);
    const path = join(folder, `${suffix}-changed.eml`);
    await writeFile(path, Buffer.from(changed, 'latin1'));
    await importMailFile(services, settings, path, { format: 'eml' });
    const rows = await emailsById(db, [renumberedId(0, suffix)]);

    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row.status)).toEqual(['IMPORTED', 'IMPORTED']);
    expect(rows.map((row) => row.duplicateOfId)).toEqual([null, null]);
  });
});

const unavailable = dovecotUnavailable();

describe.skipIf(unavailable !== null || !corpusAvailable)('thread import order over IMAP', () => {
  let testDatabase: TestDatabase;
  let closeDatabase: () => Promise<void>;
  let db: Database;
  let dovecot: TestDovecot;
  let client: ImapFlow;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const database = createDatabase(testDatabase.url, { max: 4 });
    db = database.db;
    closeDatabase = database.close;
    await seedCorpusDirectory(db);
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
    await closeDatabase?.();
    await testDatabase?.drop();
  });

  it('gives a thread read newest first one task', async () => {
    const raws = await threadMessages();
    await client.mailboxCreate('Reversed');
    for (const raw of [...raws].reverse()) await client.append('Reversed', raw);
    const mailbox = await createImapMailbox(db, testCipher, {
      name: 'reversed',
      host: dovecot.host,
      port: dovecot.port,
      security: 'NONE',
      username: dovecot.user.username,
      password: dovecot.user.password,
      folder: 'Reversed',
      enabled: true,
    });
    const services = {
      ...(await createImportServices(db, createLocalEventBus())),
      cipher: testCipher,
    };

    const result = await syncMailbox(services, mailbox.id, { reconnectDelayMs: 50 });
    const rows = await emailsById(db, THREAD_IDS);
    const taskIds = new Set(rows.map((row) => row.taskId));

    expect(result.counts).toEqual({ IMPORTED: 3 });
    expect(rows.map((row) => row.uid).sort()).toEqual([1, 2, 3]);
    expect(taskIds.size).toBe(1);
    expect(rows[0]!.taskId).not.toBeNull();
    expect(await db.select({ id: tasks.id }).from(tasks)).toHaveLength(1);
  });
});

/** Builds the text of an .eml file in a thread about a pallet transport. */
function threadMail(fields: {
  id: string;
  from: string;
  date: Date;
  inReplyTo?: string;
  headers?: string[];
  body: string;
}): string {
  const lines = [
    `From: ${fields.from}`,
    'To: vanzari@nordinstal.example',
    `Subject: ${fields.inReplyTo ? 'Re: ' : ''}Transport paleti Cluj - Iasi`,
    `Date: ${fields.date.toUTCString()}`,
    `Message-ID: ${fields.id}`,
    ...(fields.inReplyTo
      ? [`In-Reply-To: ${fields.inReplyTo}`, `References: ${fields.inReplyTo}`]
      : []),
    ...(fields.headers ?? []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    fields.body,
    '',
  ];

  return lines.join('\r\n');
}

const PARTNER = 'Dispecerat Moraru <dispecerat@moraru-logistic.example>';
const COLLEAGUE = 'Vlad Tanase <vlad.tanase@nordinstal.example>';

describe.skipIf(!corpusAvailable)('replies to a resolved task', () => {
  let db: Database;
  let close: () => Promise<void>;
  let directory: CorpusDirectory;
  let services: ImportServices;
  let settings: ImportSettings;
  let published: ReturnType<typeof recordingBus>['published'];
  let folder: string;
  let resolvedAt: Date;

  beforeAll(async () => {
    ({ db, close } = await openDatabase());
    directory = await seedCorpusDirectory(db);
    const recorder = recordingBus();
    published = recorder.published;
    services = await createImportServices(db, recorder.bus);
    settings = await loadImportSettings(db);
    folder = await mkdtemp(join(tmpdir(), 'crm-thread-replies-'));
  });

  afterAll(async () => {
    await close?.();
  });

  async function importText(name: string, text: string) {
    const path = join(folder, `${name}.eml`);
    await writeFile(path, text);
    await importMailFile(services, settings, path, { format: 'eml' });
  }

  /** Imports a request from the partner and resolves its task now; returns the task id. */
  async function resolvedThread(name: string, invoiced = false): Promise<string> {
    const id = `<${name}@moraru-logistic.example>`;
    const date = new Date(Date.now() - 3_600_000);
    await importText(name, threadMail({ id, from: PARTNER, date, body: 'Cerem oferta.' }));
    const [email] = await emailsById(db, [id]);
    resolvedAt = new Date();
    await db
      .update(tasks)
      .set({ status: 'RESOLVED', resolvedAt, invoiced })
      .where(eq(tasks.id, email!.taskId!));

    return email!.taskId!;
  }

  async function taskOf(taskId: string) {
    const [task] = await db.select().from(tasks).where(eq(tasks.id, taskId));
    const responses = await db.select().from(taskResponses).where(eq(taskResponses.taskId, taskId));

    return { task: task!, responses };
  }

  function updatesOf(taskId: string) {
    return published.filter(
      (entry) => entry.event === 'taskUpdated' && entry.payload.taskId === taskId,
    );
  }

  it('reopens the task on a partner reply', async () => {
    const taskId = await resolvedThread('reopen');
    const reply = threadMail({
      id: '<reopen-reply@moraru-logistic.example>',
      from: PARTNER,
      date: new Date(resolvedAt.getTime() + 60_000),
      inReplyTo: '<reopen@moraru-logistic.example>',
      body: 'Mai avem nevoie de un camion.',
    });
    await importText('reopen-reply', reply);
    const { task, responses } = await taskOf(taskId);
    const repUserId = directory.salesRepUserIds.get('P003');

    expect(task.status).toBe('OPEN');
    expect(task.resolvedAt).toBeNull();
    expect(responses).toHaveLength(1);
    expect(updatesOf(taskId)).toContainEqual({
      event: 'taskUpdated',
      payload: { userId: repUserId, taskId, change: 'REOPENED' },
    });
  });

  it('never reopens the task on an automatic reply', async () => {
    const taskId = await resolvedThread('auto');
    const reply = threadMail({
      id: '<auto-reply@moraru-logistic.example>',
      from: PARTNER,
      date: new Date(resolvedAt.getTime() + 60_000),
      inReplyTo: '<auto@moraru-logistic.example>',
      headers: ['Auto-Submitted: auto-replied'],
      body: 'Sunt in concediu pana luni.',
    });
    await importText('auto-reply', reply);
    const { task, responses } = await taskOf(taskId);
    const [email] = await emailsById(db, ['<auto-reply@moraru-logistic.example>']);

    expect(email!.status).toBe('AUTO_REPLY');
    expect(email!.taskId).toBeNull();
    expect(task.status).toBe('RESOLVED');
    expect(task.resolvedAt).toEqual(resolvedAt);
    expect(responses).toHaveLength(0);
    expect(updatesOf(taskId)).toEqual([]);
  });

  it("keeps the task resolved on a colleague's reply", async () => {
    const taskId = await resolvedThread('colleague');
    const reply = threadMail({
      id: '<colleague-reply@nordinstal.example>',
      from: COLLEAGUE,
      date: new Date(resolvedAt.getTime() + 60_000),
      inReplyTo: '<colleague@moraru-logistic.example>',
      body: 'Am trimis oferta.',
    });
    await importText('colleague-reply', reply);
    const { task, responses } = await taskOf(taskId);

    expect(task.status).toBe('RESOLVED');
    expect(responses).toHaveLength(1);
    expect(updatesOf(taskId).map((entry) => entry.payload.change)).toContain('RESPONDED');
  });

  it('keeps the task resolved on a reply older than the resolution', async () => {
    const taskId = await resolvedThread('older');
    const reply = threadMail({
      id: '<older-reply@moraru-logistic.example>',
      from: PARTNER,
      date: new Date(resolvedAt.getTime() - 60_000),
      inReplyTo: '<older@moraru-logistic.example>',
      body: 'Confirmam comanda.',
    });
    await importText('older-reply', reply);
    const { task, responses } = await taskOf(taskId);

    expect(task.status).toBe('RESOLVED');
    expect(responses).toHaveLength(1);
  });

  it('keeps an invoiced task resolved on a partner reply', async () => {
    const taskId = await resolvedThread('invoiced', true);
    const reply = threadMail({
      id: '<invoiced-reply@moraru-logistic.example>',
      from: PARTNER,
      date: new Date(resolvedAt.getTime() + 60_000),
      inReplyTo: '<invoiced@moraru-logistic.example>',
      body: 'Multumim pentru factura.',
    });
    await importText('invoiced-reply', reply);
    const { task, responses } = await taskOf(taskId);

    expect(task.status).toBe('RESOLVED');
    expect(responses).toHaveLength(1);
    expect(updatesOf(taskId).map((entry) => entry.payload.change)).toEqual(['RESPONDED']);
  });
});

const STRANGER = 'Sofer Ionescu <sofer.ionescu@posta-necunoscuta.example>';

describe.skipIf(!corpusAvailable)('thread replies waiting for review', () => {
  let db: Database;
  let close: () => Promise<void>;
  let directory: CorpusDirectory;
  let services: ImportServices;
  let settings: ImportSettings;
  let folder: string;

  beforeAll(async () => {
    ({ db, close } = await openDatabase());
    directory = await seedCorpusDirectory(db);
    services = await createImportServices(db, createLocalEventBus());
    settings = await loadImportSettings(db);
    folder = await mkdtemp(join(tmpdir(), 'crm-thread-review-'));
  });

  afterAll(async () => {
    await close?.();
  });

  async function importText(name: string, text: string) {
    const path = join(folder, `${name}.eml`);
    await writeFile(path, text);
    await importMailFile(services, settings, path, { format: 'eml' });
  }

  async function emailOf(messageId: string) {
    const [email] = await emailsById(db, [messageId]);

    return email!;
  }

  async function reviewOf(emailId: string) {
    const [item] = await db
      .select()
      .from(emailReviewItems)
      .where(eq(emailReviewItems.emailId, emailId));

    return item!;
  }

  /** Imports a stranger's reply to `rootId` and then, or first, the partner's request. */
  async function importPair(name: string, replyFirst: boolean) {
    const rootId = `<${name}@moraru-logistic.example>`;
    const replyId = `<${name}-reply@posta-necunoscuta.example>`;
    const root = threadMail({
      id: rootId,
      from: PARTNER,
      date: new Date('2024-05-02T09:00:00Z'),
      body: 'Cerem oferta pentru transport.',
    });
    const reply = threadMail({
      id: replyId,
      from: STRANGER,
      date: new Date('2024-05-02T10:00:00Z'),
      inReplyTo: rootId,
      body: 'Sunt soferul, pot incarca joi.',
    });
    const steps: [string, string][] = [
      [`${name}-root`, root],
      [`${name}-reply`, reply],
    ];
    for (const [file, text] of replyFirst ? steps.reverse() : steps) await importText(file, text);

    return { root: await emailOf(rootId), reply: await emailOf(replyId) };
  }

  it('leaves a lone stranger reply for review', async () => {
    const replyId = '<lone-reply@posta-necunoscuta.example>';
    await importText(
      'lone-reply',
      threadMail({
        id: replyId,
        from: STRANGER,
        date: new Date('2024-05-02T10:00:00Z'),
        inReplyTo: '<lone@moraru-logistic.example>',
        body: 'Sunt soferul.',
      }),
    );
    const reply = await emailOf(replyId);

    expect(reply.status).toBe('UNMATCHED');
    expect(reply.taskId).toBeNull();
    expect((await reviewOf(reply.id)).status).toBe('OPEN');
  });

  for (const replyFirst of [false, true]) {
    const order = replyFirst ? 'reply first' : 'request first';

    it(`joins a stranger reply to the thread task, ${order}`, async () => {
      const { root, reply } = await importPair(replyFirst ? 'late-root' : 'early-root', replyFirst);
      const responses = await db
        .select()
        .from(taskResponses)
        .where(eq(taskResponses.taskId, root.taskId!));

      expect(root.taskId).not.toBeNull();
      expect(reply.taskId).toBe(root.taskId);
      expect(reply.status).toBe('IMPORTED');
      expect(reply.partnerId).toBe(directory.partnerIds.get('P003'));
      expect(responses).toHaveLength(1);
    });
  }

  it('closes the review item of an adopted reply', async () => {
    const reply = await emailOf('<late-root-reply@posta-necunoscuta.example>');
    const item = await reviewOf(reply.id);

    expect(item.status).toBe('ASSIGNED');
    expect(item.resolvedBy).toBeNull();
    expect(item.resolvedAt).not.toBeNull();
  });

  it('joins waiting replies when a request is assigned by hand', async () => {
    const rootId = '<manual@posta-necunoscuta.example>';
    const replyId = '<manual-reply@posta-necunoscuta.example>';
    const stranger = 'Client Nou <client.nou@posta-necunoscuta.example>';
    await importText(
      'manual-reply',
      threadMail({
        id: replyId,
        from: STRANGER,
        date: new Date('2024-05-03T10:00:00Z'),
        inReplyTo: rootId,
        body: 'Confirm adresa de livrare.',
      }),
    );
    await importText(
      'manual-root',
      threadMail({
        id: rootId,
        from: stranger,
        date: new Date('2024-05-03T09:00:00Z'),
        body: 'Vrem un transport de proba.',
      }),
    );
    const root = await emailOf(rootId);
    const viewer = {
      userId: directory.adminUserId,
      role: 'ADMIN' as const,
      employeeId: null,
      tokenId: randomUUID(),
    };

    const decision = await db.transaction((tx) =>
      assignEmailToPartner(tx, services.files, viewer, {
        emailId: root.id,
        partnerId: directory.partnerIds.get('P003')!,
        siteId: null,
      }),
    );
    const reply = await emailOf(replyId);

    expect(decision.email.taskId).not.toBeNull();
    expect(reply.taskId).toBe(decision.email.taskId);
    expect(reply.status).toBe('IMPORTED');
    expect((await reviewOf(reply.id)).status).toBe('ASSIGNED');
  });
});
