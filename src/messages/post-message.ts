import type { Executor } from '../db/client.js';
import type { EventBus } from '../events/event-bus.js';
import type { messageKindEnum } from './tables.js';
import { messages } from './tables.js';

export type MessageRow = typeof messages.$inferSelect;
export type MessageKind = (typeof messageKindEnum.enumValues)[number];

export interface NewMessage {
  /** Id to store; default a random UUID. */
  id?: string;
  /** The user whose message stack receives the message. */
  userId: string;
  kind: MessageKind;
  title: string;
  body: string;
  /** GraphQL type name of the record the message is about, such as `Task`. */
  relatedType?: string | null;
  relatedId?: string | null;
}

/**
 * Adds a message to a user's stack in the caller's transaction. The caller publishes it with
 * `publishMessages` once that transaction has committed, so a rolled-back message is never
 * announced. A message whose event is lost still waits in the stack.
 */
export async function postMessage(tx: Executor, message: NewMessage): Promise<MessageRow> {
  const [row] = await postMessages(tx, [message]);

  return row!;
}

/** Adds several messages with one statement, in the order given, and returns their rows. */
export async function postMessages(
  tx: Executor,
  newMessages: readonly NewMessage[],
): Promise<MessageRow[]> {
  if (newMessages.length === 0) return [];

  return tx
    .insert(messages)
    .values(
      newMessages.map((message) => ({
        id: message.id,
        userId: message.userId,
        kind: message.kind,
        title: message.title,
        body: message.body,
        relatedType: message.relatedType ?? null,
        relatedId: message.relatedId ?? null,
      })),
    )
    .returning();
}

/** Announces committed messages to their users' `messageReceived` subscriptions. */
export function publishMessages(bus: EventBus, rows: readonly MessageRow[]): void {
  for (const row of rows) {
    bus.publish('messageReceived', { userId: row.userId, messageId: row.id });
  }
}
