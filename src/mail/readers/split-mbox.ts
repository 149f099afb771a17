import { parseAsctimeDate } from '../parse/dates.js';
import type { MailFailureCode } from '../types.js';

/** One message cut out of an mbox file, or the reason it was skipped. */
export type MboxEntry =
  { raw: Buffer; envelopeDate: Date | null } | { raw: null; code: MailFailureCode; reason: string };

// "From sender Tue Apr  2 06:15:40 2024", optionally with a zone before the year. Requiring the
// date keeps an unescaped body line such as "From Monday on ..." from starting a message.
const FROM_LINE =
  /^From \S+ +([A-Z][a-z]{2} +[A-Z][a-z]{2} +\d{1,2} +\d{1,2}:\d{2}(?::\d{2})?(?: +[A-Z+-][\w+-]*)? +\d{4})\s*$/;
// Lines longer than this are passed on in pieces; a piece is never taken for a From_ line.
const MAX_LINE_BYTES = 1024 * 1024;

interface Pending {
  envelopeDate: Date | null;
  lines: Buffer[];
  size: number;
  oversized: boolean;
}

function notMessage(reason: string): MboxEntry {
  return { raw: null, code: 'MALFORMED_MESSAGE', reason };
}

function unescapeFrom(line: Buffer): Buffer {
  // mboxrd: a body line ">From " (or ">>From ") was written for "From " (or ">From ").
  return /^>+From /.test(line.subarray(0, 64).toString('latin1')) ? line.subarray(1) : line;
}

function finish(pending: Pending, maxBytes: number): MboxEntry {
  if (pending.oversized) {
    const reason = `the message is larger than the ${maxBytes}-byte limit`;

    return { raw: null, code: 'MESSAGE_TOO_LARGE', reason };
  }

  const last = pending.lines.at(-1)?.toString('latin1');
  // The blank line before the next From_ line separates messages and is not content.
  if (last === '\n' || last === '\r\n') pending.lines.pop();

  return { raw: Buffer.concat(pending.lines), envelopeDate: pending.envelopeDate };
}

async function* lines(
  chunks: AsyncIterable<Uint8Array>,
): AsyncGenerator<{ line: Buffer; whole: boolean }> {
  let rest = Buffer.alloc(0);
  let startOfLine = true;

  for await (const chunk of chunks) {
    rest = rest.length ? Buffer.concat([rest, chunk]) : Buffer.from(chunk);
    let newline: number;
    while ((newline = rest.indexOf(0x0a)) >= 0) {
      yield { line: rest.subarray(0, newline + 1), whole: startOfLine };
      rest = rest.subarray(newline + 1);
      startOfLine = true;
    }
    if (rest.length > MAX_LINE_BYTES) {
      yield { line: rest, whole: false };
      rest = Buffer.alloc(0);
      startOfLine = false;
    }
  }
  if (rest.length) yield { line: rest, whole: startOfLine };
}

/**
 * Splits an mbox stream into messages at From_ lines, unescaping `>From ` lines. Memory stays
 * bounded: a message over `maxMessageBytes` is dropped as it streams and reported as skipped.
 * Text before the first From_ line is reported as skipped too.
 */
export async function* splitMbox(
  chunks: AsyncIterable<Uint8Array>,
  maxMessageBytes: number,
): AsyncGenerator<MboxEntry> {
  let pending: Pending | null = null;
  let preamble = false;

  for await (const { line, whole } of lines(chunks)) {
    const from = whole ? FROM_LINE.exec(line.subarray(0, 200).toString('latin1').trimEnd()) : null;
    if (from) {
      if (pending) yield finish(pending, maxMessageBytes);
      if (preamble) yield notMessage('text before the first From_ line is not a message');
      preamble = false;
      pending = { envelopeDate: parseAsctimeDate(from[1]!), lines: [], size: 0, oversized: false };
    } else if (!pending) {
      preamble ||= line.toString('latin1').trim() !== '';
    } else if (!pending.oversized) {
      const content = whole ? unescapeFrom(line) : line;
      pending.size += content.length;
      pending.oversized = pending.size > maxMessageBytes;
      if (pending.oversized) pending.lines = [];
      else pending.lines.push(content);
    }
  }

  if (pending) yield finish(pending, maxMessageBytes);
  if (preamble) yield notMessage('the file has no From_ line, so it is not an mbox file');
}
