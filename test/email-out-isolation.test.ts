import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db/client.js';
import { startWorker, type RunningWorker } from '../src/jobs/worker.js';
import type { EmailLogRow } from '../src/mail/outgoing/queue-email.js';
import { messages } from '../src/messages/tables.js';
import { reminderRules } from '../src/reminders/tables.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import {
  createSender,
  queueTestEmail,
  testWorkerSetup,
  waitForEmail,
} from './support/outgoing-email.js';
import { eventually, insertPerson, insertTask, testJobs } from './support/reminder-fixtures.js';
import { startTestSmtpServer, type TestSmtpServer } from './support/smtp-server.js';

/** Milliseconds the worker waits for an SMTP connection and each reply in these tests. */
const SMTP_TIMEOUT_MS = 8000;

/** Concurrency of the email.deliver job in one worker. */
const DELIVERY_SLOTS = 5;

/** Database connections of the worker, its default outside tests. */
const WORKER_POOL_SIZE = 10;

describe('failing SMTP servers', () => {
  let database: TestDatabase;
  let client: ReturnType<typeof createDatabase>;
  let healthy: TestSmtpServer;
  let healthySender: string;
  let worker: RunningWorker;

  const finished = (row: EmailLogRow) => row.status !== 'QUEUED';

  async function senderOn(server: TestSmtpServer, name: string) {
    const login = `${name.toLowerCase()}.login`;

    return createSender(client.db, server, name, { login, password: `${login}-secret` });
  }

  function queueFrom(senderUserId: string, subject: string) {
    return queueTestEmail(client.db, {
      senderUserId,
      to: ['client@partner.test'],
      subject,
      text: 'Hello',
    });
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    client = createDatabase(database.url);
    healthy = await startTestSmtpServer({ users: { 'ana.login': 'ana.login-secret' } });
    healthySender = await senderOn(healthy, 'Ana');
    const setup = await testWorkerSetup();
    worker = await startWorker(database.url, setup.config, {
      ...setup.options,
      emailDelivery: { ...setup.options.emailDelivery, timeoutMs: SMTP_TIMEOUT_MS },
      // NOTE: a delivery keeps its database transaction, and so a pooled connection, open while
      // it talks to the server. Hung deliveries therefore hold up to DELIVERY_SLOTS connections
      // until they time out, and with a pool no larger than that every other job waits too.
      databasePoolSize: WORKER_POOL_SIZE,
      jobs: testJobs(),
    });
  });
  afterAll(async () => {
    await worker.stop();
    await healthy.close();
    await client.close();
    await database.drop();
  });

  it('hung attempt ends at the timeout', async () => {
    healthy.failNext('hang');
    const startedAt = Date.now();
    const email = await queueFrom(healthySender, 'Hung once');
    const sent = await waitForEmail(client.db, email.id, finished, 3 * SMTP_TIMEOUT_MS);
    const attempts = healthy.received.filter((message) => message.subject === 'Hung once');

    expect(sent.status).toBe('SENT');
    expect(sent.attempts).toBe(2);
    expect(attempts).toHaveLength(2);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(SMTP_TIMEOUT_MS);
  }, 60_000);

  it('reminders run while every delivery hangs', async () => {
    const stuck = await startTestSmtpServer({ users: { 'dan.login': 'dan.login-secret' } });
    const stuckSender = await senderOn(stuck, 'Dan');
    stuck.failAlways('hang');
    const waiting: EmailLogRow[] = [];
    for (let n = 0; n <= DELIVERY_SLOTS; n += 1) {
      waiting.push(await queueFrom(stuckSender, `Waiting ${n}`));
    }
    await stuck.waitForReceived(DELIVERY_SLOTS);
    const person = await insertPerson(client.db, 'Radu Reminded');
    const taskId = await insertTask(client.db, {
      title: 'Due while SMTP hangs',
      responsibleId: person.employeeId,
      deadline: new Date(),
    });
    await client.db.insert(reminderRules).values({ taskId, channel: 'MESSAGE', daysBefore: 0 });
    const [message] = await eventually('the reminder message', async () => {
      const rows = await client.db.select().from(messages).where(eq(messages.relatedId, taskId));

      return rows.length > 0 ? rows : undefined;
    });
    const hung = await Promise.all(
      waiting.map((row) => waitForEmail(client.db, row.id, () => true)),
    );
    stuck.failAlways(null);
    await stuck.close();

    expect(message!.userId).toBe(person.userId);
    expect(hung.every((row) => row.attempts === 0)).toBe(true);
  }, 60_000);

  it('emails through a healthy server pass a 421 server', async () => {
    const busy = await startTestSmtpServer({ users: { 'ion.login': 'ion.login-secret' } });
    const busySender = await senderOn(busy, 'Ion');
    busy.failAlways('421');
    const rejected = await Promise.all(
      [1, 2, 3].map((n) => queueFrom(busySender, `Rejected ${n}`)),
    );
    const email = await queueFrom(healthySender, 'Through the healthy server');
    const sent = await waitForEmail(client.db, email.id, finished);
    const failed = await Promise.all(
      rejected.map((row) => waitForEmail(client.db, row.id, finished)),
    );
    await busy.close();

    expect(sent.status).toBe('SENT');
    expect(sent.attempts).toBe(1);
    expect(failed.map((row) => row.status)).toEqual(['FAILED', 'FAILED', 'FAILED']);
    expect(failed.map((row) => row.attempts)).toEqual([4, 4, 4]);
    expect(failed.map((row) => row.lastResponseCode)).toEqual([421, 421, 421]);
  }, 60_000);
});
