import { MailParseError, resolveLimits } from '../limits.js';
import type { ParseOptions } from '../parse/parse-message.js';
import { parseMessage } from '../parse/parse-message.js';
import type { ReadResult } from '../types.js';
import { splitMbox } from './split-mbox.js';

const NOT_AN_EMAIL =
  'not an email message: no From, Date, Subject or Message-ID header; check that the file is ' +
  'an .eml, mbox, Outlook or Thunderbird export';

/** Header fields of which a message must have at least one to be read as email. */
const IDENTIFYING_HEADERS = ['from', 'date', 'subject', 'message-id'];

async function parseEntry(raw: Buffer, index: number, options: ParseOptions): Promise<ReadResult> {
  try {
    const message = await parseMessage(raw, options);
    // Any bytes parse as a message without headers, so a JSON file or random bytes end here.
    if (!IDENTIFYING_HEADERS.some((name) => message.headers[name]?.length)) {
      return { ok: false, index, code: 'NOT_AN_EMAIL', reason: NOT_AN_EMAIL, raw };
    }

    return { ok: true, index, message };
  } catch (error) {
    if (error instanceof MailParseError)
      return { ok: false, index, code: error.code, reason: error.message, raw };

    const reason = `the message could not be parsed: ${error instanceof Error ? error.message : String(error)}`;

    return { ok: false, index, code: 'MALFORMED_MESSAGE', reason, raw };
  }
}

/** Reads one .eml file: one entry, the parsed message or why it could not be parsed. */
export async function* readEml(
  raw: Buffer,
  options: ParseOptions = {},
): AsyncGenerator<ReadResult> {
  yield await parseEntry(raw, 0, { ...options, format: 'eml' });
}

async function* single(buffer: Buffer): AsyncGenerator<Buffer> {
  yield buffer;
}

/**
 * Reads an mbox file or stream: one entry per message in file order. A message that cannot be
 * parsed becomes a failure entry and reading goes on with the next one.
 */
export async function* readMbox(
  input: Buffer | AsyncIterable<Uint8Array>,
  options: ParseOptions = {},
): AsyncGenerator<ReadResult> {
  const limits = resolveLimits(options.limits);
  const chunks = Buffer.isBuffer(input) ? single(input) : input;
  let index = 0;

  for await (const entry of splitMbox(chunks, limits.maxMessageBytes)) {
    if (entry.raw === null) {
      yield { ok: false, index, code: entry.code, reason: entry.reason };
    } else {
      const envelopeDate = entry.envelopeDate
        ? { date: entry.envelopeDate, source: 'mbox_from_line' as const }
        : null;
      yield await parseEntry(entry.raw, index, { ...options, format: 'mbox', envelopeDate });
    }
    index += 1;
  }
}
