import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDisposition } from '../src/attachments/content-disposition.js';
import { createFileStore, type FileStore } from '../src/attachments/index.js';
import { createDatabase, type Database } from '../src/db/client.js';
import { ValidationError } from '../src/errors.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

let database: TestDatabase;
let connection: ReturnType<typeof createDatabase>;
let db: Database;
let sandbox: string;
let root: string;
let store: FileStore;

beforeAll(async () => {
  database = await createTestDatabase();
  connection = createDatabase(database.url, { max: 2 });
  db = connection.db;
  // The store sits two levels down, so a name climbing out of it would land in the sandbox.
  sandbox = await mkdtemp(join(tmpdir(), 'crm-files-'));
  root = join(sandbox, 'data', 'files');
  store = createFileStore({ root, maxBytes: 1024 });
});

afterAll(async () => {
  await connection.close();
  await database.drop();
  await rm(sandbox, { recursive: true, force: true });
});

/** Lists every file under `folder`, as paths relative to it. */
async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });

  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('file store', () => {
  it('stores content under its SHA-256', async () => {
    const bytes = Buffer.from('ofertă pentru client\n');
    const file = await store.storeFile(db, {
      bytes,
      filename: 'oferta.txt',
      contentType: 'text/plain; charset=utf-8',
    });
    const opened = await store.openFile(db, file.id);

    expect(file.sha256).toBe(sha256(bytes));
    expect(file.size).toBe(bytes.byteLength);
    expect(file.contentType).toBe('text/plain');
    expect(await buffer(opened.stream)).toEqual(bytes);
    expect(await readFile(join(root, file.sha256.slice(0, 2), file.sha256))).toEqual(bytes);
  });

  it('stores identical content once', async () => {
    const bytes = Buffer.from('same bytes, two names');
    const first = await store.storeFile(db, { bytes, filename: 'a.txt' });
    const second = await store.storeFile(db, { bytes, filename: 'b.txt' });
    const copies = (await listFiles(root)).filter((path) => path.endsWith(first.sha256));

    expect(second.id).not.toBe(first.id);
    expect(second.sha256).toBe(first.sha256);
    expect(second.filename).toBe('b.txt');
    expect(copies).toEqual([join(first.sha256.slice(0, 2), first.sha256)]);
  });

  it('stores a stream and a Blob', async () => {
    const chunks = [Buffer.from('part one, '), Buffer.from('part two')];
    const streamed = await store.storeFile(db, {
      stream: Readable.from(chunks),
      filename: 'parts.txt',
    });
    const blob = new Blob([Buffer.from('blob content')], { type: 'text/plain' });
    const fromBlob = await store.storeFile(db, { blob, filename: 'blob.txt' });

    expect(streamed.sha256).toBe(sha256(Buffer.concat(chunks)));
    expect(streamed.size).toBe(18);
    expect(fromBlob.sha256).toBe(sha256(Buffer.from('blob content')));
  });

  it('keeps hostile names inside the store', async () => {
    const hostile: [string, string][] = [
      ['../../etc/passwd', 'passwd'],
      ['/etc/shadow', 'shadow'],
      ['C:\\Windows\\System32\\drivers\\etc\\hosts', 'hosts'],
      ['..\\..\\boot.ini', 'boot.ini'],
      ['report\u0000.pdf', 'report.pdf'],
      ['line\r\nbreak\tname.txt', 'linebreakname.txt'],
      ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
      ['..', 'file'],
      ['', 'file'],
      ['/', 'file'],
      ['CON.txt', '_CON.txt'],
      ['what?<>|*.txt', 'what_____.txt'],
    ];

    for (const [name, expected] of hostile) {
      const file = await store.storeFile(db, {
        bytes: Buffer.from(name || 'empty'),
        filename: name,
      });
      expect(file.filename, JSON.stringify(name)).toBe(expected);
    }
    const outside = (await listFiles(sandbox)).filter((path) => !path.startsWith(`data${sep}`));
    const storeEntries = await listFiles(root);

    expect(outside).toEqual([]);
    expect(storeEntries.every((path) => /^[0-9a-f]{2}[/\\][0-9a-f]{64}$/.test(path))).toBe(true);
  });

  it('bounds a 300-character name', async () => {
    const file = await store.storeFile(db, {
      bytes: Buffer.from('long'),
      filename: `${'ă'.repeat(300)}.pdf`,
    });

    expect(Buffer.byteLength(file.filename)).toBeLessThanOrEqual(255);
    expect(file.filename.endsWith('ă.pdf')).toBe(true);
  });

  it('rejects bytes over the limit', async () => {
    const error = await store
      .storeFile(db, { bytes: Buffer.alloc(1025), filename: 'big.bin' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.field).toBe('file');
    expect((error as ValidationError).message).toContain('"big.bin" is 1025 bytes');
    expect((error as ValidationError).message).toContain('limit of 1 KiB (1024 bytes)');
  });

  it('rejects a stream over the limit', async () => {
    const before = await listFiles(root);
    const chunks = [Buffer.alloc(600, 1), Buffer.alloc(600, 2)];
    const error = await store
      .storeFile(db, { stream: Readable.from(chunks), filename: 'stream.bin' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('"stream.bin" is at least 1200 bytes');
    expect(await listFiles(root)).toEqual(before);
  });

  it('accepts content of exactly the limit', async () => {
    const file = await store.storeFile(db, { bytes: Buffer.alloc(1024, 7), filename: 'edge.bin' });

    expect(file.size).toBe(1024);
  });

  it('replaces an invalid content type', async () => {
    const file = await store.storeFile(db, {
      bytes: Buffer.from('x'),
      filename: 'x.bin',
      contentType: 'text/html\r\nX-Injected: 1',
    });

    expect(file.contentType).toBe('application/octet-stream');
  });

  it('raises NotFoundError for unknown ids', async () => {
    const error = await store
      .openFile(db, '00000000-0000-4000-8000-000000000000')
      .catch((caught: unknown) => caught);

    expect((error as Error).message).toContain('no file has id');
  });
});

describe('contentDisposition', () => {
  it('escapes quotes and backslashes', () => {
    expect(contentDisposition('a"b\\c.txt')).toBe(
      `attachment; filename="a_b_c.txt"; filename*=UTF-8''a%22b%5Cc.txt`,
    );
  });

  it('encodes non-ASCII names', () => {
    expect(contentDisposition('ofertă (v2)*.pdf')).toBe(
      `attachment; filename="ofert_ (v2)*.pdf"; filename*=UTF-8''ofert%C4%83%20%28v2%29%2A.pdf`,
    );
  });
});
