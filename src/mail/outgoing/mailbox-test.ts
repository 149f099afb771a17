import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { ValidationError } from '../../errors.js';
import type { PasswordCipher } from './password-cipher.js';
import { verifySmtpLogin } from './smtp-adapter.js';
import type { SmtpOutcome } from './smtp-types.js';
import { smtpServers, userMailboxes } from './tables.js';

export type MailboxProblem =
  | 'AUTHENTICATION_FAILED'
  | 'CONNECTION_FAILED'
  | 'TIMEOUT'
  | 'TLS_FAILED'
  | 'PASSWORD_UNREADABLE'
  | 'REJECTED';

export interface MailboxTestResult {
  ok: boolean;
  problem: MailboxProblem | null;
  /** Explanation of the problem with the next step to take; null when the login worked. */
  message: string | null;
  /** The server's reply (or the network error when there was none). */
  serverAnswer: string;
  responseCode: number | null;
}

/** Milliseconds the test waits for the connection and for each server reply. */
const TEST_TIMEOUT_MS = 15_000;

const ADVICE: Record<MailboxProblem, string> = {
  AUTHENTICATION_FAILED: 'the server rejected the login; check the username and password',
  CONNECTION_FAILED: 'the server could not be reached; check its host and port with an admin',
  TIMEOUT: 'the server did not answer in time; try again, or check its host and port',
  TLS_FAILED: 'the secure connection failed; check the server security setting with an admin',
  PASSWORD_UNREADABLE: 'the stored password cannot be decrypted; save your password again',
  REJECTED: 'the server refused the connection; see its answer',
};

/** Connects to the user's SMTP server and logs in with the stored mailbox, sending nothing. */
export async function testMailbox(
  db: Database,
  cipher: PasswordCipher,
  userId: string,
  timeoutMs = TEST_TIMEOUT_MS,
): Promise<MailboxTestResult> {
  const [row] = await db
    .select({ mailbox: userMailboxes, server: smtpServers })
    .from(userMailboxes)
    .innerJoin(smtpServers, eq(smtpServers.id, userMailboxes.smtpServerId))
    .where(eq(userMailboxes.userId, userId));
  if (!row)
    throw ValidationError.of('mailbox', null, 'no mailbox is saved; save one with updateMyMailbox');

  let pass: string;
  try {
    pass = cipher.decrypt(row.mailbox.passwordEncrypted);
  } catch {
    return failure('PASSWORD_UNREADABLE', { answer: 'not contacted', responseCode: null });
  }
  const { host, port, security } = row.server;
  const outcome = await verifySmtpLogin({
    host,
    port,
    security,
    auth: { user: row.mailbox.username, pass },
    timeoutMs,
  });
  if (outcome.kind === 'SENT') {
    return {
      ok: true,
      problem: null,
      message: null,
      serverAnswer: outcome.answer,
      responseCode: null,
    };
  }

  return failure(problemOf(outcome.errorCode), outcome);
}

function problemOf(errorCode: string | null): MailboxProblem {
  switch (errorCode) {
    case 'EAUTH':
    case 'ENOAUTH':
      return 'AUTHENTICATION_FAILED';
    case 'ETIMEDOUT':
      return 'TIMEOUT';
    case 'ETLS':
      return 'TLS_FAILED';
    case 'ECONNECTION':
    case 'ESOCKET':
    case 'EDNS':
    case 'ECONNREFUSED':
      return 'CONNECTION_FAILED';
    default:
      return 'REJECTED';
  }
}

function failure(
  problem: MailboxProblem,
  outcome: Pick<SmtpOutcome, 'answer' | 'responseCode'>,
): MailboxTestResult {
  return {
    ok: false,
    problem,
    message: ADVICE[problem],
    serverAnswer: outcome.answer,
    responseCode: outcome.responseCode,
  };
}
