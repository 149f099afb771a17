import { createPubSub } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ClosableEventBus, CrmEvents } from './event-bus.js';
import { decodeEvent, encodeEvent, topicOf } from './event-message.js';

/**
 * Creates an event bus over Redis pub/sub. `channel` should name the database, so deployments
 * (and test runs) that share one Redis server do not receive each other's events.
 */
export async function createRedisEventBus(
  redisUrl: string,
  channel: string,
  log: Logger,
): Promise<ClosableEventBus> {
  const publisher = new Redis(redisUrl, { lazyConnect: true });
  const subscriber = publisher.duplicate();
  const local = createPubSub();
  for (const client of [publisher, subscriber]) {
    client.on('error', (error: Error) => log.error({ err: error }, 'redis connection error'));
  }

  await publisher.connect();
  await subscriber.connect();
  subscriber.on('message', (_channel: string, text: string) => {
    const message = decodeEvent(text, log);
    if (message) local.publish(topicOf(message.event, message.payload.userId), message.payload);
  });
  await subscriber.subscribe(channel);

  return {
    publish(event, payload) {
      const text = encodeEvent(event, payload);
      publisher.publish(channel, text).catch((error: unknown) => {
        log.error({ err: error, event, userId: payload.userId }, 'event publish failed');
      });
    },
    subscribe(event, userId) {
      return local.subscribe(topicOf(event, userId)) as AsyncIterable<CrmEvents[typeof event]>;
    },
    async close() {
      await subscriber.quit();
      await publisher.quit();
    },
  };
}
