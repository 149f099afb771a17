import { z } from 'zod';
import { MAX_STRING_LENGTH } from '../graphql/input-guard.js';

/**
 * Maximum lengths of free-text input, in characters as JavaScript counts them (UTF-16 code
 * units). The columns are PostgreSQL `text` and store any length, but PostgreSQL 15 rejects a
 * btree index entry above 2,704 bytes, so a longer indexed name or address fails as an internal
 * error. The limits keep every value well below that and above what people type into a CRM.
 */
export const TEXT_LIMITS = {
  /** Names of people, companies, campaigns, dossiers, servers and other records. */
  name: 200,
  /** Titles of tasks and opportunities. */
  title: 300,
  /** An email address: the 256-octet SMTP path of RFC 5321 without its angle brackets. */
  email: 254,
  /** A phone number with its country code, extension and separators. */
  phone: 50,
  /** A short single-line value, such as a role, department, locality or segment. */
  label: 200,
  /** A postal address, street to building and floor. */
  address: 500,
  /** A DNS host name (RFC 1035). */
  hostName: 253,
  /** A login on a mail server, which is often an email address. */
  username: 254,
  /** The password of a mail server login; it fits any generated password or passphrase. */
  password: 1024,
  /** Notes, descriptions and replies, which may be as long as the input guard allows. */
  longText: MAX_STRING_LENGTH,
} as const;

/** Builds the message of a string above `max` characters, naming the maximum. */
export function tooLongMessage(max: number, length: number): string {
  return `must be at most ${max} characters, but has ${length}; shorten it`;
}

/**
 * Options of a maximum length check. They set no `abort`, because zod then also skips every
 * refinement of the enclosing objects. Schemas that must not check a value that is too long
 * any further put those checks behind `.pipe()`.
 */
function maxLength(max: number) {
  return {
    error: (issue: { input?: unknown }) =>
      tooLongMessage(max, typeof issue.input === 'string' ? issue.input.length : 0),
  };
}

/** Builds a schema for text of at most `max` characters, kept as sent. */
export function boundedText(max: number) {
  return z.string().max(max, maxLength(max));
}

/**
 * Builds a schema for trimmed text that must not be empty and has at most `max` characters.
 * `fix` ends the message "must not be empty; ..." with what to send instead.
 */
export function requiredText(max: number, fix: string) {
  return z.string().trim().min(1, `must not be empty; ${fix}`).max(max, maxLength(max));
}

/** Builds a schema for an email address of at most 254 characters, trimmed and in lower case. */
export function emailAddress(example: string) {
  return z
    .string()
    .trim()
    .toLowerCase()
    .max(TEXT_LIMITS.email, maxLength(TEXT_LIMITS.email))
    .pipe(z.email(`must be an email address such as ${example}`));
}
