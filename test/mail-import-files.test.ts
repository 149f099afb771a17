import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, files } from '../src/attachments/tables.js';
import { createDatabase, type Database } from '../src/db/client.js';
import { createLocalEventBus, type CrmEvents, type EventBus } from '../src/events/event-bus.js';
import { importMailFile } from '../src/mail/import/import-file.js';
import {
  importMessage,
  type ImportServices,
  loadImportSettings,
} from '../src/mail/import/import-message.js';
import { emailReviewItems, importedEmails, mailQuarantine } from '../src/mail/import/tables.js';
import { readMailFile } from '../src/mail/index.js';
import { siteEmails } from '../src/partners/tables.js';
import { taskResponses, tasks } from '../src/tasks/tables.js';
import {
  corpusAvailable,
  fixturesDir,
  loadManifestCases,
  type ManifestCase,
  type ManifestMessage,
  READER_FORMATS,
  readAll,
} from './mail-corpus.js';
import {
  collapse,
  type CorpusDirectory,
  createImportServices,
  expectedStatus,
  seedCorpusDirectory,
} from './mail-import-corpus.js';
import { createTestDatabase } from './support/database.js';

type EmailRow = typeof importedEmails.$inferSelect;

interface Expected extends ManifestMessage {
  classification: string;
  task_expected: boolean;
  partner_id: string | null;
  site_id: string | null;
  duplicate_of?: string;
  body_excerpts: string[];
  attachments: { filename: string; sha256?: string; size: number | null }[];
  bounce?: { related_partner_id: string; related_site_id: string };
  calendar?: { dtstart_utc: string; dtend_utc: string };
}

const fileCases = loadManifestCases().filter((entry) => READER_FORMATS[entry.format]);

