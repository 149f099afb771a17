import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db/client.js';
import { startWorker, type RunningWorker } from '../src/jobs/worker.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import {
  createSender,
  queueTestEmail,
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
    smtp = await startTestSmtpServer({ users: { 'ana.login': 'mailbox-secret' } });
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
});
