import type { SmtpOutcome } from './smtp-types.js';

/** Failures without an SMTP reply that a later attempt can get past. */
const TEMPORARY_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROTOCOL',
  'ECONNREFUSED',
  'ECONNRESET',
]);

interface SmtpErrorFields {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  message?: unknown;
}

/**
 * Classifies a send or login failure: 4xx replies and connection problems are TEMPORARY,
 * 5xx replies PERMANENT. Failures without a reply and with an unknown code count as permanent,
 * because retrying a malformed message or a bad configuration cannot help.
 */
export function classifySmtpError(error: unknown): Extract<SmtpOutcome, { errorCode: unknown }> {
  const fields = (error ?? {}) as SmtpErrorFields;
  const responseCode = typeof fields.responseCode === 'number' ? fields.responseCode : null;
  const errorCode = typeof fields.code === 'string' ? fields.code : null;
  const answer =
    typeof fields.response === 'string'
      ? fields.response
      : typeof fields.message === 'string'
        ? fields.message
        : String(error);

  let temporary: boolean;
  if (responseCode !== null) temporary = responseCode >= 400 && responseCode < 500;
  else temporary = errorCode !== null && TEMPORARY_CODES.has(errorCode);

  return { kind: temporary ? 'TEMPORARY' : 'PERMANENT', answer, responseCode, errorCode };
}
