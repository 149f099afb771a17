/**
 * Subscription fan-out benchmark: `npx tsx bench/fanout.ts` prints the section, and
 * `runFanoutBenchmark` returns it for `npm run bench`. Subscribers in a load process receive
 * events that the same process publishes through the product's event bus, once against a bare
 * WebSocket floor on the same LISTEN/NOTIFY channel and once against the API over each bus.
 *
 * Environment: FANOUT_BENCH_SUBSCRIBERS (default 1000), FANOUT_BENCH_USERS (default 100),
 * FANOUT_BENCH_SECONDS (measured seconds per rate, default 15), FANOUT_BENCH_REDIS_URL (default
 * redis://127.0.0.1:6379; the Redis path is skipped when nothing listens there),
 * BENCH_DATABASE_URL (an admin URL of a local PostgreSQL server).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadJob, LoadResult } from './fanout-load.js';
import { formatFanoutReport, type FanoutPathResult } from './fanout-report.js';
import { type FanoutDatabase, prepareFanoutDatabase } from './fanout-setup.js';
import { FANOUT_EVENTS } from './fanout-subscribers.js';
import { spawnScript, stop } from './processes.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.FANOUT_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SUBSCRIBERS = Number(process.env.FANOUT_BENCH_SUBSCRIBERS ?? 1000);
const USERS = Number(process.env.FANOUT_BENCH_USERS ?? 100);
const SECONDS = Number(process.env.FANOUT_BENCH_SECONDS ?? 15);
const WARMUP_SECONDS = 3;
const RATES = [10, 50];
/** GraphQL subscribers per user on SSE, while the other subscribers use graphql-ws. */
const SSE_PER_USER = 2;
/** Row per (user, event) that the probes for listening subscribers reuse. */
const PROBE_ROWS = 1;
const SERVER_SCRIPT = fileURLToPath(new URL('./fanout-server.ts', import.meta.url));
const LOAD_SCRIPT = fileURLToPath(new URL('./fanout-load.ts', import.meta.url));

interface FanoutPath {
  name: string;
  role: 'floor' | 'graphql';
  redisUrl: string | null;
}

/** Resolves whether a TCP server accepts connections at the host and port of `url`. */
async function isListening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);

  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379), timeout: 1000 });
    const finish = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.once('connect', () => finish(true));
    socket.once('timeout', () => finish(false));
    socket.once('error', () => finish(false));
  });
}

/** Rows each (user, event) needs: its share of every rate's events plus the probes. */
function rowsPerPair(): number {
  const events = RATES.reduce((sum, rate) => sum + rate * (WARMUP_SECONDS + SECONDS), 0);

  return Math.ceil(events / (USERS * FANOUT_EVENTS.length)) + PROBE_ROWS;
}

async function runPath(
  database: FanoutDatabase,
  path: FanoutPath,
  folder: string,
): Promise<FanoutPathResult> {
  const name = `${path.role}-${path.redisUrl ? 'redis' : 'postgres'}`;
  const countFile = join(folder, `${name}-statements.json`);
  const serverArgs = [
    path.role,
    database.url,
    countFile,
    ...(path.redisUrl ? [path.redisUrl] : []),
  ];
  const server = await spawnScript<{ url: string }>(SERVER_SCRIPT, serverArgs);
  try {
    const job: LoadJob = {
      target: path.role,
      url: server.output.url,
      databaseUrl: database.url,
      redisUrl: path.redisUrl,
      serverPid: server.child.pid!,
      countFile,
      users: database.users,
      subscribersPerUser: SUBSCRIBERS / USERS,
      ssePerUser: path.role === 'floor' ? 0 : SSE_PER_USER,
      rates: RATES,
      warmupSeconds: WARMUP_SECONDS,
      seconds: SECONDS,
    };
    const jobFile = join(folder, `${name}-job.json`);
    await writeFile(jobFile, JSON.stringify(job));
    const load = await spawnScript<LoadResult>(LOAD_SCRIPT, [jobFile]);
    await stop(load.child);

    return { name: path.name, ...load.output };
  } finally {
    await stop(server.child);
  }
}

/** Describes the machine, with the load average at the start because other work skews the run. */
function describeMachine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const memory = `${Math.round(totalmem() / 2 ** 30)} GiB`;
  const load = loadavg()[0]!.toFixed(2);

  return `${cpus().length} x ${cpu}, ${memory}, Node ${process.version}, 1-minute load average ${load} at the start`;
}

/** Runs every path and returns the markdown section. */
export async function runFanoutBenchmark(): Promise<string> {
  if (SUBSCRIBERS % USERS !== 0) {
    throw new Error(
      `FANOUT_BENCH_SUBSCRIBERS (${SUBSCRIBERS}) must be a multiple of FANOUT_BENCH_USERS (${USERS})`,
    );
  }
  const paths: FanoutPath[] = [
    { name: 'floor: ws + LISTEN/NOTIFY', role: 'floor', redisUrl: null },
    { name: 'GraphQL, PostgreSQL bus', role: 'graphql', redisUrl: null },
  ];
  const redisListening = await isListening(REDIS_URL);
  if (redisListening)
    paths.push({ name: 'GraphQL, Redis bus', role: 'graphql', redisUrl: REDIS_URL });

  const machine = describeMachine();
  const folder = await mkdtemp(join(tmpdir(), 'crm-bench-fanout-'));
  const database = await prepareFanoutDatabase(ADMIN_URL, USERS, rowsPerPair());
  try {
    const results: FanoutPathResult[] = [];
    for (const path of paths) results.push(await runPath(database, path, folder));

    return formatFanoutReport(results, {
      machine,
      subscribers: SUBSCRIBERS,
      users: USERS,
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      redisSkipped: redisListening ? null : REDIS_URL,
    });
  } finally {
    await database.drop();
    await rm(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await runFanoutBenchmark());
}
