import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Arrival {
  key: string;
  at: number;
}

export type Sink = Awaited<ReturnType<typeof startSink>>;

/** Starts an SMTP sink on loopback that records the arrival time of each message, keyed by one header. */
export async function startSink() {
  const arrivals: Arrival[] = [];
  let header = 'x-crm-reminder-id';
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
        const match = new RegExp(`^${header}:\\s*(\\S+)`, 'im').exec(head);
        arrivals.push({ key: match?.[1] ?? 'missing', at: Date.now() });
        callback(null, 'OK');
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.server.address() as AddressInfo).port,
    arrivals,
    /** Clears the arrivals and keys the next ones by the header `name`. */
    reset(name: string) {
      arrivals.length = 0;
      header = name.toLowerCase();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Waits until `count` distinct keys have arrived, or returns false after `timeoutMs`. */
export async function waitForArrivals(
  arrivals: Arrival[],
  count: number,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const keys = new Set<string>();
  let seen = 0;
  while (keys.size < count) {
    if (Date.now() > deadline) return false;
    for (; seen < arrivals.length; seen += 1) keys.add(arrivals[seen]!.key);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  return true;
}
