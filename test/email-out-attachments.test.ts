import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileStore, type FileStore } from '../src/attachments/index.js';
import { files } from '../src/attachments/tables.js';
import { createDatabase, type Database } from '../src/db/client.js';
import { NotFoundError, ValidationError } from '../src/errors.js';
import {
  checkEmailAttachments,
  MAX_EMAIL_ATTACHMENTS,
  openEmailAttachments,
  recordEmailAttachments,
} from '../src/mail/outgoing/email-attachments.js';
import { emailLog } from '../src/mail/outgoing/tables.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

let database: TestDatabase;
let connection: ReturnType<typeof createDatabase>;
let db: Database;
let root: string;
let store: FileStore;

beforeAll(async () => {
  database = await createTestDatabase();
  connection = createDatabase(database.url, { max: 2 });
  db = connection.db;
  root = await mkdtemp(join(tmpdir(), 'crm-email-files-'));
  store = createFileStore({ root });
});

afterAll(async () => {
  await connection.close();
  await database.drop();
  await rm(root, { recursive: true, force: true });
});

async function storeBytes(filename: string, bytes: Uint8Array, contentType = 'application/pdf') {
  return store.storeFile(db, { filename, contentType, bytes });
}

async function insertEmail(subject: string): Promise<string> {
  const [row] = await db
    .insert(emailLog)
    .values({
      messageId: `<${randomUUID()}@crm.test>`,
      fromAddress: 'vanzari@crm.test',
      toAddresses: ['client@fabrica.test'],
      subject,
      bodyText: 'Offer attached.',
    })
    .returning({ id: emailLog.id });

  return row!.id;
}

/** Returns the first issue of the ValidationError that `run` raises. */
async function issueOf(run: () => Promise<unknown>) {
  const error = await run().then(
    () => null,
    (raised: unknown) => raised,
  );
  if (!(error instanceof ValidationError)) throw new Error(`expected a ValidationError: ${error}`);

  return error.issues[0];
}

describe('email attachments', () => {
  it('reads back every byte in order', async () => {
    // Every byte value, so a text conversion anywhere on the way would show.
    const binary = Uint8Array.from({ length: 256 * 64 }, (_, index) => index % 256);
    const random = randomBytes(150_000);
    const offer = await storeBytes('oferta 17.pdf', binary);
    const photo = await storeBytes('scaun.jpg', random, 'image/jpeg');
    const emailId = await insertEmail('Offer 17');
    await checkEmailAttachments(db, [offer.id, photo.id]);
    await recordEmailAttachments(db, emailId, [offer.id, photo.id]);
    const opened = await openEmailAttachments(db, store, emailId);
    const contents = await Promise.all(opened.map((attachment) => buffer(attachment.content)));

    expect(opened.map((attachment) => attachment.filename)).toEqual(['oferta 17.pdf', 'scaun.jpg']);
    expect(opened.map((attachment) => attachment.contentType)).toEqual([
      'application/pdf',
      'image/jpeg',
    ]);
    expect(contents[0]!.equals(Buffer.from(binary))).toBe(true);
    expect(contents[1]!.equals(random)).toBe(true);
  });

  it('opens nothing for an email without files', async () => {
    const emailId = await insertEmail('No files');

    expect(await openEmailAttachments(db, store, emailId)).toEqual([]);
  });

  it('rejects an unknown file id', async () => {
    const known = await storeBytes('known.pdf', Buffer.from('known'));
    const unknown = randomUUID();
    const issue = await issueOf(() => checkEmailAttachments(db, [known.id, unknown]));

    expect(issue?.field).toBe('attachments.1');
    expect(issue?.value).toBe(unknown);
    expect(issue?.message).toBe(
      'no stored file has this id; upload the file first and send the id it returns',
    );
  });

  it('rejects a malformed file id', async () => {
    const issue = await issueOf(() => checkEmailAttachments(db, ['oferta.pdf']));

    expect(issue?.field).toBe('attachments.0');
    expect(issue?.value).toBe('oferta.pdf');
    expect(issue?.message).toMatch(/^must be the id of a stored file/);
  });

  it('rejects a file listed twice', async () => {
    const file = await storeBytes('twice.pdf', Buffer.from('twice'));
    const issue = await issueOf(() => checkEmailAttachments(db, [file.id, file.id.toUpperCase()]));

    expect(issue?.field).toBe('attachments.1');
    expect(issue?.message).toBe('repeats attachments.0; list each file once');
  });

  it('rejects more files than the limit', async () => {
    const ids = Array.from({ length: MAX_EMAIL_ATTACHMENTS + 1 }, () => randomUUID());
    const issue = await issueOf(() => checkEmailAttachments(db, ids));

    expect(issue?.field).toBe('attachments');
    expect(issue?.value).toBe(String(MAX_EMAIL_ATTACHMENTS + 1));
    expect(issue?.message).toBe('must list at most 20 files; send the others in another email');
  });

  it('rejects files over the total size', async () => {
    const first = await storeBytes('first.bin', randomBytes(700));
    const second = await storeBytes('second.bin', randomBytes(400));
    const issue = await issueOf(() => checkEmailAttachments(db, [first.id, second.id], 1024));

    expect(issue?.field).toBe('attachments');
    expect(issue?.value).toBe('1100 bytes');
    expect(issue?.message).toBe(
      'the files total 1100 bytes, more than the limit of 1 KiB (1024 bytes) per email; send some of them in another email',
    );
  });

  it('accepts files of exactly the total size', async () => {
    const first = await storeBytes('exact-1.bin', randomBytes(600));
    const second = await storeBytes('exact-2.bin', randomBytes(424));

    await expect(checkEmailAttachments(db, [first.id, second.id], 1024)).resolves.toBeUndefined();
  });

  it('raises NotFoundError for content missing from the store', async () => {
    const present = await storeBytes('present.pdf', Buffer.from('present'));
    const lost = await storeBytes('lost.pdf', Buffer.from('lost'));
    const emailId = await insertEmail('Lost file');
    await recordEmailAttachments(db, emailId, [present.id, lost.id]);
    await rm(join(root, lost.sha256.slice(0, 2), lost.sha256));

    await expect(openEmailAttachments(db, store, emailId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps a file row an email refers to', async () => {
    const file = await storeBytes('referenced.pdf', Buffer.from('referenced'));
    const emailId = await insertEmail('Referenced');
    await recordEmailAttachments(db, emailId, [file.id]);

    await expect(db.delete(files).where(eq(files.id, file.id))).rejects.toThrow();
  });
});
