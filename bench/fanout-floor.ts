/**
 * The fan-out floor: a bare `ws` server fed by the product's LISTEN/NOTIFY channel, with no
 * GraphQL, authentication or database reads. A client sends `{"event", "userId"}` as its first
 * message and then receives every notification text of that topic unchanged.
 */
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { type WebSocket, WebSocketServer } from 'ws';
import { EVENTS_CHANNEL } from '../src/events/postgres-event-bus.js';

export interface FloorServer {
  url: string;
  close(): Promise<void>;
}

interface FloorSubscription {
  event: string;
  userId: string;
}

function topicOf(event: string, userId: string): string {
  return `${event}:${userId}`;
}

export async function startFanoutFloor(databaseUrl: string): Promise<FloorServer> {
  const topics = new Map<string, Set<WebSocket>>();
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket) => {
    socket.once('message', (data) => {
      const { event, userId } = JSON.parse(String(data)) as FloorSubscription;
      const topic = topicOf(event, userId);
      const sockets = topics.get(topic) ?? new Set<WebSocket>();
      sockets.add(socket);
      topics.set(topic, sockets);
      socket.once('close', () => sockets.delete(socket));
    });
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));

  const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  const listener = await sql.listen(EVENTS_CHANNEL, (text) => {
    const { event, payload } = JSON.parse(text) as { event: string; payload: { userId: string } };
    for (const socket of topics.get(topicOf(event, payload.userId)) ?? []) socket.send(text);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `ws://127.0.0.1:${port}/`,
    async close() {
      await listener.unlisten();
      await sql.end({ timeout: 5 });
      for (const socket of server.clients) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
