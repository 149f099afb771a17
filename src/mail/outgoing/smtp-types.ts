import type { OutgoingAttachment } from './email-attachments.js';

export type SmtpSecurity = 'NONE' | 'STARTTLS' | 'TLS';

/** Connection settings of an SMTP server, with the login to use. */
export interface SmtpEndpoint {
  host: string;
  port: number;
  security: SmtpSecurity;
  auth: { user: string; pass: string } | null;
  /** Milliseconds for connecting, the greeting and each reply. */
  timeoutMs: number;
}

export interface OutgoingMessage {
  /** Message-ID header with angle brackets, fixed when the email was queued. */
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string | null;
  /** Extra headers, such as `Auto-Submitted: auto-generated` on reminders. */
  headers: Record<string, string>;
  /** Stored files opened for this attempt, in order. Sending consumes or destroys their streams. */
  attachments: OutgoingAttachment[];
}

/**
 * The result of talking to the server. TEMPORARY (a 4xx reply, a lost connection, a timeout)
 * may succeed later; PERMANENT (a 5xx reply, an invalid envelope) will not.
 */
export type SmtpOutcome =
  | { kind: 'SENT'; answer: string; responseCode: number | null; rejected: string[] }
  | {
      kind: 'TEMPORARY' | 'PERMANENT';
      answer: string;
      responseCode: number | null;
      /** Nodemailer's error code, such as EAUTH, ECONNECTION or ETIMEDOUT. */
      errorCode: string | null;
    };
