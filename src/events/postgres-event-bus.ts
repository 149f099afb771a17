import { createPubSub } from 'graphql-yoga';
import type { Logger } from 'pino';
import postgres from 'postgres';
import type { ClosableEventBus, CrmEvents } from './event-bus.js';
import { decodeEvent, encodeEvent, topicOf } from './event-message.js';

/** NOTIFY channel of the product's events in its database. */
export const EVENTS_CHANNEL = 'crm_events';

/**
 * Creates an event bus over PostgreSQL LISTEN/NOTIFY: a publish in any process of the same
 * database reaches the subscribers of every process, this one included, once each.
 */
export async function createPostgresEventBus(url: string, log: Logger): Promise<ClosableEventBus> {
  // One pooled connection sends every NOTIFY in publish order; LISTEN has its own connection.
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  const local = createPubSub();
  const listener = await sql.listen(EVENTS_CHANNEL, (text) => {
    const message = decodeEvent(text, log);
    if (message) local.publish(topicOf(message.event, message.payload.userId), message.payload);
  });

  return {
    publish(event, payload) {
      const text = encodeEvent(event, payload);
      sql.notify(EVENTS_CHANNEL, text).catch((error: unknown) => {
        log.error({ err: error, event, userId: payload.userId }, 'event publish failed');
      });
    },
    subscribe(event, userId) {
      return local.subscribe(topicOf(event, userId)) as AsyncIterable<CrmEvents[typeof event]>;
    },
    async close() {
      await listener.unlisten();
      await sql.end({ timeout: 5 });
    },
  };
}
