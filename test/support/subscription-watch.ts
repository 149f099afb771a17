import type { EventBus, EventName } from '../../src/events/event-bus.js';
import type { TestApi } from './api.js';

/**
 * Wraps the server's event bus to report when a subscription starts listening, so a test
 * publishes only after the subscriber is registered. Events still travel through the real bus.
 */
export function watchSubscriptions(api: TestApi) {
  const bus: EventBus = api.services.events;
  const waiting = new Map<string, (() => void)[]>();
  const announce = (key: string) => {
    for (const resolve of waiting.get(key) ?? []) resolve();
    waiting.delete(key);
  };

  api.services.events = {
    publish: (event, payload) => bus.publish(event, payload),
    subscribe(event, userId) {
      const source = bus.subscribe(event, userId);

      return {
        [Symbol.asyncIterator]() {
          const iterator = source[Symbol.asyncIterator]();
          let started = false;

          return {
            next() {
              const result = iterator.next();
              if (!started) announce(`${event}:${userId}`);
              started = true;

              return result;
            },
            return: async () => (await iterator.return?.()) ?? { done: true, value: undefined },
          };
        },
      };
    },
  };

  return {
    /** Resolves when the next subscription to `event` for `userId` starts listening. */
    nextStart(event: EventName, userId: string): Promise<void> {
      return new Promise((resolve) => {
        const key = `${event}:${userId}`;
        waiting.set(key, [...(waiting.get(key) ?? []), resolve]);
      });
    },
  };
}
