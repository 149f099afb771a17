import { DateTime } from 'luxon';

/** The company time zone: text exports print local time without an offset. */
export const COMPANY_TIME_ZONE = 'Europe/Bucharest';

function toDate(value: DateTime): Date | null {
  return value.isValid ? value.toJSDate() : null;
}

/**
 * Parses an RFC 5322 date such as `Thu, 14 Mar 2024 10:31:48 +0200 (EET)`. Luxon reads the
 * standard and obsolete forms (comments, named US zones, missing weekday). V8's lenient parser
 * is the fallback for near misses like a missing comma, but only when the text names an offset
 * or zone, so a value without zone is never read in this machine's local time.
 */
export function parseRfc2822Date(value: string): Date | null {
  const cleaned = value.replace(/\s+/g, ' ').trim();
  if (!cleaned) return null;

  const strict = toDate(DateTime.fromRFC2822(cleaned));
  if (strict) return strict;

  const withoutComments = cleaned.replace(/\([^()]*\)/g, '').trim();
  if (!/(?:[+-]\d{4}|\b(?:UT|UTC|GMT|Z)\b)\s*$/i.test(withoutComments)) return null;
  const lenient = Date.parse(withoutComments);

  return Number.isNaN(lenient) ? null : new Date(lenient);
}

/** Reads the timestamp of a Received header: the date after its last semicolon. */
export function parseReceivedDate(value: string): Date | null {
  const semicolon = value.lastIndexOf(';');

  return semicolon < 0 ? null : parseRfc2822Date(value.slice(semicolon + 1));
}

/**
 * Reads the asctime date of an mbox From_ line (`Tue Apr  2 06:15:40 2024`), which carries no
 * zone and is read as UTC, the convention of the mail delivery agents that write mbox files.
 */
export function parseAsctimeDate(value: string): Date | null {
  const text = value.replace(/\s+/g, ' ').trim();
  const parsed = DateTime.fromFormat(text, 'ccc LLL d HH:mm:ss yyyy', {
    zone: 'utc',
    locale: 'en-US',
  });

  return toDate(parsed);
}

/**
 * Resolves a wall-clock time in a zone. Luxon moves a time in the spring-forward gap forward by
 * the gap, as RFC 5545 and Temporal's "compatible" rule do. A time that occurs twice at the
 * autumn change resolves to its first occurrence (the summer offset), as that rule also does.
 */
export function resolveLocalTime(local: DateTime): DateTime {
  if (!local.isValid) return local;

  const earlier = local.minus({ hours: 1 });
  const sameWallClock =
    earlier.toFormat('yyyy-MM-dd HH:mm:ss') === local.toFormat('yyyy-MM-dd HH:mm:ss');

  return sameWallClock ? earlier : local;
}

// Formats that Outlook and Thunderbird text exports print, in English and Romanian.
// NOTE: a slash date without AM/PM is read day first (en-GB), with AM/PM month first (en-US);
// an export from another locale can be misread, and no sample of one has been checked.
const LOCAL_FORMATS: { format: string; locale: string }[] = [
  { format: 'cccc, MMMM d, yyyy h:mm a', locale: 'en-US' },
  { format: 'cccc, MMMM d, yyyy h:mm:ss a', locale: 'en-US' },
  { format: 'cccc, d MMMM yyyy HH:mm', locale: 'en-GB' },
  { format: 'cccc, d MMMM yyyy HH:mm', locale: 'ro' },
  { format: 'cccc, d MMMM yyyy HH:mm:ss', locale: 'ro' },
  { format: 'd MMMM yyyy HH:mm', locale: 'ro' },
  { format: 'ccc M/d/yyyy h:mm a', locale: 'en-US' },
  { format: 'M/d/yyyy, h:mm a', locale: 'en-US' },
  { format: 'M/d/yyyy h:mm a', locale: 'en-US' },
  { format: 'dd.MM.yyyy, HH:mm', locale: 'ro' },
  { format: 'dd.MM.yyyy, HH:mm:ss', locale: 'ro' },
  { format: 'dd.MM.yyyy HH:mm', locale: 'ro' },
  { format: 'dd.MM.yyyy HH:mm:ss', locale: 'ro' },
  { format: 'dd/MM/yyyy, HH:mm', locale: 'en-GB' },
  { format: 'dd/MM/yyyy HH:mm', locale: 'en-GB' },
  { format: 'yyyy-MM-dd HH:mm', locale: 'en-US' },
  { format: 'yyyy-MM-dd HH:mm:ss', locale: 'en-US' },
];

/**
 * Parses the local time printed by a text export (`Thursday, June 20, 2024 2:05 PM`,
 * `joi, 20 iunie 2024 14:05`, `08.04.2024, 11:20`) in the given zone, DST included.
 */
export function parseExportLocalTime(value: string, zone: string): Date | null {
  const text = value.replace(/\s+/g, ' ').trim();

  for (const { format, locale } of LOCAL_FORMATS) {
    const parsed = DateTime.fromFormat(text, format, { zone, locale, setZone: false });
    if (parsed.isValid) return toDate(resolveLocalTime(parsed));
  }

  return null;
}
