/**
 * A child process of the reminder benchmark, in one of two roles:
 * - `worker URL`: the product's job worker with the default job registry, until SIGTERM;
 * - `floor URL SMTP_PORT`: the floor loop, which claims due rows of `bench_floor_reminders` with
 *   `UPDATE ... FOR UPDATE SKIP LOCKED`, sends each as an email and exits when none are left.
 * Each prints one JSON line once it is ready to work.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import postgres from 'postgres';
import { startWorker } from '../src/jobs/worker.js';

const BENCH_SECRET = 'bench-secret-for-mailbox-passwords-0123456789';
/** Agenda's poll interval in the workers; the product's default is 5000 ms. */
const PROCESS_EVERY_MS = Number(process.env.REMINDER_BENCH_PROCESS_EVERY_MS ?? 5000);

async function runWorker(url: string): Promise<void> {
  const worker = await startWorker(
    url,
    {
      MONGODB_URL: null,
      REDIS_URL: null,
      DATA_DIR: await mkdtemp(join(tmpdir(), 'crm-bench-worker-')),
      CRM_SECRET: BENCH_SECRET,
    },
    { processEveryMs: PROCESS_EVERY_MS },
  );
  process.once('SIGTERM', () => {
    void worker.stop().then(() => process.exit(0));
  });
  console.log(JSON.stringify({ ready: true }));
}

interface FloorRow {
  id: number;
  address: string;
}

async function runFloor(url: string, smtpPort: number): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  const transport = createTransport({
    host: '127.0.0.1',
    port: smtpPort,
    pool: true,
    maxConnections: 5,
    ignoreTLS: true,
  });
  console.log(JSON.stringify({ ready: true }));

  for (;;) {
    const rows = await sql<FloorRow[]>`
      update bench_floor_reminders set sent_at = now()
      where id in (
        select id from bench_floor_reminders
        where sent_at is null and due_at <= now()
        order by due_at, id limit 100
        for update skip locked)
      returning id, address`;
    if (rows.length === 0) {
      const [left] = await sql<{ count: number }[]>`
        select count(*)::int as count from bench_floor_reminders where sent_at is null`;
      if (left!.count === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    await Promise.all(
      rows.map((row) =>
        transport.sendMail({
          from: 'crm@bench.test',
          to: row.address,
          subject: `Reminder ${row.id}`,
          text: 'A task is due.',
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Floor-Id': String(row.id) },
        }),
      ),
    );
  }

  transport.close();
  await sql.end();
}

const [role, url, port] = process.argv.slice(2);
const run = role === 'floor' ? runFloor(url!, Number(port)) : runWorker(url!);
run.catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
