import { MongoBackend } from '@agendajs/mongo-backend';
import { PostgresBackend, type PostgresJobRepository } from '@agendajs/postgres-backend';
import type { AgendaBackend } from 'agenda';
import { moduleLogger } from '../logger.js';

const log = moduleLogger('jobs');

export interface JobStoreConfig {
  /** The product's PostgreSQL database; its `agenda_jobs` table comes from the migrations. */
  databaseUrl: string;
  /** Keeps jobs in MongoDB instead when set. */
  mongodbUrl: string | null;
  /** Connections of the PostgreSQL job store, one of them held for LISTEN; default 4. */
  poolSize?: number | undefined;
}

/**
 * Creates Agenda's job store: PostgreSQL by default, with LISTEN/NOTIFY so a worker picks a
 * new job up at once, or MongoDB when a URL is given.
 */
export function createAgendaBackend(config: JobStoreConfig): AgendaBackend {
  // NOTE: the MongoDB store runs in tests only where MONGODB_URL is set; no MongoDB server can
  // be installed on the development machines, so this branch is usually untested. It also
  // lacks the stale-lock guard below.
  if (config.mongodbUrl) {
    return new MongoBackend({ address: config.mongodbUrl, collection: 'agendaJobs' });
  }

  const backend = new PostgresBackend({
    poolConfig: { connectionString: config.databaseUrl, max: config.poolSize ?? 4 },
    // The table and indexes are created by the migrations, because two workers creating them
    // at once on a fresh database crashed in the backend's own schema set-up.
    ensureSchema: false,
  });
  guardStaleLocks(backend);
  logIdleConnectionErrors(backend.repository as PostgresJobRepository);

  return backend;
}

/**
 * Logs errors of idle job-store connections, such as a server restart or a dropped database.
 * The store's `pg` pool emits them as 'error' events, and an 'error' event with no listener
 * ends the process. The pool is created again after a disconnect, so the listener is too.
 */
function logIdleConnectionErrors(repository: PostgresJobRepository): void {
  const listen = () =>
    repository.getPool().on('error', (error: Error & { code?: string }) => {
      // The error carries its pg client, so only the message and SQLSTATE code are logged.
      const failure = { message: error.message, code: error.code };
      log.warn({ failure }, 'an idle job store connection failed; the pool opens a new one');
    });
  // `createPool` is private in the typings of @agendajs/postgres-backend 3.0.
  const internals = repository as unknown as { createPool: () => void };
  const createPool = internals.createPool.bind(repository);
  internals.createPool = () => {
    createPool();
    listen();
  };
  listen();
}

/**
 * Agenda 6.2.6 stamps a lock with the time `getNextJobToRun` is called, before the query waits
 * for a pool connection. When that wait outlasts the job's lock lifetime, the job arrives
 * already expired: the job processor drops it unrun and never frees its lock slot, so once
 * `lockLimit` slots are lost the worker runs no more jobs of that name. This wrapper stamps a
 * lock older than half its lifetime again, on a connection already taken from the pool, and
 * only while the row still carries the old stamp. A job another worker took meanwhile is given
 * up, as if none had been found.
 */
function guardStaleLocks(backend: PostgresBackend): void {
  // The getter is typed as the generic JobRepository; the instance is the PostgreSQL one.
  const repository = backend.repository as PostgresJobRepository;
  const lockNext = repository.getNextJobToRun.bind(repository);

  repository.getNextJobToRun = async (name, nextScanAt, lockDeadline, now, options) => {
    const lockedAt = now ?? new Date();
    const job = await lockNext(name, nextScanAt, lockDeadline, lockedAt, options);
    const lifetimeMs = lockedAt.getTime() - lockDeadline.getTime();
    if (!job || Date.now() - lockedAt.getTime() < lifetimeMs / 2) return job;

    const client = await repository.getPool().connect();
    try {
      const restamped = new Date();
      const result = await client.query(
        'update agenda_jobs set locked_at = $1 where id = $2 and locked_at = $3',
        [restamped, String(job._id), lockedAt],
      );

      return result.rowCount === 1 ? { ...job, lockedAt: restamped } : undefined;
    } finally {
      client.release();
    }
  };
}
