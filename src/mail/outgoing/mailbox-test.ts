import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { ValidationError } from '../../errors.js';
import { describeMailboxProblem, type MailboxProblem, problemOf } from './mailbox-problems.js';
import type { PasswordCipher } from './password-cipher.js';
import { verifySmtpLogin } from './smtp-adapter.js';
import type { SmtpOutcome } from './smtp-types.js';
import { smtpServers, userMailboxes } from './tables.js';

export type { MailboxProblem } from './mailbox-problems.js';

export interface MailboxTestResult {
  ok: boolean;
  problem: MailboxProblem | null;
  /** The setting to correct, such as `smtpServer.host`; null when the login worked. */
  field: string | null;
  /** The stored value of that setting; null for passwords, which are never returned. */
  value: string | null;
  /** Explanation of the problem with the next step to take; null when the login worked. */
  message: string | null;
  /** The server's reply (or the network error when there was none). */
  serverAnswer: string;
  responseCode: number | null;
}

/** Milliseconds the test waits for the connection and for each server reply. */
const TEST_TIMEOUT_MS = 15_000;

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

  const { host, port, security } = row.server;
  const login = { host, port, security, username: row.mailbox.username, timeoutMs };
  let pass: string;
  try {
    pass = cipher.decrypt(row.mailbox.passwordEncrypted);
  } catch {
    return failure('PASSWORD_UNREADABLE', login, { answer: 'not contacted', responseCode: null });
  }
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
      field: null,
      value: null,
      message: null,
      serverAnswer: outcome.answer,
      responseCode: null,
    };
  }

  return failure(problemOf(outcome.errorCode, outcome.answer), login, outcome);
}

function failure(
  problem: MailboxProblem,
  login: Parameters<typeof describeMailboxProblem>[1],
  outcome: Pick<SmtpOutcome, 'answer' | 'responseCode'>,
): MailboxTestResult {
  return {
    ok: false,
    problem,
    ...describeMailboxProblem(problem, login),
    serverAnswer: outcome.answer,
    responseCode: outcome.responseCode,
  };
}
