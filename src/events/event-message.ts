import type { Logger } from 'pino';
import type { CrmEvents, EventName } from './event-bus.js';

/** PostgreSQL rejects a NOTIFY payload of 8000 bytes or more; Redis shares the same bound here. */
export const MAX_EVENT_BYTES = 7900;

export interface EventMessage {
  event: string;
  payload: { userId: string } & Record<string, unknown>;
}

/**
 * Serializes an event for the wire. Payloads carry ids only, so a larger one is a programming
 * error and throws at the publisher instead of failing in the database.
 */
export function encodeEvent<E extends EventName>(event: E, payload: CrmEvents[E]): string {
  const text = JSON.stringify({ event, payload });
  const bytes = Buffer.byteLength(text);
  if (bytes >= MAX_EVENT_BYTES) {
    throw new RangeError(
      `event ${event} is ${bytes} bytes, above the ${MAX_EVENT_BYTES}-byte limit; send ids only and load the rest`,
    );
  }

  return text;
}

/** Parses a message from the wire; returns null (and logs) for anything malformed. */
export function decodeEvent(text: string, log: Logger): EventMessage | null {
  try {
    const message = JSON.parse(text) as Partial<EventMessage>;
    if (typeof message.event === 'string' && typeof message.payload?.userId === 'string') {
      return message as EventMessage;
    }
  } catch {
    // reported below
  }
  log.warn({ bytes: text.length }, 'ignored a malformed event message');

  return null;
}

/** Builds the local topic of an event for one user, as `EventBus.subscribe` reads it. */
export function topicOf(event: string, userId: string): string {
  return `${event}:${userId}`;
}
