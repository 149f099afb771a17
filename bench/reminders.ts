/**
 * Reminder burst benchmark: `npx tsx bench/reminders.ts`. Tasks all due at the same moment get an
 * EMAIL reminder rule. Worker processes schedule, deliver and send them to an SMTP sink in this
 * process, which records when each reminder arrives. The floor does the same sends from a plain
 * `UPDATE ... FOR UPDATE SKIP LOCKED` loop in as many processes. Prints a markdown table and
 * appends it to docs/benchmarks-jobs.md.
 *
 * Environment: REMINDER_BENCH_TASKS (default 50000), REMINDER_BENCH_WORKERS (default 2),
 * REMINDER_BENCH_LEAD_S (seconds from set-up to the due time, default 30),
 * REMINDER_BENCH_TIMEOUT_S (default 240), REMINDER_BENCH_PROCESS_EVERY_MS (Agenda's poll interval
 * in the workers, default 5000 as in the product), BENCH_DATABASE_URL (an admin URL of a local
 * server).
 */
import { type ChildProcess } from 'node:child_process';
import { appendFile, mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { cpus, totalmem } from 'node:os';
import postgres from 'postgres';
import { SMTPServer } from 'smtp-server';
import { createDatabase, type Database } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { employees } from '../src/employees/tables.js';
import { createPasswordCipher } from '../src/mail/outgoing/password-cipher.js';
import { createSmtpServer } from '../src/mail/outgoing/smtp-servers.js';
import { reminderRules } from '../src/reminders/tables.js';
import { tasks } from '../src/tasks/tables.js';
import { spawnScript, stop } from './processes.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TASKS = Number(process.env.REMINDER_BENCH_TASKS ?? 50_000);
const WORKERS = Number(process.env.REMINDER_BENCH_WORKERS ?? 2);
const LEAD_SECONDS = Number(process.env.REMINDER_BENCH_LEAD_S ?? 30);
const TIMEOUT_SECONDS = Number(process.env.REMINDER_BENCH_TIMEOUT_S ?? 240);
const WORKER_SCRIPT = new URL('./reminder-worker.ts', import.meta.url).pathname;
const BENCH_SECRET = 'bench-secret-for-mailbox-passwords-0123456789';
const INSERT_BATCH = 2000;
const PROCESS_EVERY_MS = Number(process.env.REMINDER_BENCH_PROCESS_EVERY_MS ?? 5000);

interface Arrival {
  key: string;
  at: number;
}

/** Starts an SMTP sink that records the arrival time of each message, keyed by one header. */
async function startSink() {
  const arrivals: Arrival[] = [];
  let header = 'x-crm-reminder-id';
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
        const match = new RegExp(`^${header}:\\s*(\\S+)`, 'im').exec(head);
        arrivals.push({ key: match?.[1] ?? 'missing', at: Date.now() });
        callback(null, 'OK');
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.server.address() as AddressInfo).port,
    arrivals,
    /** Clears the arrivals and keys the next ones by `name`. */
    reset(name: string) {
      arrivals.length = 0;
      header = name.toLowerCase();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function seedReminders(db: Database, sinkPort: number, dueAt: Date): Promise<void> {
  await createSmtpServer(db, createPasswordCipher(BENCH_SECRET), {
    name: 'bench sink',
    host: '127.0.0.1',
    port: sinkPort,
    security: 'NONE',
    senderAddress: 'crm@bench.test',
    username: null,
    isDefault: true,
  });
  const people = await db
    .insert(employees)
    .values(
      Array.from({ length: 200 }, (_, i) => ({ name: `Bench ${i}`, email: `bench${i}@crm.test` })),
    )
    .returning({ id: employees.id });

  for (let start = 0; start < TASKS; start += INSERT_BATCH) {
    const size = Math.min(INSERT_BATCH, TASKS - start);
    const rows = await db
      .insert(tasks)
      .values(
        Array.from({ length: size }, (_, i) => ({
          title: `Morning task ${start + i}`,
          responsibleId: people[(start + i) % people.length]!.id,
          deadline: dueAt,
        })),
      )
      .returning({ id: tasks.id });
    await db
      .insert(reminderRules)
      .values(rows.map((row) => ({ taskId: row.id, channel: 'EMAIL' as const, daysBefore: 0 })));
  }
}

async function waitForArrivals(arrivals: Arrival[], count: number): Promise<boolean> {
  const deadline = Date.now() + TIMEOUT_SECONDS * 1000;
  while (new Set(arrivals.map((arrival) => arrival.key)).size < count) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  return true;
}

interface Result {
  path: string;
  /** Seconds from the due time until the email was queued, at p50 and p99; null for the floor. */
  queued: [number, number] | null;
  delivered: number;
  perSecond: number;
  p50: number;
  p99: number;
  duplicates: number;
  lost: number;
}

function summarize(path: string, arrivals: Arrival[], dueAt: number): Result {
  const byKey = new Map<string, number>();
  for (const arrival of arrivals) byKey.set(arrival.key, (byKey.get(arrival.key) ?? 0) + 1);
  const latencies = arrivals.map((arrival) => arrival.at - dueAt).sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  const last = Math.max(...arrivals.map((arrival) => arrival.at));

  return {
    path,
    queued: null,
    delivered: byKey.size,
    perSecond: byKey.size / ((last - dueAt) / 1000),
    p50: at(0.5) / 1000,
    p99: at(0.99) / 1000,
    duplicates: [...byKey.values()].filter((times) => times > 1).length,
    lost: TASKS - byKey.size,
  };
}

async function runProduct(url: string, sink: Awaited<ReturnType<typeof startSink>>) {
  const database = createDatabase(url);
  const dueAt = new Date(Date.now() + LEAD_SECONDS * 1000);
  console.log(`seeding ${TASKS} tasks due at ${dueAt.toISOString()}`);
  await seedReminders(database.db, sink.port, dueAt);
  await database.close();
  if (Date.now() > dueAt.getTime())
    console.log('set-up ended after the due time; raise REMINDER_BENCH_LEAD_S');

  sink.reset('X-CRM-Reminder-Id');
  const workers: ChildProcess[] = [];
  for (let i = 0; i < WORKERS; i += 1) {
    workers.push((await spawnScript(WORKER_SCRIPT, ['worker', url])).child);
  }
  const complete = await waitForArrivals(sink.arrivals, TASKS);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await Promise.all(workers.map((child) => stop(child)));
  if (!complete) console.log(`product path timed out after ${TIMEOUT_SECONDS} s`);

  const result = summarize('CRM workers', sink.arrivals, dueAt.getTime());

  return { ...result, queued: await queuedPercentiles(url) };
}

/** Seconds from each reminder's due time until its delivery job queued the email. */
async function queuedPercentiles(url: string): Promise<[number, number]> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  const [row] = await sql<{ p50: number; p99: number }[]>`
    select percentile_cont(0.5) within group (order by extract(epoch from finished_at - due_at)) as p50,
      percentile_cont(0.99) within group (order by extract(epoch from finished_at - due_at)) as p99
    from task_reminders where status = 'SENT'`;
  await sql.end();

  return [Number(row!.p50), Number(row!.p99)];
}

async function runFloor(url: string, sink: Awaited<ReturnType<typeof startSink>>) {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  await sql`create table bench_floor_reminders (
    id bigint generated always as identity primary key, address text not null,
    due_at timestamptz not null, sent_at timestamptz)`;
  const dueAt = new Date(Date.now() + 3000);
  await sql`insert into bench_floor_reminders (address, due_at)
    select 'bench' || (n % 200) || '@crm.test', ${dueAt} from generate_series(1, ${TASKS}) n`;
  await sql`create index on bench_floor_reminders (due_at, id) where sent_at is null`;
  await sql.end();

  sink.reset('X-Floor-Id');
  const floors = await Promise.all(
    Array.from({ length: WORKERS }, () =>
      spawnScript<{ sent: number }>(WORKER_SCRIPT, ['floor', url, String(sink.port)]),
    ),
  );
  await Promise.all(
    floors.map(({ child }) => new Promise((resolve) => child.once('exit', resolve))),
  );

  return summarize('floor', sink.arrivals, dueAt.getTime());
}

function formatTable(results: Result[]): string {
  const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB`;

  return [
    `## Reminder burst, ${new Date().toISOString().slice(0, 10)}`,
    '',
    `${TASKS} tasks with an EMAIL reminder due at the same moment, ${WORKERS} worker processes,`,
    `on ${machine}, measured by \`npx tsx bench/reminders.ts\` with REMINDER_BENCH_TASKS=${TASKS}`,
    `and REMINDER_BENCH_PROCESS_EVERY_MS=${PROCESS_EVERY_MS} (Agenda's poll interval in the workers).`,
    'Latency runs from the due time to the arrival at the in-process SMTP sink; "queued" is the',
    'time until the reminder job had queued its email. The CRM path is the product: the reminder',
    'scan, the outbox, one Agenda job per reminder, the email log and one Agenda job and SMTP',
    'connection per email. The floor claims due rows with one UPDATE per 100 and sends them over',
    'pooled SMTP connections, with no job queue, no email log and no exactly-once record.',
    '',
    row([
      'path',
      'delivered',
      'reminders/s',
      'p50 s',
      'p99 s',
      'queued p50/p99 s',
      'duplicates',
      'lost',
    ]),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...results.map((result) =>
      row([
        result.path,
        result.delivered,
        result.perSecond.toFixed(1),
        result.p50.toFixed(2),
        result.p99.toFixed(2),
        result.queued ? result.queued.map((value) => value.toFixed(2)).join(' / ') : 'n/a',
        result.duplicates,
        result.lost,
      ]),
    ),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const name = `crm_bench_reminders_${Date.now()}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const sink = await startSink();

  try {
    await migrateDatabase(url.toString());
    const product = await runProduct(url.toString(), sink);
    const floor = await runFloor(url.toString(), sink);
    const table = formatTable([product, floor]);
    console.log(table);
    await mkdir('docs', { recursive: true });
    await appendFile('docs/benchmarks-jobs.md', `\n${table}`);
  } finally {
    await sink.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
