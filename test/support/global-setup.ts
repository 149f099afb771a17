import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';

const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}

async function acceptsConnections(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => undefined });
  try {
    await sql`select 1`;

    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * Picks the PostgreSQL server for the run: TEST_DATABASE_URL, else the local server when it
 * accepts a connection, else an embedded server in a temporary folder. Each test file makes its
 * own database.
 */
export default async function setup(project: TestProject) {
  const configured = process.env.TEST_DATABASE_URL;
  if (configured) {
    project.provide('adminDatabaseUrl', configured);

    return;
  }
  if (await acceptsConnections(LOCAL_SERVER)) {
    console.log(`tests use the PostgreSQL server at ${new URL(LOCAL_SERVER).host}`);
    project.provide('adminDatabaseUrl', LOCAL_SERVER);

    return;
  }

  const dataDir = await mkdtemp(join(tmpdir(), 'crm-test-pg-'));
  const embedded = await startEmbeddedPostgres(dataDir, 'postgres');
  console.log('no PostgreSQL server answered; tests use an embedded one');
  project.provide('adminDatabaseUrl', embedded.url);

  return async () => {
    await embedded.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
