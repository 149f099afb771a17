import { resolveDatabase, startApi } from '../app.js';
import type { Config } from '../config.js';
import { logger } from '../logger.js';

/** Runs the api until SIGINT or SIGTERM, then shuts down cleanly. */
export async function start(config: Config): Promise<void> {
  const database = await resolveDatabase(config);
  const api = await startApi(database.url, config);

  console.log(`CRM GraphiQL: ${api.url}/graphql`);

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await api.stop();
    await database.embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
