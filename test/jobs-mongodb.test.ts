import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db/client.js';
import { createJobDefinition, type JobDefinition } from '../src/jobs/job-definition.js';
import { enqueueAfterCommit } from '../src/jobs/outbox.js';
import { startWorker, type RunningWorker } from '../src/jobs/worker.js';
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

const mongodbUrl = process.env.MONGODB_URL ?? null;
if (!mongodbUrl) {
  console.log(
    'skipped the MongoDB job store tests: MONGODB_URL is not set, and no MongoDB server can be installed on this machine; set MONGODB_URL to a server of your own to run them',
  );
}

/** Agenda's collection name in the MongoDB store (see src/jobs/agenda-backend.ts). */
const JOBS_COLLECTION = 'agendaJobs';

/** Replaces the database of a MongoDB URL, so each run keeps its jobs in a database of its own. */
function withDatabase(url: string, database: string): string {
  const parts = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(url);
  if (!parts) {
    // The URL is not echoed, because it may carry a password.
    throw new Error('MONGODB_URL is invalid; use a URL such as mongodb://127.0.0.1:27017/');
  }

  return `${parts[1]}/${database}${parts[2] ?? ''}`;
}

interface Run {
  n: number;
  worker: number;
  at: number;
}

describe.skipIf(!mongodbUrl)('job queue on MongoDB', () => {
  let database: TestDatabase;
  let client: ReturnType<typeof createDatabase>;
  let mongo: MongoClient;
  let smtp: TestSmtpServer;
  const workers: RunningWorker[] = [];
  const runs: Run[] = [];
  let ticks = 0;

  function probeJobs(worker: number): JobDefinition[] {
    return [
      createJobDefinition<{ n: number }>({
        name: 'test.record',
        options: { concurrency: 10 },
        run: async (data) => {
          runs.push({ n: data.n, worker, at: Date.now() });
        },
      }),
      createJobDefinition({
        name: 'test.tick',
        everyMs: 300,
        run: async () => {
          ticks += 1;
        },
      }),
    ];
  }

  async function waitUntil(label: string, check: () => boolean): Promise<void> {
    await eventually(label, async () => (check() ? true : undefined));
  }

  function storedJobs(name: string): Promise<number> {
    return mongo.db().collection(JOBS_COLLECTION).countDocuments({ name });
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    client = createDatabase(database.url);
    const jobsUrl = withDatabase(mongodbUrl!, `crm_test_${randomBytes(6).toString('hex')}`);
    mongo = await MongoClient.connect(jobsUrl);
    smtp = await startTestSmtpServer({ users: { 'ana.login': 'mailbox-secret' } });
    const setup = await testWorkerSetup();
    for (const worker of [1, 2]) {
      workers.push(
        await startWorker(
          database.url,
          { ...setup.config, MONGODB_URL: jobsUrl },
          { ...setup.options, jobs: [...testJobs(), ...probeJobs(worker)] },
        ),
      );
    }
  });
  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await mongo?.db().dropDatabase();
    await mongo?.close();
    await smtp?.close();
    await client?.close();
    await database?.drop();
  });

  it('keeps one schedule for a recurring job', async () => {
    await waitUntil('two ticks', () => ticks >= 2);

    expect(await storedJobs('test.tick')).toBe(1);
  });

  it('keeps no jobs in PostgreSQL', async () => {
    const rows = await client.db.execute<{ count: number }>(
      sql`select count(*)::int as count from agenda_jobs`,
    );

    expect(rows[0]!.count).toBe(0);
  });

  it('runs each committed job exactly once', async () => {
    await client.db.transaction(async (tx) => {
      for (let n = 0; n < 40; n += 1) await enqueueAfterCommit(tx, 'test.record', { n });
    });
    await waitUntil('40 runs', () => runs.filter((run) => run.n < 40).length >= 40);
    // Time for a duplicate run to arrive, if there were one.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const numbers = runs
      .filter((run) => run.n < 40)
      .map((run) => run.n)
      .sort((a, b) => a - b);

    expect(numbers).toEqual(Array.from({ length: 40 }, (_, n) => n));
  });

  it('runs a delayed job no earlier than its run time', async () => {
    const runAt = new Date(Date.now() + 1500);
    await client.db.transaction((tx) => enqueueAfterCommit(tx, 'test.record', { n: 1000 }, runAt));
    await waitUntil('the delayed run', () => runs.some((run) => run.n === 1000));
    const run = runs.find((entry) => entry.n === 1000);

    expect(run!.at).toBeGreaterThanOrEqual(runAt.getTime());
  });

  it('delivers each reminder once across workers', async () => {
    const person = await insertPerson(client.db, 'Maria Mongo');
    const taskIds: string[] = [];
    for (let n = 0; n < 20; n += 1) {
      const taskId = await insertTask(client.db, {
        title: `Mongo reminder ${n}`,
        responsibleId: person.employeeId,
        deadline: new Date(Date.now() - 60_000),
      });
      await client.db.insert(reminderRules).values({ taskId, channel: 'MESSAGE', daysBefore: 0 });
      taskIds.push(taskId);
    }
    const counts = () =>
      client.db.execute<{ task_id: string; deliveries: number; messages: number }>(sql`
        select t.id as task_id,
          (select count(*)::int from reminder_deliveries d where d.task_id = t.id) as deliveries,
          (select count(*)::int from messages m where m.related_id = t.id) as messages
        from tasks t where t.id = any(${sql.param(taskIds)}::uuid[])`);
    await eventually('a delivery of every reminder', async () => {
      const rows = await counts();

      return rows.every((row) => row.deliveries > 0) ? rows : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const rows = await counts();

    expect(rows).toHaveLength(20);
    expect(rows.every((row) => row.deliveries === 1)).toBe(true);
    expect(rows.every((row) => row.messages === 1)).toBe(true);
  });

  it('delivers a queued email once', async () => {
    const sender = await createSender(client.db, smtp, 'Ana', {
      login: 'ana.login',
      password: 'mailbox-secret',
    });
    const email = await queueTestEmail(client.db, {
      senderUserId: sender,
      to: ['client@partner.test'],
      subject: 'Through MongoDB',
      text: 'Hello',
    });
    const row = await waitForEmail(client.db, email.id, (entry) => entry.status !== 'QUEUED');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const accepted = smtp.messages.filter((message) => message.messageId === email.messageId);

    expect(row.status).toBe('SENT');
    expect(accepted).toHaveLength(1);
  });
});
