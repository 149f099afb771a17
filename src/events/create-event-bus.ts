import { moduleLogger } from '../logger.js';
import type { ClosableEventBus } from './event-bus.js';
import { createPostgresEventBus } from './postgres-event-bus.js';
import { createRedisEventBus } from './redis-event-bus.js';

const log = moduleLogger('events');

/**
 * Creates the cross-process event bus: Redis pub/sub when `redisUrl` is set, else PostgreSQL
 * LISTEN/NOTIFY on the product's database.
 */
export async function createEventBus(
  databaseUrl: string,
  redisUrl: string | null,
): Promise<ClosableEventBus> {
  if (!redisUrl) {
    const bus = await createPostgresEventBus(databaseUrl, log);
    log.info({ transport: 'postgres' }, 'event bus ready');

    return bus;
  }

  // The channel names the database server and database, so deployments sharing one Redis
  // server stay apart.
  const { host, pathname } = new URL(databaseUrl);
  const channel = `crm:events:${host}${pathname}`;
  const bus = await createRedisEventBus(redisUrl, channel, log);
  log.info({ transport: 'redis', channel }, 'event bus ready');

  return bus;
}
