import { createPubSub } from 'graphql-yoga';

/**
 * Topics carry the id of the user who may receive them, so one user's subscription never
 * receives another user's events.
 */
export interface CrmEvents {
  taskAssigned: { userId: string; taskId: string };
  taskUpdated: { userId: string; taskId: string; change: string };
  messageReceived: { userId: string; messageId: string };
  emailImported: { userId: string; emailId: string };
}

export type EventName = keyof CrmEvents;

export interface EventBus {
  publish<E extends EventName>(event: E, payload: CrmEvents[E]): void;
  subscribe<E extends EventName>(event: E, userId: string): AsyncIterable<CrmEvents[E]>;
}

/** An event bus with open connections, which its process closes when it stops. */
export interface ClosableEventBus extends EventBus {
  close(): Promise<void>;
}

/** Delivers events to subscribers of this process only. */
export function createLocalEventBus(): EventBus {
  const pubsub = createPubSub();

  return {
    publish(event, payload) {
      pubsub.publish(`${event}:${payload.userId}`, payload);
    },
    subscribe(event, userId) {
      return pubsub.subscribe(`${event}:${userId}`) as AsyncIterable<CrmEvents[typeof event]>;
    },
  };
}
