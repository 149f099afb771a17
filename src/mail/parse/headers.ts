import { parseAddressHeader } from 'mailparser';
import type { HeaderLines } from 'mailparser';
import type { MailAddress } from '../types.js';
import { decodeUtf8OrFallback } from './charset.js';
import { decodeEncodedWords } from './encoded-words.js';

/**
 * Turns raw header lines into text by lower-case name. Lines arrive as binary strings with one
 * char per byte. Raw 8-bit bytes are read as UTF-8 when valid, else in `fallbackCharset`, because
 * some mailers write headers in the body's legacy charset. Encoded words are kept, because address
 * headers must be split into mailboxes before their names are decoded.
 */
export function decodeHeaderLines(
  lines: HeaderLines,
  fallbackCharset: string,
): Record<string, string[]> {
  const headers: Record<string, string[]> = {};

  for (const { key, line } of lines) {
    const text = decodeUtf8OrFallback(Buffer.from(line, 'latin1'), fallbackCharset);
    const colon = text.indexOf(':');
    if (colon < 0) continue;

    const value = text
      .slice(colon + 1)
      .replace(/\r?\n(?=[ \t])/g, '')
      .trim();
    (headers[key] ??= []).push(value);
  }

  return headers;
}

export function firstHeader(headers: Record<string, string[]>, name: string): string | null {
  return headers[name]?.[0] ?? null;
}

/** Reads a `charset` parameter from a Content-Type value, or null. */
export function charsetParameter(contentType: string | null): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');

  return match ? match[1]!.toLowerCase() : null;
}

/**
 * Splits an address header into mailboxes with decoded display names, flattening groups. An
 * unquoted comma inside a display name before an angle address (`Dragomir, Mihai <m@x>`) stays
 * one mailbox, as mailparser's address parser reads it.
 */
export function parseAddressList(value: string | null): MailAddress[] {
  if (!value) return [];

  const parsed = parseAddressHeader(value, { flatten: true }).value;

  return parsed
    .map((entry) => ({
      // Outlook writes some addresses in single quotes ('a@b.example').
      address: entry.address?.trim().replace(/^['"]+|['"]+$/g, '') || null,
      name: entry.name?.trim() || null,
    }))
    .filter((entry) => entry.address !== null || entry.name !== null);
}

export function parseAddressHeaders(values: string[] | undefined): MailAddress[] {
  return (values ?? []).flatMap((value) => parseAddressList(value));
}

/** Decodes an unstructured header such as Subject: encoded words, then surrounding blanks. */
export function decodeUnstructured(value: string | null): string {
  return value ? decodeEncodedWords(value).trim() : '';
}

/** Lists the `<id>` tokens of Message-ID, In-Reply-To or References; bare ids get brackets. */
export function parseMessageIds(value: string | null): string[] {
  if (!value) return [];

  const bracketed = value.match(/<[^<>\s]+>/g);
  if (bracketed) return bracketed;

  return value
    .split(/\s+/)
    .filter((token) => token.includes('@'))
    .map((token) => `<${token}>`);
}
