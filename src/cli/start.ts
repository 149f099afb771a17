import { resolveDatabase, startApi } from '../app.js';
import type { Config } from '../config.js';
import { startWorker } from '../jobs/worker.js';
import { logger } from '../logger.js';

/**
 * Runs the api, and with `worker` the job worker in the same process, until SIGINT or SIGTERM,
 * then shuts down cleanly.
 */
export async function start(config: Config, options: { worker: boolean } = { worker: true }) {
  const database = await resolveDatabase(config);
  const api = await startApi(database.url, config);
  const worker = options.worker ? await startWorker(database.url, config) : null;

  console.log(`CRM GraphiQL: ${api.url}/graphql`);

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await api.stop();
    await worker?.stop();
    await database.embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
