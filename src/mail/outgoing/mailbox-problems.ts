import type { SmtpSecurity } from './smtp-types.js';

export type MailboxProblem =
  | 'AUTHENTICATION_FAILED'
  | 'UNKNOWN_HOST'
  | 'CONNECTION_FAILED'
  | 'TIMEOUT'
  | 'TLS_FAILED'
  | 'PASSWORD_UNREADABLE'
  | 'REJECTED';

/** The settings a mailbox test used, as the explanation of a failure names them. */
export interface MailboxLogin {
  host: string;
  port: number;
  security: SmtpSecurity;
  username: string;
  timeoutMs: number;
}

export interface MailboxProblemDescription {
  /** The setting to correct: `smtpServer.*` through updateSmtpServer, `mailbox.*` by the user. */
  field: string | null;
  /** The stored value of that setting; null for passwords. */
  value: string | null;
  message: string;
}

/** Resolver error codes that mean the name does not exist, as opposed to a resolver failure. */
const NO_SUCH_NAME = /ENOTFOUND|EBADNAME|ENODATA/;

/** Maps nodemailer's error code (and, for DNS failures, its message) to a problem. */
export function problemOf(errorCode: string | null, answer: string): MailboxProblem {
  switch (errorCode) {
    case 'EAUTH':
    case 'ENOAUTH':
      return 'AUTHENTICATION_FAILED';
    case 'ETIMEDOUT':
      return 'TIMEOUT';
    case 'ETLS':
      return 'TLS_FAILED';
    case 'EDNS':
      return NO_SUCH_NAME.test(answer) ? 'UNKNOWN_HOST' : 'CONNECTION_FAILED';
    case 'ECONNECTION':
    case 'ESOCKET':
    case 'ECONNREFUSED':
      return 'CONNECTION_FAILED';
    default:
      return 'REJECTED';
  }
}

/** Names the setting behind a problem, its stored value and the next step. */
export function describeMailboxProblem(
  problem: MailboxProblem,
  login: MailboxLogin,
): MailboxProblemDescription {
  const server = `${login.host}:${login.port}`;
  const byAdmin = 'an admin corrects it with updateSmtpServer';

  switch (problem) {
    case 'AUTHENTICATION_FAILED':
      return {
        field: 'mailbox.password',
        value: null,
        message: `${server} rejected the login "${login.username}" with the saved password; save the right username and password with updateMyMailbox`,
      };
    case 'UNKNOWN_HOST':
      return {
        field: 'smtpServer.host',
        value: login.host,
        message: `the host name "${login.host}" does not resolve to an address; check its spelling, and ${byAdmin}`,
      };
    case 'CONNECTION_FAILED':
      return {
        field: 'smtpServer.port',
        value: String(login.port),
        message: `the connection to ${server} failed; check the host and port, and ${byAdmin}`,
      };
    case 'TIMEOUT':
      return {
        field: 'smtpServer.host',
        value: login.host,
        message: `the connection to ${server} timed out after ${login.timeoutMs} ms; try again later, or check the host and port, and ${byAdmin}`,
      };
    case 'TLS_FAILED':
      return {
        field: 'smtpServer.security',
        value: login.security,
        message: `the secure connection to ${server} with security ${login.security} failed; set the security the server supports, and ${byAdmin}`,
      };
    case 'PASSWORD_UNREADABLE':
      return {
        field: 'mailbox.password',
        value: null,
        message:
          'the saved password cannot be decrypted, probably because CRM_SECRET changed; save your password again with updateMyMailbox',
      };
    case 'REJECTED':
      return {
        field: null,
        value: null,
        message: `${server} rejected the connection; see serverAnswer for its reply`,
      };
  }
}
