/**
 * GraphQL API reads against a hand-written SQL floor, side by side in one run, on the demo data
 * set. Runs as a section of `npm run bench`, or alone with `npx tsx bench/api.ts`.
 */
import { cpus, totalmem } from 'node:os';
import { pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { issueToken } from '../src/auth/tokens.js';
import { users } from '../src/auth/tables.js';
import { hashPassword } from '../src/auth/passwords.js';
import { createDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { seedDemo } from '../src/seed/seed-demo.js';
import { cpuMillis, spawnScript, stop } from './processes.js';
import { FILTERED_LIST, NESTED_PAGE } from './queries.js';
import { formatReport, type Measurement } from './report.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);

interface LoadResult {
  samples: number[];
  statements: number[];
  elapsedMs: number;
  failures: number;
}

async function prepareDatabase(): Promise<{
  url: string;
  token: string;
  drop: () => Promise<void>;
}> {
  const name = `crm_bench_${Date.now()}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await migrateDatabase(url.toString());

  const database = createDatabase(url.toString());
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  console.log(`seeding the demo data set at scale ${scale}`);
  await seedDemo(database.db, { scale });
  const [user] = await database.db
    .insert(users)
    .values({
      email: 'bench@crm.test',
      name: 'Bench',
      role: 'MANAGER',
      passwordHash: await hashPassword('bench-password-1'),
    })
    .returning();
  const { token } = await issueToken(database.db, user!.id, 'API', 'bench');
  await database.close();

  return {
    url: url.toString(),
    token,
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function busiestCounty(url: string): Promise<{ county: string; minTurnover: string }> {
  const sql = postgres(url, { max: 1 });
  const [row] = await sql`
    select county, percentile_disc(0.5) within group (order by turnover)::text as median
    from partners where turnover is not null group by county order by count(*) desc limit 1`;
  await sql.end();

  return { county: row!.county as string, minTurnover: row!.median as string };
}

async function measure(
  serverScript: string,
  databaseUrl: string,
  body: string,
  headers: Record<string, string>,
): Promise<Omit<Measurement, 'scenario' | 'server'>> {
  const { child, output } = await spawnScript<{ url: string }>(serverScript, [databaseUrl]);
  try {
    const job = {
      url: output.url,
      body,
      headers,
      concurrency: CONCURRENCY,
      durationMs: SECONDS * 1000,
      warmupMs: 3000,
    };
    const cpuBefore = cpuMillis(child.pid!);
    const load = await spawnScript<LoadResult>('bench/load.ts', [JSON.stringify(job)]);
    const result = load.output;
    const cpuAfter = cpuMillis(child.pid!);
    const sorted = [...result.samples].sort((a, b) => a - b);
    const count = sorted.length;
    // The warm-up's CPU is excluded only approximately: it ran before cpuBefore was read.
    const measuredCpu = cpuAfter - cpuBefore;

    return {
      requestsPerSecond: count / (result.elapsedMs / 1000),
      p50: sorted[Math.floor(count * 0.5)] ?? 0,
      p99: sorted[Math.floor(count * 0.99)] ?? 0,
      cpuMsPerRequest: measuredCpu / count,
      statementsPerRequest: -1,
      failures: result.failures,
    };
  } finally {
    await stop(child);
  }
}

/**
 * Counts the SQL statements of one request on a server started with counting on. The
 * throughput rows run without counting, because the AsyncLocalStorage it needs costs CPU.
 */
async function countStatements(databaseUrl: string, body: string, token: string): Promise<number> {
  const { child, output } = await spawnScript<{ url: string }>(
    'bench/serve-graphql.ts',
    [databaseUrl],
    { BENCH_COUNT_STATEMENTS: '1' },
  );
  try {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    await fetch(output.url, { method: 'POST', headers, body });
    const response = await fetch(output.url, { method: 'POST', headers, body });
    await response.text();

    return Number(response.headers.get('x-sql-statements') ?? -1);
  } finally {
    await stop(child);
  }
}

/** Runs the API read scenarios and returns their markdown section. */
export async function runApiBenchmark(): Promise<string> {
  const database = await prepareDatabase();
  try {
    const filter = await busiestCounty(database.url);
    const scenarios = [
      {
        scenario: 'nested page: 50 partners, opportunities, tasks, responsible',
        kind: 'nested',
        query: NESTED_PAGE,
        variables: {},
      },
      {
        scenario: `filtered list: county ${filter.county}, turnover >= median`,
        kind: 'filtered',
        query: FILTERED_LIST,
        variables: filter,
      },
    ];
    const results: Measurement[] = [];
    for (const scenario of scenarios) {
      const floorBody = JSON.stringify({ kind: scenario.kind, ...filter });
      const graphqlBody = JSON.stringify({ query: scenario.query, variables: scenario.variables });
      const floor = await measure('bench/serve-floor.ts', database.url, floorBody, {});
      results.push({
        scenario: scenario.scenario,
        server: 'floor: SQL + postgres.js',
        ...floor,
        statementsPerRequest: scenario.kind === 'nested' ? 3 : 1,
      });
      const graphql = await measure('bench/serve-graphql.ts', database.url, graphqlBody, {
        authorization: `Bearer ${database.token}`,
      });
      const statements = await countStatements(database.url, graphqlBody, database.token);
      results.push({
        scenario: scenario.scenario,
        server: 'GraphQL API',
        ...graphql,
        statementsPerRequest: statements,
      });
    }
    const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

    return formatReport(results, { machine, seconds: SECONDS, concurrency: CONCURRENCY });
  } finally {
    await database.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await runApiBenchmark());
}