function sourceKey(entry: ManifestCase, index: number): string {
  return `file:${entry.file_sha256}#${index}`;
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

describe.skipIf(!corpusAvailable)('mail import from files', () => {
  let db: Database;
  let close: () => Promise<void>;
  let directory: CorpusDirectory;
  let services: ImportServices;
  let published: ReturnType<typeof recordingBus>['published'];
  const rows = new Map<string, EmailRow>();

  beforeAll(async () => {
    ({ db, close } = await openDatabase());
    directory = await seedCorpusDirectory(db);
    const recorder = recordingBus();
    published = recorder.published;
    services = await createImportServices(db, recorder.bus);
    const settings = await loadImportSettings(db);

    for (const entry of fileCases) {
      const result = await importMailFile(services, settings, join(fixturesDir, entry.file), {
        format: READER_FORMATS[entry.format],
      });
      expect(result.skipped, entry.id).toBeNull();
    }
    for (const row of await db.select().from(importedEmails)) rows.set(row.sourceKey, row);
  });

  afterAll(async () => {
    await close?.();
  });

  it('records every message with its manifest outcome', () => {
    const messages = fileCases.reduce((sum, entry) => sum + entry.messages.length, 0);
    expect(rows.size).toBe(messages);
    for (const entry of fileCases) {
      for (const message of entry.messages as Expected[]) {
        const key = `${entry.id}#${message.index}`;
        const row = rows.get(sourceKey(entry, message.index));
        expect(row, `${key} recorded`).toBeDefined();
        expect(row!.status, `${key} status`).toBe(expectedStatus(message));
        expect(row!.classification, `${key} classification`).toBe(
          message.classification.toUpperCase(),
        );
        expect(row!.taskId !== null, `${key} has a task`).toBe(message.task_expected);
      }
    }
  });

  it('links every message to the manifest partner and site', () => {
    for (const entry of fileCases) {
      for (const message of entry.messages as Expected[]) {
        const key = `${entry.id}#${message.index}`;
        const row = rows.get(sourceKey(entry, message.index))!;
        const partner = message.bounce?.related_partner_id ?? message.partner_id;
        const site = message.bounce?.related_site_id ?? message.site_id;
        expect(row.partnerId, `${key} partner`).toBe(
          partner ? directory.partnerIds.get(partner) : null,
        );
        expect(row.siteId, `${key} site`).toBe(site ? directory.siteIds.get(site) : null);
      }
    }
  });

  it('keeps every body excerpt in the stored text', () => {
    for (const entry of fileCases) {
      for (const message of entry.messages as Expected[]) {
        const row = rows.get(sourceKey(entry, message.index))!;
        for (const excerpt of message.body_excerpts) {
          expect(collapse(row.bodyText), `${entry.id}#${message.index}`).toContain(excerpt);
        }
      }
    }
  });

  it('creates one task per thread and none for the duplicate', () => {
    const thread = fileCases.find((entry) => entry.id === 'S08')!;
    const [first, reply, answer, duplicate] = [0, 1, 2, 3].map((index) =>
      rows.get(sourceKey(thread, index))!,
    );
    expect(reply!.taskId).toBe(first!.taskId);
    expect(answer!.taskId).toBe(first!.taskId);
    expect(duplicate!.duplicateOfId).toBe(first!.id);
    expect(duplicate!.taskId).toBeNull();
  });

  it('adds each thread reply to the task as a response', async () => {
    const thread = fileCases.find((entry) => entry.id === 'S08')!;
    const taskId = rows.get(sourceKey(thread, 0))!.taskId!;
    const responses = await db.select().from(taskResponses).where(eq(taskResponses.taskId, taskId));
    expect(responses).toHaveLength(2);
    expect(responses.every((response) => response.authorId === null)).toBe(true);
  });

  it('creates tasks for the partner and its sales representative', async () => {
    const created = [...rows.values()].filter((row) => row.taskId && !row.inReplyTo);
    const taskRows = await db
      .select()
      .from(tasks)
      .where(
        inArray(
          tasks.id,
          created.map((row) => row.taskId!),
        ),
      );
    const byId = new Map(taskRows.map((task) => [task.id, task]));
    const fixtureOf = new Map([...directory.partnerIds].map(([fixture, id]) => [id, fixture]));

    for (const row of created) {
      const task = byId.get(row.taskId!)!;
      const fixture = fixtureOf.get(row.partnerId!)!;
      expect(task.beneficiaryId, row.sourceKey).toBe(row.partnerId);
      expect(task.responsibleId, row.sourceKey).toBe(directory.salesRepIds.get(fixture));
      expect(task.creatorId, row.sourceKey).toBeNull();
    }
    expect(new Set(created.map((row) => row.taskId)).size).toBe(created.length);
  });

  it('plans the task of a calendar invite at its times', async () => {
    const invite = fileCases.find((entry) => entry.id === 'S05')!;
    const expected = (invite.messages[0] as Expected).calendar!;
    const row = rows.get(sourceKey(invite, 0))!;
    const [task] = await db.select().from(tasks).where(eq(tasks.id, row.taskId!));
    expect(task!.plannedStart?.toISOString()).toBe(expected.dtstart_utc.replace('Z', '.000Z'));
    expect(task!.deadline?.toISOString()).toBe(expected.dtend_utc.replace('Z', '.000Z'));
  });

  it('attaches the attachment bytes to the task and the email', async () => {
    for (const entry of fileCases) {
      for (const message of entry.messages as Expected[]) {
        const row = rows.get(sourceKey(entry, message.index))!;
        if (!row.taskId || row.inReplyTo) continue;

        const withBytes = message.attachments.filter((file) => file.sha256).map((f) => f.sha256);
        for (const record of [
          { type: 'TASK' as const, id: row.taskId },
          { type: 'EMAIL' as const, id: row.id },
        ]) {
          const stored = await db
            .select({ sha256: files.sha256 })
            .from(attachments)
            .innerJoin(files, eq(files.id, attachments.fileId))
            .where(
              and(eq(attachments.recordType, record.type), eq(attachments.recordId, record.id)),
            );
          expect(
            stored.map((file) => file.sha256).sort(),
            `${row.sourceKey} ${record.type}`,
          ).toEqual(withBytes.sort());
        }
      }
    }
  });

  it('lists name-only attachments of text exports as not stored', () => {
    const outlook = fileCases.find((entry) => entry.id === 'S09')!;
    const row = rows.get(sourceKey(outlook, 0))!;
    expect(row.attachments.map((file) => file.filename)).toEqual([
      'Aviz_expeditie_5521.pdf',
      'Harta acces depozit.jpg',
    ]);
    expect(row.attachments.every((file) => !file.stored)).toBe(true);
  });

  it('publishes the new tasks to their representatives', () => {
    const created = [...rows.values()].filter((row) => row.taskId && !row.inReplyTo);
    const assigned = published.filter((entry) => entry.event === 'taskAssigned');
    for (const row of created) {
      const fixture = [...directory.partnerIds].find(([, id]) => id === row.partnerId)![0];
      expect(assigned, row.sourceKey).toContainEqual({
        event: 'taskAssigned',
        payload: { userId: directory.salesRepUserIds.get(fixture), taskId: row.taskId },
      });
    }
    expect(assigned).toHaveLength(created.length);
  });

  it('publishes every new email to the admin', () => {
    const received = published.filter(
      (entry) => entry.event === 'emailImported' && entry.payload.userId === directory.adminUserId,
    );
    const announced = [...rows.values()].filter((row) => row.status !== 'DUPLICATE');
    expect(received.map((entry) => entry.payload.emailId).sort()).toEqual(
      announced.map((row) => row.id).sort(),
    );
  });

  it('publishes emails with a task to its representative', async () => {
    const received = published.filter((entry) => entry.event === 'emailImported');
    const withTask = [...rows.values()].filter((row) => row.taskId && row.status !== 'DUPLICATE');
    for (const row of withTask) {
      const [task] = await db.select().from(tasks).where(eq(tasks.id, row.taskId!));
      const fixture = [...directory.salesRepIds].find(([, id]) => id === task!.responsibleId)![0];
      expect(received, row.sourceKey).toContainEqual({
        event: 'emailImported',
        payload: { userId: directory.salesRepUserIds.get(fixture), emailId: row.id },
      });
    }
  });

  it('skips a file imported before under another name', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'crm-import-again-'));
    const copy = join(folder, 'renamed.eml');
    await copyFile(join(fixturesDir, 'S01_plain_ascii.eml'), copy);
    const before = (await db.select().from(importedEmails)).length;

    const result = await importMailFile(services, await loadImportSettings(db), copy);

    expect(result.skipped).toBe('ALREADY_IMPORTED');
    expect((await db.select().from(importedEmails)).length).toBe(before);
  });

  it('quarantines an unreadable message and imports the rest', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'crm-import-bad-'));
    const path = join(folder, 'mixed.mbox');
    const message = (subject: string, extra = '') =>
      `From radu.ionescu@banatelectro.example Mon Apr  1 10:00:00 2024\n` +
      `From: Radu Ionescu <radu.ionescu@banatelectro.example>\nTo: vanzari@nordinstal.example\n` +
      `Subject: ${subject}\nDate: Mon, 1 Apr 2024 10:00:00 +0000\nMessage-ID: <${subject}@t>\n` +
      `${extra}\nBody of ${subject}.\n\n`;
    const hugeHeader = `X-Padding: ${'x'.repeat(3000)}\n`;
    await writeFile(path, message('first') + message('broken', hugeHeader) + message('third'));

    const result = await importMailFile(services, await loadImportSettings(db), path, {
      limits: { maxHeaderBytes: 2048 },
    });

    expect(result.counts).toEqual({ IMPORTED: 2, FAILED: 1 });
    const [failed] = await db
      .select()
      .from(importedEmails)
      .where(eq(importedEmails.sourceKey, `file:${result.sha256}#1`));
    const [quarantined] = await db
      .select()
      .from(mailQuarantine)
      .where(eq(mailQuarantine.emailId, failed!.id));
    expect(failed!.status).toBe('FAILED');
    expect(quarantined!.code).toBe('HEADER_TOO_LARGE');
    expect(quarantined!.rawFileId).not.toBeNull();
    expect(quarantined!.rawSize).toBeGreaterThan(3000);
  });

  it('queues unmatched and ambiguous email for review', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'crm-import-review-'));
    const shared = 'achizitii.comune@example.org';
    for (const fixture of ['P001-S1', 'P002-S1']) {
      const siteId = directory.siteIds.get(fixture)!;
      const partnerId = directory.partnerIds.get(fixture.slice(0, 4))!;
      await db.insert(siteEmails).values({ siteId, partnerId, email: shared, position: 9 });
    }
    const eml = (from: string, id: string) =>
      `From: ${from}\r\nTo: vanzari@nordinstal.example\r\nSubject: Cerere ${id}\r\n` +
      `Date: Tue, 2 Apr 2024 10:00:00 +0000\r\nMessage-ID: <${id}@review.test>\r\n\r\nText ${id}.\r\n`;
    await writeFile(join(folder, 'unknown.eml'), eml('nou@necunoscut.example', 'unknown'));
    await writeFile(join(folder, 'shared.eml'), eml(shared, 'shared'));
    const settings = await loadImportSettings(db);

    const unknown = await importMailFile(services, settings, join(folder, 'unknown.eml'));
    const ambiguous = await importMailFile(services, settings, join(folder, 'shared.eml'));

    expect(unknown.counts).toEqual({ UNMATCHED: 1 });
    expect(ambiguous.counts).toEqual({ AMBIGUOUS: 1 });
    const queued = await db
      .select({ reason: emailReviewItems.reason, candidates: importedEmails.matchCandidates })
      .from(emailReviewItems)
      .innerJoin(importedEmails, eq(importedEmails.id, emailReviewItems.emailId))
      .where(eq(emailReviewItems.status, 'OPEN'));
    expect(queued.map((item) => item.reason).sort()).toEqual(['AMBIGUOUS', 'UNMATCHED']);
    const candidates = queued.find((item) => item.reason === 'AMBIGUOUS')!.candidates;
    expect(candidates.map((candidate) => candidate.partnerId).sort()).toEqual(
      [directory.partnerIds.get('P001'), directory.partnerIds.get('P002')].sort(),
    );
  });
});

describe.skipIf(!corpusAvailable)('mail import of a thread in reverse order', () => {
  let db: Database;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ db, close } = await openDatabase());
    await seedCorpusDirectory(db);
  });

  afterAll(async () => {
    await close?.();
  });

  it('creates one task whichever copy comes first', async () => {
    const services = await createImportServices(db, createLocalEventBus());
    const settings = await loadImportSettings(db);
    const path = join(fixturesDir, 'S08_mbox_thread_with_duplicate.mbox');
    const entries = await readAll(readMailFile(path));

    for (const entry of [...entries].reverse()) {
      if (!entry.ok) throw new Error(entry.reason);
      const source = { kind: 'FILE' as const, path, fileSha256: 'reversed', index: entry.index };
      await importMessage(services, settings, entry.message, source);
    }

    const stored = await db.select().from(importedEmails);
    const byIndex = new Map(stored.map((row) => [row.sourceIndex, row]));
    expect(byIndex.get(0)!.status).toBe('DUPLICATE');
    expect(byIndex.get(0)!.duplicateOfId).toBe(byIndex.get(3)!.id);
    expect(new Set(stored.map((row) => row.taskId).filter(Boolean)).size).toBe(1);
    expect((await db.select().from(tasks)).length).toBe(1);
  });
});
