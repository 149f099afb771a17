/**
 * Reminder burst benchmark, a section of `npm run bench`; run alone with
 * `npx tsx bench/reminders.ts`, which prints the section. Tasks all due at the same moment get
 * an EMAIL reminder rule. Worker processes schedule, deliver and send them to an SMTP sink in
 * this process, which records when each reminder arrives. The floor does the same sends from a
 * plain `UPDATE ... FOR UPDATE SKIP LOCKED` loop in as many processes.
 *
 * Environment:
 * - REMINDER_BENCH_TASKS: tasks in the burst, default 50000;
 * - REMINDER_BENCH_WORKERS: worker processes, and floor processes, default 2;
 * - REMINDER_BENCH_LEAD_S: seconds from the end of the set-up to the due time, in which the
 *   workers start and their scan records the reminders, default 30;
 * - REMINDER_BENCH_TIMEOUT_S: seconds after the due time to wait for the CRM path, default 600;
 * - REMINDER_BENCH_PROCESS_EVERY_MS: Agenda's poll interval in the workers, default 5000 as in
 *   the product;
 * - BENCH_DATABASE_URL: an admin URL of a local PostgreSQL server.
 */
import type { ChildProcess } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { createDatabase, type Database } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { employees } from '../src/employees/tables.js';
import { createPasswordCipher } from '../src/mail/outgoing/password-cipher.js';
import { createSmtpServer } from '../src/mail/outgoing/smtp-servers.js';
import { reminderRules } from '../src/reminders/tables.js';
import { tasks } from '../src/tasks/tables.js';
import { spawnScript, stop } from './processes.js';
import { type BurstResult, formatBurstSection, summarize } from './reminder-report.js';
import { type Sink, startSink, waitForArrivals } from './reminder-sink.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TASKS = Number(process.env.REMINDER_BENCH_TASKS ?? 50_000);
const WORKERS = Number(process.env.REMINDER_BENCH_WORKERS ?? 2);
const LEAD_SECONDS = Number(process.env.REMINDER_BENCH_LEAD_S ?? 30);
const TIMEOUT_SECONDS = Number(process.env.REMINDER_BENCH_TIMEOUT_S ?? 600);
const PROCESS_EVERY_MS = Number(process.env.REMINDER_BENCH_PROCESS_EVERY_MS ?? 5000);
const WORKER_SCRIPT = fileURLToPath(new URL('./reminder-worker.ts', import.meta.url));
const BENCH_SECRET = 'bench-secret-for-mailbox-passwords-0123456789';
const INSERT_BATCH = 2000;
/** A deadline no reminder scan reaches during the set-up. */
const PARKED_DEADLINE = new Date('2100-01-01T00:00:00Z');

/** Inserts the tasks and their rules with a far deadline, so the set-up time does not count. */
async function seedReminders(db: Database, sinkPort: number): Promise<void> {
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
          deadline: PARKED_DEADLINE,
        })),
      )
      .returning({ id: tasks.id });
    await db
      .insert(reminderRules)
      .values(rows.map((row) => ({ taskId: row.id, channel: 'EMAIL' as const, daysBefore: 0 })));
  }
}

async function runProduct(url: string, sink: Sink) {
  const database = createDatabase(url);
  await seedReminders(database.db, sink.port);
  const dueAt = new Date(Date.now() + LEAD_SECONDS * 1000);
  await database.db.update(tasks).set({ deadline: dueAt });
  await database.close();

  sink.reset('X-CRM-Reminder-Id');
  const workers: ChildProcess[] = [];
  for (let i = 0; i < WORKERS; i += 1) {
    workers.push((await spawnScript(WORKER_SCRIPT, ['worker', url])).child);
  }
  const timeoutMs = dueAt.getTime() - Date.now() + TIMEOUT_SECONDS * 1000;
  const complete = await waitForArrivals(sink.arrivals, TASKS, timeoutMs);
  // Time for a duplicate to arrive, if there were one.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const result = summarize('CRM workers', [...sink.arrivals], dueAt.getTime(), TASKS);
  await Promise.all(workers.map((child) => stop(child)));

  return { result, complete, ...(await reminderTimings(url)) };
}

/**
 * Reads how long after its due time each reminder's job queued its email, at p50 and p99 in
 * seconds, and how many reminders the scan recorded only after their due time.
 */
async function reminderTimings(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  const [row] = await sql<{ p50: number; p99: number; late: number }[]>`
    select percentile_cont(0.5) within group (order by extract(epoch from finished_at - due_at)) as p50,
      percentile_cont(0.99) within group (order by extract(epoch from finished_at - due_at)) as p99,
      count(*) filter (where late)::int as late
    from task_reminders where status = 'SENT'`;
  await sql.end();

  return { queued: [Number(row!.p50), Number(row!.p99)] as [number, number], late: row!.late };
}

async function runFloor(url: string, sink: Sink): Promise<BurstResult> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  await sql`create table bench_floor_reminders (
    id bigint generated always as identity primary key, address text not null,
    due_at timestamptz not null, sent_at timestamptz)`;
  await sql`insert into bench_floor_reminders (address, due_at)
    select 'bench' || (n % 200) || '@crm.test', ${PARKED_DEADLINE} from generate_series(1, ${TASKS}) n`;
  await sql`create index on bench_floor_reminders (due_at, id) where sent_at is null`;

  sink.reset('X-Floor-Id');
  const floors = await Promise.all(
    Array.from({ length: WORKERS }, () =>
      spawnScript(WORKER_SCRIPT, ['floor', url, String(sink.port)]),
    ),
  );
  const exits = floors.map(({ child }) => new Promise((resolve) => child.once('exit', resolve)));
  // The floor processes are running, so the due time starts the burst for them as for the CRM.
  const dueAt = new Date(Date.now() + 1000);
  await sql`update bench_floor_reminders set due_at = ${dueAt}`;
  await sql.end();
  await Promise.all(exits);

  return summarize('floor', sink.arrivals, dueAt.getTime(), TASKS);
}

function machine(): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';

  return `${cpus().length} x ${model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** Runs the product and the floor on a fresh database and returns the markdown section. */
export async function runReminderBenchmark(): Promise<string> {
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

    return formatBurstSection([product.result, floor], {
      date: new Date().toISOString().slice(0, 10),
      tasks: TASKS,
      workers: WORKERS,
      processEveryMs: PROCESS_EVERY_MS,
      machine: machine(),
      queued: product.queued,
      recordedLate: product.late,
      timedOutAfterS: product.complete ? null : TIMEOUT_SECONDS,
    });
  } finally {
    await sink.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  runReminderBenchmark().then(
    (section) => console.log(section),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
