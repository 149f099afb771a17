import { createHash, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { inArray } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db/client.js';
import { startWorker, type RunningWorker } from '../src/jobs/worker.js';
import { getMailbox, saveMailbox } from '../src/mail/outgoing/mailboxes.js';
import { type EmailLogRow, queueEmails } from '../src/mail/outgoing/queue-email.js';
import { emailLog } from '../src/mail/outgoing/tables.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import {
  createSender,
  queueTestEmail,
  testCipher,
  testWorkerSetup,
  waitForEmail,
} from './support/outgoing-email.js';
import { startTestSmtpServer, type TestSmtpServer } from './support/smtp-server.js';

describe('email delivery', () => {
  let database: TestDatabase;
  let client: ReturnType<typeof createDatabase>;
  let smtp: TestSmtpServer;
  let worker: RunningWorker;
  let senderId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = createDatabase(database.url);
    smtp = await startTestSmtpServer({
      users: {
        'ana.login': 'mailbox-secret',
        'eva.login': 'eva-secret',
        'eva.new': 'eva-new-secret',
      },
    });
    senderId = await createSender(client.db, smtp, 'Ana', {
      login: 'ana.login',
      password: 'mailbox-secret',
    });
    const setup = await testWorkerSetup();
    worker = await startWorker(database.url, setup.config, setup.options);
  });
  afterEach(() => {
    smtp.failAlways(null);
  });
  afterAll(async () => {
    await worker.stop();
    await smtp.close();
    await client.close();
    await database.drop();
  });

  function queue(subject: string, headers?: Record<string, string>) {
    return queueTestEmail(client.db, {
      senderUserId: senderId,
      to: ['client@partner.test'],
      cc: ['boss@partner.test'],
      subject,
      text: 'Please find the offer attached.',
      headers,
      related: { type: 'Partner', id: '00000000-0000-4000-8000-000000000001' },
    });
  }

  const done = (row: { status: string }) => row.status !== 'QUEUED';

  /** Queues emails as `queueEmails` does for reminders: one batch job for their first attempts. */
  async function queueBatch(sender: string, subjects: string[]): Promise<string[]> {
    const results = await client.db.transaction((tx) =>
      queueEmails(
        tx,
        subjects.map((subject) => ({
          senderUserId: sender,
          to: ['client@partner.test'],
          subject,
          text: 'One of a batch.',
        })),
      ),
    );

    return results.map((result) => {
      if (!('emailId' in result)) throw result.error;

      return result.emailId;
    });
  }
  const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

  /** Stores every byte value in order, then random bytes, so any re-encoding shows. */
  function storeBinary(filename: string, contentType: string) {
    const bytes = Buffer.concat([
      Buffer.from(Array.from({ length: 256 }, (_, value) => value)),
      randomBytes(150_000),
    ]);

    return worker.services.files
      .storeFile(client.db, { filename, contentType, bytes })
      .then((file) => ({ file, bytes }));
  }

  const withId = (messageId: string) => (message: { messageId: string }) =>
    message.messageId === messageId;

  it('sends a queued email with its fixed Message-ID', async () => {
    const email = await queue('Offer 12');
    const sent = await waitForEmail(client.db, email.id, done);
    const delivered = smtp.messages.filter(withId(email.messageId));

    expect(sent.status).toBe('SENT');
    expect(sent.attempts).toBe(1);
    expect(sent.lastAnswer).toMatch(/^250 /);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.user).toBe('ana.login');
    expect(delivered[0]!.envelopeTo).toEqual(['client@partner.test', 'boss@partner.test']);
  });

  it('carries custom headers such as Auto-Submitted', async () => {
    const email = await queue('Reminder', { 'Auto-Submitted': 'auto-generated' });
    await waitForEmail(client.db, email.id, done);
    const [delivered] = smtp.messages.filter(withId(email.messageId));

    expect(delivered!.headers.get('auto-submitted')).toBe('auto-generated');
  });

  for (const failure of ['421', '451', 'drop'] as const) {
    it(`retries after ${failure} and delivers exactly once`, async () => {
      smtp.failNext(failure);
      const email = await queue(`Retry after ${failure}`);
      const sent = await waitForEmail(client.db, email.id, done);
      const attempts = smtp.received.filter(withId(email.messageId));

      expect(sent.status).toBe('SENT');
      expect(sent.attempts).toBe(2);
      expect(attempts).toHaveLength(2);
      expect(smtp.messages.filter(withId(email.messageId))).toHaveLength(1);
    });
  }

  it('keeps the Message-ID of the queued email on every attempt', async () => {
    smtp.failNext('451', '451');
    const email = await queue('Same id');
    await waitForEmail(client.db, email.id, done);
    const ids = smtp.received.filter((message) => message.subject === 'Same id');

    expect(ids.map((message) => message.messageId)).toEqual([
      email.messageId,
      email.messageId,
      email.messageId,
    ]);
  });

  it('fails at once on 550 and logs the answer', async () => {
    smtp.failNext('550');
    const email = await queue('Unknown mailbox');
    const failed = await waitForEmail(client.db, email.id, done);
    // Longer than the largest retry delay of the test policy, so a retry would have come.
    await new Promise((resolve) => setTimeout(resolve, 800));

    expect(failed.status).toBe('FAILED');
    expect(failed.attempts).toBe(1);
    expect(failed.lastResponseCode).toBe(550);
    expect(failed.lastAnswer).toContain('Mailbox unavailable');
    expect(smtp.received.filter(withId(email.messageId))).toHaveLength(1);
  });

  it('marks an email failed after the last temporary failure', async () => {
    smtp.failAlways('451');
    const email = await queue('Always busy');
    const failed = await waitForEmail(client.db, email.id, done);

    expect(failed.status).toBe('FAILED');
    expect(failed.attempts).toBe(4);
    expect(failed.lastResponseCode).toBe(451);
  });

  it('sends stored files intact', async () => {
    const offer = await storeBinary('Ofertă 17.pdf', 'application/pdf');
    const photo = await storeBinary('scaun.jpg', 'image/jpeg');
    const email = await queueTestEmail(client.db, {
      senderUserId: senderId,
      to: ['client@partner.test'],
      subject: 'Offer with files',
      text: 'Two files attached.',
      attachmentFileIds: [offer.file.id, photo.file.id],
    });
    const sent = await waitForEmail(client.db, email.id, done);
    const [delivered] = smtp.messages.filter(withId(email.messageId));
    const files = delivered!.attachments;

    expect(sent.status).toBe('SENT');
    expect(files.map((file) => file.filename)).toEqual(['Ofertă 17.pdf', 'scaun.jpg']);
    expect(files.map((file) => file.contentType)).toEqual(['application/pdf', 'image/jpeg']);
    expect(sha256(files[0]!.content)).toBe(sha256(offer.bytes));
    expect(sha256(files[1]!.content)).toBe(sha256(photo.bytes));
  });

  it('sends stored files intact in a batch', async () => {
    const offer = await storeBinary('contract.bin', 'application/octet-stream');
    const results = await client.db.transaction((tx) =>
      queueEmails(tx, [
        {
          senderUserId: senderId,
          to: ['client@partner.test'],
          subject: 'Batch with a file',
          text: 'One file attached.',
          attachmentFileIds: [offer.file.id],
        },
        {
          senderUserId: senderId,
          to: ['client@partner.test'],
          subject: 'Batch without files',
          text: 'No file.',
        },
      ]),
    );
    const [withFile, withoutFile] = results.map((result) => {
      if (!('emailId' in result)) throw result.error;

      return result.emailId;
    });
    const rows = await Promise.all(
      [withFile!, withoutFile!].map((id) => waitForEmail(client.db, id, done)),
    );
    const [delivered] = smtp.messages.filter((message) => message.subject === 'Batch with a file');
    const [plain] = smtp.messages.filter((message) => message.subject === 'Batch without files');

    expect(rows.map((row) => row.status)).toEqual(['SENT', 'SENT']);
    expect(delivered!.attachments).toHaveLength(1);
    expect(delivered!.attachments[0]!.filename).toBe('contract.bin');
    expect(delivered!.attachments[0]!.contentType).toBe('application/octet-stream');
    expect(sha256(delivered!.attachments[0]!.content)).toBe(sha256(offer.bytes));
    expect(plain!.attachments).toHaveLength(0);
  });

  it('rejects an unknown file in a batch', async () => {
    const results = await client.db.transaction((tx) =>
      queueEmails(tx, [
        {
          senderUserId: senderId,
          to: ['client@partner.test'],
          subject: 'Unknown file',
          text: 'One file attached.',
          attachmentFileIds: ['0b6f1c2e-5d4a-4f7e-9c1b-2a3d4e5f6a7b'],
        },
      ]),
    );
    const [result] = results;

    const error = result && 'error' in result ? result.error : null;

    expect(error).not.toBeNull();
    expect(error?.message).toContain('attachments.0');
  });

  it('fails an email whose file is gone', async () => {
    const gone = await storeBinary('gone.pdf', 'application/pdf');
    const store = worker.services.files;
    await rm(join(store.root, gone.file.sha256.slice(0, 2), gone.file.sha256));
    const email = await queueTestEmail(client.db, {
      senderUserId: senderId,
      to: ['client@partner.test'],
      subject: 'Lost file',
      text: 'One file attached.',
      attachmentFileIds: [gone.file.id],
    });
    const failed = await waitForEmail(client.db, email.id, done);

    expect(failed.status).toBe('FAILED');
    expect(failed.attempts).toBe(1);
    expect(failed.lastAnswer).toContain('missing from the file store');
    expect(smtp.received.filter(withId(email.messageId))).toHaveLength(0);
  });

  it('delivers other emails while a server hangs', async () => {
    const stuck = await startTestSmtpServer({ users: { 'dan.login': 'dan-secret' } });
    const stuckSender = await createSender(client.db, stuck, 'Dan', {
      login: 'dan.login',
      password: 'dan-secret',
    });
    stuck.failAlways('hang');
    const waiting = await Promise.all(
      [1, 2, 3].map((n) =>
        queueTestEmail(client.db, {
          senderUserId: stuckSender,
          to: [`waiting${n}@partner.test`],
          subject: `Waiting ${n}`,
          text: 'Stuck',
        }),
      ),
    );
    await stuck.waitForReceived(3);
    const email = await queue('Not blocked');
    const sent = await waitForEmail(client.db, email.id, done);
    const [first] = await Promise.all(
      waiting.map((row) => waitForEmail(client.db, row.id, () => true)),
    );

    expect(sent.status).toBe('SENT');
    expect(first!.attempts).toBe(0);
    stuck.failAlways(null);
    await stuck.close();
  });

  it('sends a batch over pooled connections', async () => {
    const before = smtp.connections;
    const ids = await queueBatch(
      senderId,
      Array.from({ length: 12 }, (_, n) => `Pooled ${n}`),
    );
    const rows = await Promise.all(ids.map((id) => waitForEmail(client.db, id, done)));

    expect(rows.every((row) => row.status === 'SENT')).toBe(true);
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
    // Five connections per sender at most, where one per email would open twelve.
    expect(smtp.connections - before).toBeLessThanOrEqual(5);
  });

  it('logs in with a changed mailbox at once', async () => {
    const eva = await createSender(client.db, smtp, 'Eva', {
      login: 'eva.login',
      password: 'eva-secret',
    });
    const [first] = await queueBatch(eva, ['Before the change']);
    const sentFirst = await waitForEmail(client.db, first!, done);
    const mailbox = await getMailbox(client.db, eva);
    await saveMailbox(client.db, testCipher, eva, {
      smtpServerId: mailbox!.smtpServerId,
      emailAddress: mailbox!.emailAddress,
      username: 'eva.new',
      password: 'eva-new-secret',
    });
    const [second] = await queueBatch(eva, ['After the change']);
    const sentSecond = await waitForEmail(client.db, second!, done);
    const logins = smtp.messages
      .filter((message) => message.envelopeFrom === mailbox!.emailAddress)
      .map((message) => [message.subject, message.user]);

    expect(sentFirst.status).toBe('SENT');
    expect(sentSecond.status).toBe('SENT');
    expect(logins).toEqual([
      ['Before the change', 'eva.login'],
      ['After the change', 'eva.new'],
    ]);
  });

  it('holds a batch back behind a hanging server', async () => {
    const stuck = await startTestSmtpServer({ users: { 'ivo.login': 'ivo-secret' } });
    const ivo = await createSender(client.db, stuck, 'Ivo', {
      login: 'ivo.login',
      password: 'ivo-secret',
    });
    stuck.failAlways('hang');
    const ids = await queueBatch(
      ivo,
      Array.from({ length: 8 }, (_, n) => `Behind a hang ${n}`),
    );
    // The batch records all its outcomes in one commit, after the hanging attempts timed out.
    let rows: EmailLogRow[] = [];
    while (!rows.some((row) => row.attempts > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      rows = await client.db.select().from(emailLog).where(inArray(emailLog.id, ids));
    }
    const tried = rows.filter((row) => row.attempts > 0);
    const untried = rows.filter((row) => row.attempts === 0);
    stuck.failAlways(null);
    const final = await Promise.all(ids.map((id) => waitForEmail(client.db, id, done)));
    const accepted = new Set(stuck.messages.map((message) => message.messageId));
    await stuck.close();

    // Five attempts hung, one per pooled connection, and the other three were not tried.
    expect(tried).toHaveLength(5);
    expect(tried.every((row) => /timeout/i.test(row.lastAnswer ?? ''))).toBe(true);
    expect(untried).toHaveLength(3);
    expect(untried.every((row) => row.nextAttemptAt !== null)).toBe(true);
    expect(final.every((row) => row.status === 'SENT')).toBe(true);
    expect(accepted.size).toBe(8);
  });
});
