import type { Config } from './config.js';
import { createDatabase } from './db/client.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './db/embedded.js';
import { migrateDatabase } from './db/migrate.js';
import { createLocalEventBus } from './events/event-bus.js';
import type { AppServices } from './graphql/context.js';
import { createHttpServer, type HttpServerOptions } from './http-server.js';
import { moduleLogger } from './logger.js';

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

/** Opens the database, applies migrations and assembles the services every request uses. */
export async function createServices(url: string, config: Pick<Config, 'MAX_PAGE_SIZE'>) {
  const database = createDatabase(url);
  await migrateDatabase(url);
  const services: AppServices = {
    db: database.db,
    events: createLocalEventBus(),
    maxPageSize: config.MAX_PAGE_SIZE,
  };

  return { services, database };
}

export interface RunningApi {
  url: string;
  services: AppServices;
  stop(): Promise<void>;
}

/** Starts the API on `host:port` (port 0 picks a free one). */
export async function startApi(
  url: string,
  config: Pick<Config, 'MAX_PAGE_SIZE' | 'HOST' | 'PORT'>,
  options: HttpServerOptions = {},
): Promise<RunningApi> {
  const { services, database } = await createServices(url, config);
  const http = createHttpServer(services, options);
  const address = await http.listen(config.PORT, config.HOST);
  log.info({ address }, 'api listening');

  return {
    url: address,
    services,
    async stop() {
      await http.close();
      await database.close();
      log.info('api stopped');
    },
  };
}
