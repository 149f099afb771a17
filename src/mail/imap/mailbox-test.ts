import { connectImap } from './imap-adapter.js';
import {
  ImapError,
  type ImapConnector,
  type ImapLogin,
  type ImapProblem,
  type ImapSession,
} from './imap-session.js';

export interface ImapTestResult {
  ok: boolean;
  problem: ImapProblem | null;
  /** The problem and the next step, for people; null when everything worked. */
  message: string | null;
  uidValidity: number | null;
  /** Messages in the folder; null when it could not be opened. */
  messages: number | null;
}

/** Milliseconds the test waits for the connection and for each server reply. */
const TEST_TIMEOUT_MS = 15_000;

const ADVICE: Record<ImapProblem, string> = {
  AUTHENTICATION_FAILED: 'the server rejected the login; check the username and password',
  CONNECTION_FAILED: 'the server could not be reached; check the host and port',
  TIMEOUT: 'the server did not reply in time; try again, or check the host and port',
  TLS_FAILED: 'the secure connection failed; check the security setting and the port',
  FOLDER_NOT_FOUND: 'the login worked but the folder does not exist; check the folder name',
  PASSWORD_UNREADABLE: 'the stored password cannot be decrypted; save the password again',
  PROTOCOL_ERROR: 'the server replied with an error; see the message',
};

/** Logs in and opens the folder read-only, changing nothing on the server. */
export async function testImapLogin(
  login: ImapLogin,
  folder: string,
  connect: ImapConnector = connectImap,
): Promise<ImapTestResult> {
  let session: ImapSession | null = null;
  try {
    session = await connect({ ...login, timeoutMs: login.timeoutMs ?? TEST_TIMEOUT_MS });
    const status = await session.openFolder(folder);

    return {
      ok: true,
      problem: null,
      message: null,
      uidValidity: status.uidValidity,
      messages: status.exists,
    };
  } catch (error) {
    if (!(error instanceof ImapError)) throw error;

    return failedTest(error);
  } finally {
    await session?.close().catch(() => undefined);
  }
}

/** Builds the result of a failed test from the error, with the advice for its problem. */
export function failedTest(error: ImapError): ImapTestResult {
  const message = `${ADVICE[error.problem]} (${error.message})`;

  return { ok: false, problem: error.problem, message, uidValidity: null, messages: null };
}
