import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { moduleLogger } from '../../logger.js';
import {
  ImapError,
  type ImapLogin,
  type ImapProblem,
  type ImapSession,
  type MessageSummary,
} from './imap-session.js';

const log = moduleLogger('imap');

const DEFAULT_TIMEOUT_MS = 30_000;

interface ImapFlowFailure extends Error {
  code?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  mailboxMissing?: boolean;
  serverResponseCode?: string;
  responseText?: string;
}

const TIMEOUT_CODES = new Set([
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'UPGRADE_TIMEOUT',
  'ETIMEOUT',
  'ETIMEDOUT',
]);
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'NoConnection',
  'EConnectionClosed',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
  'StateLogout',
]);

function problemOf(error: ImapFlowFailure): ImapProblem {
  if (error.authenticationFailed || error.serverResponseCode === 'AUTHENTICATIONFAILED') {
    return 'AUTHENTICATION_FAILED';
  }
  if (error.tlsFailed || /^ERR_(TLS|SSL)|CERT|SELF_SIGNED/.test(error.code ?? '')) {
    return 'TLS_FAILED';
  }
  if (error.mailboxMissing || error.serverResponseCode === 'NONEXISTENT') return 'FOLDER_NOT_FOUND';
  if (TIMEOUT_CODES.has(error.code ?? '')) return 'TIMEOUT';
  if (CONNECTION_CODES.has(error.code ?? '')) return 'CONNECTION_FAILED';

  return 'PROTOCOL_ERROR';
}

/** Turns an imapflow error into an ImapError; the server's reply text is kept, never the login. */
function toImapError(error: unknown, action: string): ImapError {
  if (error instanceof ImapError) return error;

  const failure = error as ImapFlowFailure;
  const detail = failure.responseText || failure.message || String(error);

  return new ImapError(problemOf(failure), `${action} failed: ${detail}`, { cause: error });
}

function optionsOf(login: ImapLogin): ImapFlowOptions {
  const timeoutMs = login.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return {
    host: login.host,
    port: login.port,
    secure: login.security === 'TLS',
    // NONE stays in cleartext; STARTTLS must upgrade or the connection fails.
    ...(login.security === 'TLS' ? {} : { doSTARTTLS: login.security === 'STARTTLS' }),
    auth: { user: login.username, pass: login.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: Math.max(timeoutMs * 4, 60_000),
  };
}

/**
 * Lists messages in one FETCH and returns only after the response has ended: imapflow runs one
 * command at a time, so a command issued inside a running fetch loop would wait for the fetch
 * forever.
 */
async function listAfter(client: ImapFlow, afterUid: number): Promise<MessageSummary[]> {
  const listed: MessageSummary[] = [];
  const query = { uid: true, size: true, internalDate: true, envelope: true };

  for await (const message of client.fetch(`${afterUid + 1}:*`, query, { uid: true })) {
    const internalDate = message.internalDate ? new Date(message.internalDate) : null;
    listed.push({
      uid: message.uid,
      size: message.size ?? null,
      internalDate,
      messageId: message.envelope?.messageId ?? null,
    });
  }

  // A UID range "N:*" includes the last message even when its UID is below N.
  return listed.filter((message) => message.uid > afterUid).sort((a, b) => a.uid - b.uid);
}

/** Connects and logs in with imapflow; the only module that uses imapflow directly. */
export async function connectImap(login: ImapLogin): Promise<ImapSession> {
  const client = new ImapFlow(optionsOf(login));
  // Without a listener, an 'error' event of a dropped socket would end the process.
  client.on('error', (error: Error) => {
    log.warn({ err: error, host: login.host, port: login.port }, 'imap connection error');
  });
  try {
    await client.connect();
  } catch (error) {
    client.close();
    throw toImapError(error, `connecting to ${login.host}:${login.port}`);
  }

  let exists = 0;

  return {
    async openFolder(folder) {
      try {
        const mailbox = await client.mailboxOpen(folder, { readOnly: true });
        exists = mailbox.exists;

        return {
          uidValidity: Number(mailbox.uidValidity),
          uidNext: mailbox.uidNext,
          exists: mailbox.exists,
        };
      } catch (error) {
        throw toImapError(error, `opening folder "${folder}"`);
      }
    },
    async listMessagesAfter(afterUid) {
      if (exists === 0) return [];
      try {
        return await listAfter(client, afterUid);
      } catch (error) {
        throw toImapError(error, `listing messages after UID ${afterUid}`);
      }
    },
    async downloadMessage(uid) {
      try {
        const message = await client.fetchOne(
          String(uid),
          { uid: true, source: true },
          { uid: true },
        );

        return message && message.source ? message.source : null;
      } catch (error) {
        throw toImapError(error, `downloading UID ${uid}`);
      }
    },
    async close() {
      if (!client.usable) {
        client.close();

        return;
      }
      await client.logout().catch(() => client.close());
    },
  };
}
