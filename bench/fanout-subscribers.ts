/**
 * Subscribers of the fan-out benchmark. Each one is its own connection, as a browser tab would
 * open it: the product's SDK over graphql-ws or SSE, or a plain WebSocket to the floor. Each
 * reports a receipt as the key `event:rowId` of the event it received.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { decodeGlobalID } from '@pothos/plugin-relay';
import WebSocket from 'ws';
import {
  createCrmClient,
  MessageReceivedDocument,
  TaskAssignedDocument,
  TaskUpdatedDocument,
} from '../sdk/index.js';

export const FANOUT_EVENTS = ['taskAssigned', 'taskUpdated', 'messageReceived'] as const;

export type FanoutEvent = (typeof FANOUT_EVENTS)[number];

export type FanoutTransport = 'ws' | 'sse' | 'floor';

export interface SubscriberSpec {
  index: number;
  userId: string;
  token: string;
  event: FanoutEvent;
  transport: FanoutTransport;
}

export interface SubscriberHooks {
  receive(subscriber: number, key: string): void;
  fail(subscriber: number, error: unknown): void;
}

/** Builds the key of one published event, as publisher and subscribers both compute it. */
export function eventKey(event: FanoutEvent, rowId: string): string {
  return `${event}:${rowId}`;
}

/** Every fan-out subscription selects the `id` of its event's node, among other fields. */
type EventDocument = TypedDocumentNode<Record<string, { id: string }>, Record<string, never>>;

const DOCUMENTS: Record<FanoutEvent, EventDocument> = {
  taskAssigned: TaskAssignedDocument,
  taskUpdated: TaskUpdatedDocument,
  messageReceived: MessageReceivedDocument,
};

function openGraphqlSubscriber(url: string, spec: SubscriberSpec, hooks: SubscriberHooks) {
  const client = createCrmClient({ url, token: spec.token });
  const stream = client.subscribe(DOCUMENTS[spec.event], {}, spec.transport as 'ws' | 'sse');
  let closed = false;
  void (async () => {
    try {
      for await (const data of stream) {
        hooks.receive(spec.index, eventKey(spec.event, decodeGlobalID(data[spec.event]!.id).id));
      }
    } catch (error) {
      if (!closed) hooks.fail(spec.index, error);
    }
  })();

  return () => {
    closed = true;
    client.close();
  };
}

function openFloorSubscriber(url: string, spec: SubscriberSpec, hooks: SubscriberHooks) {
  const socket = new WebSocket(url);
  let closed = false;
  socket.on('open', () => socket.send(JSON.stringify({ event: spec.event, userId: spec.userId })));
  socket.on('message', (data) => {
    const { event, payload } = JSON.parse(String(data)) as {
      event: FanoutEvent;
      payload: { taskId?: string; messageId?: string };
    };
    hooks.receive(spec.index, eventKey(event, (payload.taskId ?? payload.messageId)!));
  });
  socket.on('error', (error) => hooks.fail(spec.index, error));
  socket.on('close', () => {
    if (!closed) hooks.fail(spec.index, new Error('the floor closed the connection'));
  });

  return () => {
    closed = true;
    socket.close();
  };
}

/** Opens one subscriber's connection and returns the function that closes it. */
export function openSubscriber(
  url: string,
  spec: SubscriberSpec,
  hooks: SubscriberHooks,
): () => void {
  return spec.transport === 'floor'
    ? openFloorSubscriber(url, spec, hooks)
    : openGraphqlSubscriber(url, spec, hooks);
}
