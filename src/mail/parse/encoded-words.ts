import { decodeBytes } from './charset.js';

// An RFC 2047 encoded word. The text may be empty; whitespace inside is not allowed.
const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

interface Segment {
  /** Set for encoded words: the charset and the raw bytes they carry. */
  charset?: string;
  bytes?: Buffer;
  text?: string;
}

function decodeQ(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    const hex = char === '=' ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(char === '_' ? 0x20 : char.charCodeAt(0) & 0xff);
    }
  }

  return Buffer.from(bytes);
}

function decodeWordBytes(encoding: string, text: string): Buffer {
  return encoding.toLowerCase() === 'b' ? Buffer.from(text, 'base64') : decodeQ(text);
}

function splitSegments(value: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;

  for (const match of value.matchAll(ENCODED_WORD)) {
    const between = value.slice(last, match.index);
    const previous = segments.at(-1);
    // Whitespace between two encoded words is folding, not content (RFC 2047 section 6.2).
    if (between && !(previous?.bytes && /^\s+$/.test(between))) segments.push({ text: between });

    const charset = match[1]!.split('*')[0]!.toLowerCase();
    const bytes = decodeWordBytes(match[2]!, match[3]!);
    segments.push({ charset, bytes });
    last = match.index + match[0].length;
  }
  if (last < value.length) segments.push({ text: value.slice(last) });

  return segments;
}

/**
 * Decodes RFC 2047 encoded words in a header value. Adjacent words in the same charset are joined
 * before charset decoding, so a multi-byte character split across two words survives.
 */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;

  const output: string[] = [];
  let pending: { charset: string; chunks: Buffer[] } | null = null;
  const flush = () => {
    if (pending) output.push(decodeBytes(Buffer.concat(pending.chunks), pending.charset));
    pending = null;
  };

  for (const segment of splitSegments(value)) {
    if (segment.bytes && segment.charset) {
      if (pending && pending.charset !== segment.charset) flush();
      pending ??= { charset: segment.charset, chunks: [] };
      pending.chunks.push(segment.bytes);
    } else {
      flush();
      output.push(segment.text ?? '');
    }
  }
  flush();

  return output.join('');
}
