import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockBlobShared, tryLockBlob } from '../src/attachments/blob-locks.js';
import { createFileSweepJobs } from '../src/attachments/file-sweep-jobs.js';
import {
  FILE_REFERENCES,
  sweepOrphanBlobs,
  sweepUnreferencedRows,
} from '../src/attachments/file-sweep.js';
import { createFileStore, fileStoreRoot, type FileStore } from '../src/attachments/index.js';
import { attachments, files } from '../src/attachments/tables.js';
import { createDatabase, type Database } from '../src/db/client.js';
import { type RunningWorker, startWorker } from '../src/jobs/worker.js';
import { importedEmails, mailQuarantine } from '../src/mail/import/tables.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { testWorkerSetup } from './support/outgoing-email.js';

let database: TestDatabase;
let connection: ReturnType<typeof createDatabase>;
let db: Database;
let root: string;
let store: FileStore;

beforeAll(async () => {
  database = await createTestDatabase();
  connection = createDatabase(database.url, { max: 6 });
  db = connection.db;
  root = await mkdtemp(join(tmpdir(), 'crm-sweep-'));
  store = createFileStore({ root });
});

/**
 * Waits until no other session is connected to the test database. The job store's pool can
 * still be closing its connections after the worker stopped, and dropping the database under
 * them makes the pool raise an unhandled error.
 */
async function waitForOtherSessions(url: string, timeoutMs = 10_000) {
  const probe = postgres(url, { max: 1, onnotice: () => undefined });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const [row] = await probe<{ sessions: number }[]>`
        select count(*)::int as sessions from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()`;
      if (row!.sessions === 0 || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await probe.end();
  }
}

afterAll(async () => {
  await connection?.close();
  if (database) await waitForOtherSessions(database.url);
  await database?.drop();
  await rm(root, { recursive: true, force: true });
});

/** Returns a moment after everything stored so far, as if the grace period had passed. */
function graceOver(): Date {
  return new Date(Date.now() + 1000);
}

function storeText(text: string, executor: Parameters<FileStore['storeFile']>[0] = db) {
  return store.storeFile(executor, { bytes: Buffer.from(text), filename: 'note.txt' });
}

async function attachToPartner(fileId: string) {
  await db.insert(attachments).values({ fileId, recordType: 'PARTNER', recordId: randomUUID() });
}

async function fileExists(id: string) {
  const rows = await db.select({ id: files.id }).from(files).where(eq(files.id, id));

  return rows.length === 1;
}

async function blobExists(sha256: string) {
  return (await store.listBlobs(sha256[0]!)).includes(sha256);
}

/** Stores the content in a transaction that rolls back, leaving its blob without a row. */
async function orphanBlob(text: string): Promise<string> {
  let sha256 = '';
  await db
    .transaction(async (tx) => {
      sha256 = (await storeText(text, tx)).sha256;
      throw new Error('roll back on purpose');
    })
    .catch(() => undefined);

  return sha256;
}

async function readAll(fileId: string) {
  const opened = await store.openFile(db, fileId);

  return (await buffer(opened.stream)).toString();
}

