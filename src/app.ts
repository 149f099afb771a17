import { createFileStore, fileStoreRoot } from './attachments/index.js';
import type { Config } from './config.js';
import { createDatabase } from './db/client.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './db/embedded.js';
import { migrateDatabase } from './db/migrate.js';
import { createEventBus } from './events/create-event-bus.js';
import { registerFollowUps } from './followups/schedule.js';
import type { AppServices } from './graphql/context.js';
import { createHttpServer, type HttpServerOptions } from './http-server.js';
import { moduleLogger } from './logger.js';
import { createPasswordCipher, resolveCrmSecret } from './mail/outgoing/password-cipher.js';
import { type SeedReport, seedDemoIfEmpty } from './seed/seed-demo.js';

const log = moduleLogger('app');

export interface DatabaseHandle {
  url: string;
  embedded: EmbeddedDatabase | null;
}

/** Uses `DATABASE_URL` when set, else starts the embedded PostgreSQL under `DATA_DIR`. */
export async function resolveDatabase(config: Config): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: null };

  const embedded = await startEmbeddedPostgres(config.DATA_DIR);

  return { url: embedded.url, embedded };
}

/** Settings of `createServices` that have defaults, so tests may leave them out. */
export type ServiceConfig = Pick<Config, 'MAX_PAGE_SIZE'> &
  Partial<
    Pick<
      Config,
      | 'REDIS_URL'
      | 'CRM_SECRET'
      | 'DATA_DIR'
      | 'SEED_DEMO'
      | 'MAX_FILE_BYTES'
      | 'DATABASE_POOL_SIZE'
    >
  >;

/**
 * Opens the database, applies migrations, loads the demo data set into an empty database when
 * `SEED_DEMO` is `auto`, and assembles the services every request uses.
 */
export async function createServices(url: string, config: ServiceConfig) {
  const database = createDatabase(url, { max: config.DATABASE_POOL_SIZE });
  await migrateDatabase(url);
  const seeded = config.SEED_DEMO === 'auto' ? await seedDemoIfEmpty(database.db) : null;
  const events = await createEventBus(url, config.REDIS_URL ?? null);
  registerFollowUps();
  const secret = await resolveCrmSecret({
    CRM_SECRET: config.CRM_SECRET,
    DATA_DIR: config.DATA_DIR ?? '.data',
  });
  const services: AppServices = {
    db: database.db,
    events,
    cipher: createPasswordCipher(secret),
    maxPageSize: config.MAX_PAGE_SIZE,
    files: createFileStore({
      root: fileStoreRoot(config.DATA_DIR ?? '.data'),
      maxBytes: config.MAX_FILE_BYTES,
    }),
  };
  const close = async () => {
    await events.close();
    await database.close();
  };

  return { services, database: { ...database, close }, seeded };
}

export interface RunningApi {
  url: string;
  services: AppServices;
  /** The demo data set loaded at this start, or null when none was loaded. */
  seeded: SeedReport | null;
  stop(): Promise<void>;
}

/** Starts the API on `host:port` (port 0 picks a free one). */
export async function startApi(
  url: string,
  config: ServiceConfig & Pick<Config, 'HOST' | 'PORT'>,
  options: HttpServerOptions = {},
): Promise<RunningApi> {
  const { services, database, seeded } = await createServices(url, config);
  const http = createHttpServer(services, options);
  const address = await http.listen(config.PORT, config.HOST);
  log.info({ address }, 'api listening');

  return {
    url: address,
    services,
    seeded,
    async stop() {
      await http.close();
      await database.close();
      log.info('api stopped');
    },
  };
}
