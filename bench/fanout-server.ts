/**
 * Child process of the fan-out benchmark, started as `ROLE DATABASE_URL COUNT_FILE [REDIS_URL]`.
 * `graphql` serves the product's API (its event bus on Redis when REDIS_URL is given), `floor`
 * serves the fan-out floor. Prints `{"url"}` when listening and stops on SIGTERM. On SIGUSR2 it
 * writes `{"sequence", "statements"}` to COUNT_FILE: the SQL statements the API has run so far
 * (always 0 for the floor, which reads nothing).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { createServices } from '../src/app.js';
import * as schema from '../src/db/schema.js';
import { createHttpServer } from '../src/http-server.js';
import { startFanoutFloor } from './fanout-floor.js';

const BENCH_SECRET = 'bench-secret-for-mailbox-passwords-0123456789';

let statements = 0;

/** Starts the API as `startApi` does, on a Drizzle client that counts every statement. */
async function startGraphql(databaseUrl: string, redisUrl: string | null) {
  const { services, database } = await createServices(databaseUrl, {
    MAX_PAGE_SIZE: 200,
    REDIS_URL: redisUrl,
    DATA_DIR: await mkdtemp(join(tmpdir(), 'crm-bench-fanout-')),
    CRM_SECRET: BENCH_SECRET,
  });
  // NOTE: These repeat the Drizzle options of createDatabase, so a change there belongs here too.
  services.db = drizzle(database.sql, {
    schema,
    casing: 'snake_case',
    logger: { logQuery: () => void (statements += 1) },
  });
  const http = createHttpServer(services);
  const url = await http.listen(0, '127.0.0.1');

  return {
    url: `${url}/graphql`,
    async close() {
      await http.close();
      await database.close();
    },
  };
}

const [role, databaseUrl, countFile, redisUrl] = process.argv.slice(2);
const server =
  role === 'floor'
    ? await startFanoutFloor(databaseUrl!)
    : await startGraphql(databaseUrl!, redisUrl ?? null);
let sequence = 0;
process.on('SIGUSR2', () => {
  sequence += 1;
  // Written whole and renamed, so the reader never sees half a file.
  writeFileSync(`${countFile}.tmp`, JSON.stringify({ sequence, statements }));
  renameSync(`${countFile}.tmp`, countFile!);
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