describe('unreferenced file rows', () => {
  it('lists every foreign key to files', async () => {
    const rows = await db.execute<{ table: string; column: string }>(sql`
      select referencing.relname as table, attribute.attname as column
        from pg_constraint constraint_row
        join pg_class referencing on referencing.oid = constraint_row.conrelid
        join pg_attribute attribute on attribute.attrelid = constraint_row.conrelid
          and attribute.attnum = any(constraint_row.conkey)
        where constraint_row.contype = 'f' and constraint_row.confrelid = 'files'::regclass`);
    const found = rows.map((row) => `${row.table}.${row.column}`).sort();
    const listed = FILE_REFERENCES.map((entry) => `${entry.table}.${entry.column}`).sort();

    expect(listed).toEqual(found);
  });

  it('removes a detached file and its blob', async () => {
    const file = await storeText('detached offer');
    await attachToPartner(file.id);
    await db.delete(attachments).where(eq(attachments.fileId, file.id));

    const result = await sweepUnreferencedRows(db, store, { before: graceOver(), limit: 100 });

    expect(result.rows).toBeGreaterThanOrEqual(1);
    expect(await fileExists(file.id)).toBe(false);
    expect(await blobExists(file.sha256)).toBe(false);
  });

  it('keeps an attached file', async () => {
    const file = await storeText('attached contract');
    await attachToPartner(file.id);

    await sweepUnreferencedRows(db, store, { before: graceOver(), limit: 100 });

    expect(await fileExists(file.id)).toBe(true);
    expect(await readAll(file.id)).toBe('attached contract');
  });

  it('keeps a quarantined raw message', async () => {
    const file = await storeText('raw message that failed to parse');
    const [email] = await db
      .insert(importedEmails)
      .values({ status: 'FAILED', sourceKind: 'FILE', sourceKey: `file:${randomUUID()}#0` })
      .returning();
    await db.insert(mailQuarantine).values({
      emailId: email!.id,
      code: 'MALFORMED_MESSAGE',
      reason: 'test',
      rawFileId: file.id,
    });

    await sweepUnreferencedRows(db, store, { before: graceOver(), limit: 100 });

    expect(await fileExists(file.id)).toBe(true);
  });

  it('keeps an unreferenced file within the grace period', async () => {
    const file = await storeText('uploaded a moment ago');

    await sweepUnreferencedRows(db, store, { before: new Date(Date.now() - 60_000), limit: 100 });

    expect(await fileExists(file.id)).toBe(true);
    expect(await blobExists(file.sha256)).toBe(true);
  });

  it('keeps the blob another row still names', async () => {
    const kept = await storeText('shared price list');
    const dropped = await storeText('shared price list');
    await attachToPartner(kept.id);

    await sweepUnreferencedRows(db, store, { before: graceOver(), limit: 100 });

    expect(await fileExists(dropped.id)).toBe(false);
    expect(await fileExists(kept.id)).toBe(true);
    expect(await readAll(kept.id)).toBe('shared price list');
  });

  it('deletes at most one batch per run', async () => {
    await sweepUnreferencedRows(db, store, { before: graceOver(), limit: 1000 });
    for (const index of [1, 2, 3]) await storeText(`batch file ${index}`);

    const first = await sweepUnreferencedRows(db, store, { before: graceOver(), limit: 2 });
    const second = await sweepUnreferencedRows(db, store, { before: graceOver(), limit: 2 });

    expect(first.rows).toBe(2);
    expect(first.more).toBe(true);
    expect(second.rows).toBe(1);
    expect(second.more).toBe(false);
  });
});

