import { resolveDatabase } from '../app.js';
import type { Config } from '../config.js';
import { startWorker } from '../jobs/worker.js';
import { logger } from '../logger.js';

/**
 * Runs the job worker (Agenda and the outbox dispatcher) until SIGINT or SIGTERM. On a signal
 * it stops taking jobs, lets running ones finish or releases their locks, and exits.
 */
export async function runWorker(config: Config): Promise<void> {
  const database = await resolveDatabase(config);
  const worker = await startWorker(database.url, config);

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await worker.stop();
    await database.embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
