import { resolveDatabase, startApi } from '../app.js';
import type { Config } from '../config.js';
import { startWorker } from '../jobs/worker.js';
import { logger } from '../logger.js';
import { formatDemoLogins } from '../seed/report.js';

const REPEAT_SIGNAL_PAUSE_MS = 2000;

/**
 * Runs the api, and with `worker` the job worker in the same process, until SIGINT, SIGTERM or
 * SIGHUP, then shuts down cleanly: the api, the worker, and the embedded PostgreSQL last.
 */
export async function start(config: Config, options: { worker: boolean } = { worker: true }) {
  const database = await resolveDatabase(config);
  const api = await startApi(database.url, config);
  const worker = options.worker ? await startWorker(database.url, config) : null;

  console.log(`CRM GraphiQL: ${api.url}/graphql`);
  if (api.seeded) {
    console.log(`Demo data loaded into the empty database.\n${formatDemoLogins(api.seeded)}`);
  }

  let stoppingSince: number | null = null;
  const shutdown = async (signal: string) => {
    if (stoppingSince !== null) {
      // tsx relays the terminal's Ctrl-C a few milliseconds after the terminal delivers it, so
      // only a repeat after a pause means "stop now". The embedded server stops either way.
      if (Date.now() - stoppingSince < REPEAT_SIGNAL_PAUSE_MS) return;
      logger.warn({ signal }, 'shutdown interrupted; exiting now');
      process.exit(130);
    }
    stoppingSince = Date.now();
    logger.info({ signal }, 'shutting down');
    try {
      await api.stop();
      await worker?.stop();
    } finally {
      await database.embedded?.stop();
    }
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      shutdown(signal).catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
    });
  }
}