describe('orphan blobs', () => {
  it('removes the blob of a rolled-back upload', async () => {
    const sha256 = await orphanBlob('rolled back upload');
    expect(await blobExists(sha256)).toBe(true);

    const removed = await sweepOrphanBlobs(db, store, { shard: sha256[0]!, before: graceOver() });

    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await blobExists(sha256)).toBe(false);
  });

  it('keeps a recent orphan blob', async () => {
    const sha256 = await orphanBlob('rolled back a moment ago');

    const before = new Date(Date.now() - 60_000);
    await sweepOrphanBlobs(db, store, { shard: sha256[0]!, before });

    expect(await blobExists(sha256)).toBe(true);
  });

  it('skips a blob while an upload holds it', async () => {
    const sha256 = await orphanBlob('uploaded during the sweep');
    let fileId = '';

    await db.transaction(async (tx) => {
      fileId = (await storeText('uploaded during the sweep', tx)).id;
      const outcome = await store.removeUnreferencedBlob(db, sha256, graceOver());
      expect(outcome).toBe('BUSY');
    });

    expect(await readAll(fileId)).toBe('uploaded during the sweep');
  });

  it('lets an upload waiting on the sweep write its blob', async () => {
    const text = 'uploaded right after the sweep';
    const sha256 = await orphanBlob(text);
    let upload: Promise<{ id: string }> | null = null;

    await db.transaction(async (tx) => {
      expect(await tryLockBlob(tx, sha256)).toBe(true);
      upload = storeText(text);
      // Give the upload time to stage its content and wait for the lock.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const outcome = await store.removeUnreferencedBlob(db, sha256, graceOver());
      expect(outcome).toBe('BUSY');
      await rm(join(root, sha256.slice(0, 2), sha256));
    });
    const file = await upload!;

    expect(await readAll(file.id)).toBe(text);
  });

  it('never loses a blob to concurrent uploads', async () => {
    const lost: string[] = [];
    for (let round = 0; round < 15; round += 1) {
      const text = `race round ${round}`;
      const sha256 = await orphanBlob(text);
      const [file] = await Promise.all([
        storeText(text),
        sweepOrphanBlobs(db, store, { shard: sha256[0]!, before: graceOver() }),
        store.removeUnreferencedBlob(db, sha256, graceOver()),
      ]);
      const content = await readAll(file.id).catch(() => null);
      if (content !== text) lost.push(text);
    }

    expect(lost).toEqual([]);
  });

  it('takes the shared lock inside a transaction only', async () => {
    const sha256 = 'f'.repeat(64);
    await db.transaction(async (tx) => {
      await lockBlobShared(tx, sha256);
      expect(await store.removeUnreferencedBlob(db, sha256, graceOver())).toBe('BUSY');
    });

    expect(await store.removeUnreferencedBlob(db, sha256, graceOver())).toBe('MISSING');
  });
});

describe('partial uploads', () => {
  it('removes only stale parts', async () => {
    const folder = join(root, 'tmp');
    const stale = join(folder, `${randomUUID()}.part`);
    const fresh = join(folder, `${randomUUID()}.part`);
    await storeText('creates the tmp folder');
    await writeFile(stale, 'left by a crash');
    await writeFile(fresh, 'still being written');
    const dayAgo = new Date(Date.now() - 24 * 60 * 60_000);
    await utimes(stale, dayAgo, dayAgo);

    const removed = await store.removeStaleParts(new Date(Date.now() - 60_000));
    const left = await readdir(folder);

    expect(removed).toBe(1);
    expect(left).toContain(fresh.split('/').pop());
    expect(left).not.toContain(stale.split('/').pop());
  });
});

describe('file sweep jobs in the worker', () => {
  let worker: RunningWorker;
  let workerStore: FileStore;

  beforeAll(async () => {
    const setup = await testWorkerSetup();
    workerStore = createFileStore({ root: fileStoreRoot(setup.config.DATA_DIR) });
    worker = await startWorker(database.url, setup.config, {
      ...setup.options,
      jobs: createFileSweepJobs({ everyMs: 500, graceMs: 0, batchSize: 2 }),
    });
  });

  afterAll(async () => {
    await worker?.stop();
  });

  it('removes detached files and orphan blobs', async () => {
    const detached = await Promise.all(
      [1, 2, 3].map((index) =>
        workerStore.storeFile(db, { bytes: Buffer.from(`worker ${index}`), filename: 'a.txt' }),
      ),
    );
    let orphan = '';
    await db
      .transaction(async (tx) => {
        orphan = (await workerStore.storeFile(tx, { bytes: Buffer.from('gone'), filename: 'b' }))
          .sha256;
        throw new Error('roll back on purpose');
      })
      .catch(() => undefined);

    const deadline = Date.now() + 20_000;
    const left = async () => {
      const rows = await db.select({ id: files.id }).from(files);
      const ids = new Set(rows.map((row) => row.id));
      const blobs = await Promise.all(
        [...detached.map((file) => file.sha256), orphan].map(async (sha256) =>
          (await workerStore.listBlobs(sha256[0]!)).includes(sha256),
        ),
      );

      return detached.filter((file) => ids.has(file.id)).length + blobs.filter(Boolean).length;
    };
    while ((await left()) > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    expect(await left()).toBe(0);
  });
});
