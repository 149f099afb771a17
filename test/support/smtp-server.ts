import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/** The server's reply to DATA: a reply code, closing the connection, or no reply at all. */
export type SmtpFailure = '421' | '451' | '550' | 'drop' | 'hang';

export interface CapturedMessage {
  messageId: string;
  subject: string;
  envelopeFrom: string;
  envelopeTo: string[];
  /** Header names in lower case. */
  headers: Map<string, string>;
  text: string;
  /** Attached files as the server received them, decoded. */
  attachments: { filename: string; contentType: string; content: Buffer }[];
  /** The login the client used, or null without authentication. */
  user: string | null;
}

const REPLIES: Record<'421' | '451' | '550', string> = {
  '421': 'Service not available, try again later',
  '451': 'Requested action aborted: local error in processing',
  '550': 'Mailbox unavailable: no such user here',
};

export interface TestSmtpServer {
  port: number;
  host: string;
  /** Messages accepted with a 250 reply, in arrival order. */
  messages: CapturedMessage[];
  /** Replies to the next DATA commands with these failures, one each, then accepts again. */
  failNext(...failures: SmtpFailure[]): void;
  /** Replies to every DATA command with this failure until called with null. */
  failAlways(failure: SmtpFailure | null): void;
  /** Every message sent with DATA, accepted or not, in arrival order. */
  received: CapturedMessage[];
  /** Connections clients have opened so far. */
  readonly connections: number;
  waitForMessages(count: number, timeoutMs?: number): Promise<CapturedMessage[]>;
  waitForReceived(count: number, timeoutMs?: number): Promise<CapturedMessage[]>;
  close(): Promise<void>;
}

/**
 * Starts a real SMTP server on a free loopback port without TLS. It accepts the logins in
 * `users` (login is optional when `requireAuth` is false) and captures what it accepts.
 */
export async function startTestSmtpServer(
  options: { users?: Record<string, string>; requireAuth?: boolean } = {},
): Promise<TestSmtpServer> {
  const users = options.users ?? {};
  const messages: CapturedMessage[] = [];
  const received: CapturedMessage[] = [];
  const sockets = new Map<number, Socket>();
  let connections = 0;
  let pending: SmtpFailure[] = [];
  let always: SmtpFailure | null = null;

  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: options.requireAuth === false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username && users[auth.username] === auth.password) {
        callback(null, { user: auth.username });

        return;
      }
      callback(
        Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }),
      );
    },
    onData(stream, session, callback) {
      const failure = pending.shift() ?? always;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        void capture(Buffer.concat(chunks), session).then((message) => {
          received.push(message);
          if (failure === 'hang') return;
          if (failure === 'drop') {
            sockets.get(session.remotePort)?.destroy();

            return;
          }
          if (failure) {
            callback(Object.assign(new Error(REPLIES[failure]), { responseCode: Number(failure) }));

            return;
          }
          messages.push(message);
          callback(null, 'OK: message queued');
        }, callback);
      });
    },
  });
  server.server.on('connection', (socket: Socket) => {
    connections += 1;
    const port = socket.remotePort ?? 0;
    sockets.set(port, socket);
    socket.once('close', () => sockets.delete(port));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    port,
    host: '127.0.0.1',
    messages,
    failNext: (...failures) => {
      pending = [...pending, ...failures];
    },
    failAlways: (failure) => {
      always = failure;
    },
    received,
    get connections() {
      return connections;
    },
    waitForMessages: (count, timeoutMs) => waitForLength(messages, count, timeoutMs),
    waitForReceived: (count, timeoutMs) => waitForLength(received, count, timeoutMs),
    async close() {
      for (const socket of sockets.values()) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function capture(raw: Buffer, session: SMTPServerSession): Promise<CapturedMessage> {
  const parsed = await simpleParser(raw);
  const headers = new Map<string, string>();
  for (const line of parsed.headerLines) {
    headers.set(line.key, line.line.slice(line.line.indexOf(':') + 1).trim());
  }

  return {
    messageId: parsed.messageId ?? '',
    subject: parsed.subject ?? '',
    envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
    envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
    headers,
    text: parsed.text ?? '',
    attachments: parsed.attachments.map((attachment) => ({
      filename: attachment.filename ?? '',
      contentType: attachment.contentType,
      content: attachment.content,
    })),
    user: typeof session.user === 'string' ? session.user : null,
  };
}

async function waitForLength<T>(list: T[], count: number, timeoutMs = 20_000): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  while (list.length < count) {
    if (Date.now() > deadline) {
      throw new Error(`expected ${count} messages within ${timeoutMs} ms, got ${list.length}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return list;
}
