import { MongoBackend } from '@agendajs/mongo-backend';
import { PostgresBackend } from '@agendajs/postgres-backend';
import type { AgendaBackend } from 'agenda';

export interface JobStoreConfig {
  /** The product's PostgreSQL database; its `agenda_jobs` table comes from the migrations. */
  databaseUrl: string;
  /** Keeps jobs in MongoDB instead when set. */
  mongodbUrl: string | null;
}

/**
 * Creates Agenda's job store: PostgreSQL by default, with LISTEN/NOTIFY so a worker picks a
 * new job up at once, or MongoDB when a URL is given.
 */
export function createAgendaBackend(config: JobStoreConfig): AgendaBackend {
  // NOTE: the MongoDB store runs in tests only where MONGODB_URL is set; no MongoDB server can
  // be installed on the development machines, so this branch is usually untested.
  if (config.mongodbUrl) {
    return new MongoBackend({ address: config.mongodbUrl, collection: 'agendaJobs' });
  }

  return new PostgresBackend({
    poolConfig: { connectionString: config.databaseUrl, max: 3 },
    // The table and indexes are created by the migrations, because two workers creating them
    // at once on a fresh database crashed in the backend's own schema set-up.
    ensureSchema: false,
  });
}
