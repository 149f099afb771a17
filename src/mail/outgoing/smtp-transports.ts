import { createHash } from 'node:crypto';
import { createTransport, type Transporter } from 'nodemailer';
import { moduleLogger } from '../../logger.js';
import { sendMessage, smtpOptions } from './smtp-adapter.js';
import type { OutgoingMessage, SmtpEndpoint, SmtpOutcome } from './smtp-types.js';

const log = moduleLogger('email');

/** Maximum connections a worker keeps open to one server for one login, as nodemailer's default. */
const MAX_CONNECTIONS = 5;

/** Pooled connections of one sending identity, with the settings they were opened with. */
interface PooledTransport {
  fingerprint: string;
  transport: Transporter;
}

export interface SmtpTransports {
  /**
   * Sends a message over the pooled connections of `identity`: `server:<id>` for emails the
   * system sends, `mailbox:<userId>` for a user's own. SMTP failures are returned, not thrown.
   */
  send(identity: string, endpoint: SmtpEndpoint, message: OutgoingMessage): Promise<SmtpOutcome>;
  /** Closes every pool: idle connections at once, busy ones after their current message. */
  close(): void;
}

/**
 * Keeps one pooled nodemailer transport per sending identity, so consecutive emails reuse open,
 * logged-in connections instead of connecting for each. A pool whose server settings or login
 * changed is closed and replaced at its next use. Nodemailer 10.6 closes a pooled connection after
 * 100 messages and after 4 minutes idle (its `maxMessages` and `idleTimeout` defaults).
 */
export function createSmtpTransports(): SmtpTransports {
  const pools = new Map<string, PooledTransport>();

  function transportFor(identity: string, endpoint: SmtpEndpoint): Transporter {
    const fingerprint = fingerprintOf(endpoint);
    const current = pools.get(identity);
    if (current?.fingerprint === fingerprint) return current.transport;

    if (current) {
      current.transport.close();
      log.info({ identity }, 'closed pooled SMTP connections after a settings change');
    }
    const transport = createTransport({
      ...smtpOptions(endpoint),
      pool: true,
      maxConnections: MAX_CONNECTIONS,
      // A connection lost mid-message fails the attempt instead of nodemailer sending it again,
      // so the email's own retry policy, with its backoff, counts every attempt.
      maxRequeues: 0,
    });
    transport.on('error', (error: Error) => log.warn({ err: error, identity }, 'SMTP pool error'));
    pools.set(identity, { fingerprint, transport });

    return transport;
  }

  return {
    send: (identity, endpoint, message) => sendMessage(transportFor(identity, endpoint), message),
    close() {
      for (const pool of pools.values()) pool.transport.close();
      pools.clear();
    },
  };
}

/** Hashes the connection settings and login, so the map contains no password. */
function fingerprintOf(endpoint: SmtpEndpoint): string {
  const { host, port, security, auth, timeoutMs } = endpoint;

  return createHash('sha256')
    .update(
      JSON.stringify([host, port, security, auth?.user ?? null, auth?.pass ?? null, timeoutMs]),
    )
    .digest('hex');
}
