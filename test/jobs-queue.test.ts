import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db/client.js';
import { createJobDefinition } from '../src/jobs/job-definition.js';
import { PermanentJobError } from '../src/jobs/job-queue.js';
import { enqueueAfterCommit } from '../src/jobs/outbox.js';
import { jobOutbox } from '../src/jobs/tables.js';
import { startWorker, type RunningWorker } from '../src/jobs/worker.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { testWorkerSetup } from './support/outgoing-email.js';

interface Run {
  n: number;
  worker: number;
  at: number;
  attempt: number;
}

async function waitUntil(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('job queue', () => {
  let database: TestDatabase;
  let client: ReturnType<typeof createDatabase>;
  const workers: RunningWorker[] = [];
  const runs = new Map<string, Run[]>();
  let ticks = 0;

  function record(name: string, run: Run) {
    runs.set(name, [...(runs.get(name) ?? []), run]);
  }

  function testJobs(worker: number) {
    return [
      createJobDefinition<{ n: number }>({
        name: 'test.record',
        options: { concurrency: 10 },
        run: async (data, job) =>
          record('record', { n: data.n, worker, at: Date.now(), attempt: job.attempt }),
      }),
      createJobDefinition<{ n: number }>({
        name: 'test.flaky',
        options: { retry: { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 200 } },
        run: async (data, job) => {
          record('flaky', { n: data.n, worker, at: Date.now(), attempt: job.attempt });
          throw new Error('temporary trouble');
        },
      }),
      createJobDefinition<{ n: number }>({
        name: 'test.permanent',
        options: { retry: { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 200 } },
        run: async (data, job) => {
          record('permanent', { n: data.n, worker, at: Date.now(), attempt: job.attempt });
          throw new PermanentJobError('cannot ever work');
        },
      }),
      createJobDefinition<{ n: number }>({
        name: 'test.short-lock',
        options: { concurrency: 2, lockLifetimeMs: 500 },
        run: async (data, job) =>
          record('short-lock', { n: data.n, worker, at: Date.now(), attempt: job.attempt }),
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

  beforeAll(async () => {
    database = await createTestDatabase();
    client = createDatabase(database.url);
    const setup = await testWorkerSetup();
    for (const worker of [1, 2]) {
      workers.push(
        await startWorker(database.url, setup.config, { ...setup.options, jobs: testJobs(worker) }),
      );
    }
  });
  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await client.close();
    await database.drop();
  });

  it('runs each job of a committed transaction exactly once', async () => {
    await client.db.transaction(async (tx) => {
      for (let n = 0; n < 60; n += 1) await enqueueAfterCommit(tx, 'test.record', { n });
    });
    await waitUntil(() => (runs.get('record') ?? []).length >= 60);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const numbers = (runs.get('record') ?? []).map((run) => run.n).sort((a, b) => a - b);

    expect(numbers).toEqual(Array.from({ length: 60 }, (_, n) => n));
  });

  it('marks dispatched outbox rows as sent', async () => {
    const [pending] = await client.db
      .select({ count: sql<number>`count(*)::int` })
      .from(jobOutbox)
      .where(sql`${jobOutbox.sentAt} is null`);

    expect(pending!.count).toBe(0);
  });

  it('enqueues nothing when the transaction rolls back', async () => {
    const before = (runs.get('record') ?? []).length;
    await client.db
      .transaction(async (tx) => {
        await enqueueAfterCommit(tx, 'test.record', { n: 1000 });
        throw new Error('business rule failed');
      })
      .catch(() => undefined);
    await workers[0]!.services.queue.enqueue('test.record', { n: 1001 });
    await waitUntil(() => (runs.get('record') ?? []).some((run) => run.n === 1001));

    expect((runs.get('record') ?? []).length).toBe(before + 1);
  });

  it('runs a delayed job no earlier than its run time', async () => {
    const runAt = new Date(Date.now() + 1500);
    await client.db.transaction((tx) => enqueueAfterCommit(tx, 'test.record', { n: 2000 }, runAt));
    await waitUntil(() => (runs.get('record') ?? []).some((run) => run.n === 2000));
    const run = (runs.get('record') ?? []).find((entry) => entry.n === 2000);

    expect(run!.at).toBeGreaterThanOrEqual(runAt.getTime());
  });

  it('retries a failing job up to its max attempts', async () => {
    await workers[0]!.services.queue.enqueue('test.flaky', { n: 1 });
    await waitUntil(() => (runs.get('flaky') ?? []).length >= 3);
    // Longer than the largest retry delay, so a fourth run would have come.
    await new Promise((resolve) => setTimeout(resolve, 600));

    expect((runs.get('flaky') ?? []).map((run) => run.attempt)).toEqual([1, 2, 3]);
  });

  it('does not retry a permanent failure', async () => {
    await workers[0]!.services.queue.enqueue('test.permanent', { n: 1 });
    await waitUntil(() => (runs.get('permanent') ?? []).length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 600));

    expect(runs.get('permanent')).toHaveLength(1);
  });

  it('runs jobs whose lock waited past its lifetime', async () => {
    const runAt = new Date(Date.now() + 600);
    for (let n = 0; n < 6; n += 1) {
      await workers[0]!.services.queue.enqueue('test.short-lock', { n }, { runAt });
    }
    // Blocks every write to the job table, the workers' lock statements included, for far longer
    // than the 500 ms lock lifetime, so the locks they return were stamped before it expired.
    await client.db.transaction(async (tx) => {
      await tx.execute(sql`lock table agenda_jobs in share mode`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    });
    await waitUntil(() => (runs.get('short-lock') ?? []).length >= 6, 10_000);
    const numbers = (runs.get('short-lock') ?? []).map((run) => run.n).sort((a, b) => a - b);

    expect(numbers).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('keeps one schedule for a recurring job of several workers', async () => {
    await waitUntil(() => ticks >= 2);
    const rows = await client.db.execute<{ count: number }>(
      sql`select count(*)::int as count from agenda_jobs where name = 'test.tick'`,
    );

    expect(rows[0]!.count).toBe(1);
  });
});
