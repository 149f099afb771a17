import { createHash } from 'node:crypto';
import { MailParser } from 'mailparser';
import type { AttachmentStream, HeaderLines, MessageText, StructuredHeader } from 'mailparser';
import type { ParseLimits } from '../limits.js';
import { MailParseError } from '../limits.js';

/** A non-text MIME part as mailparser hands it over, with its bytes counted and hashed. */
export interface RawPart {
  contentType: string;
  /** The Content-Disposition value, or null when the part had no such header. */
  disposition: string | null;
  filename: string | null;
  contentId: string | null;
  charset: string | null;
  size: number;
  sha256: string;
  content: Buffer | null;
  contentOmittedReason: string | null;
}

export interface MimeContent {
  headerLines: HeaderLines;
  text: string;
  html: string | null;
  textConversionError: Error | null;
  parts: RawPart[];
}

function toParseError(error: unknown): MailParseError {
  const message = error instanceof Error ? error.message : String(error);
  if (/header size/i.test(message)) {
    return new MailParseError('HEADER_TOO_LARGE', message, { cause: error });
  }
  if (/child nodes/i.test(message)) {
    return new MailParseError('TOO_MANY_PARTS', message, { cause: error });
  }

  return new MailParseError(
    'MALFORMED_MESSAGE',
    `the MIME structure could not be parsed: ${message}`,
    {
      cause: error,
    },
  );
}

function structuredParam(headers: AttachmentStream['headers'], name: string, param: string) {
  const value = headers.get(name) as StructuredHeader | undefined;

  return value?.params?.[param] ?? null;
}

/**
 * Reads one attachment stream to its end: every byte is hashed and counted, but bytes are kept
 * only up to `maxBytes`, so an oversized part costs no more memory than the limit.
 */
function consumeAttachment(attachment: AttachmentStream, maxBytes: number): Promise<RawPart> {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let size = 0;

  return new Promise((resolve, reject) => {
    attachment.content.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    attachment.content.once('error', reject);
    attachment.content.once('end', () => {
      attachment.release?.();
      const omitted = size > maxBytes ? `larger than the ${maxBytes}-byte attachment limit` : null;

      resolve({
        contentType: attachment.contentType.toLowerCase(),
        disposition: attachment.contentDisposition?.toLowerCase() ?? null,
        filename: attachment.filename ?? null,
        contentId: attachment.cid ?? null,
        charset: structuredParam(attachment.headers, 'content-type', 'charset'),
        size,
        sha256: hash.digest('hex'),
        content: omitted ? null : Buffer.concat(chunks),
        contentOmittedReason: omitted,
      });
    });
  });
}

/**
 * Runs mailparser over a raw message. Embedded message/rfc822 parts and delivery-status parts
 * come back as parts for the caller to handle. The header-size and part-count limits are
 * mailparser's own, and breaking one rejects with a `MailParseError`.
 */
export function collectMime(raw: Buffer, limits: ParseLimits): Promise<MimeContent> {
  const parser = new MailParser({
    ignoreEmbedded: true,
    keepDeliveryStatus: true,
    checksumAlgo: false,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
    maxHeadSize: limits.maxHeaderBytes,
    maxChildNodes: limits.maxParts,
    maxHtmlLengthToParse: limits.maxHtmlChars,
  });
  const parts: Promise<RawPart>[] = [];
  let headerLines: HeaderLines = [];
  let body: MessageText = { type: 'text' };

  return new Promise((resolve, reject) => {
    parser.on('headerLines', (lines) => (headerLines = lines));
    parser.on('data', (data) => {
      if (data.type === 'text') body = data;
      else parts.push(consumeAttachment(data, limits.maxAttachmentBytes));
    });
    parser.once('error', (error: unknown) => {
      parser.destroy();
      reject(toParseError(error));
    });
    parser.once('end', () => {
      Promise.all(parts).then(
        (collected) =>
          resolve({
            headerLines,
            text: body.text ?? '',
            html: body.html ?? null,
            textConversionError: body.textConversionError ?? null,
            parts: collected,
          }),
        (error: unknown) => reject(toParseError(error)),
      );
    });
    parser.end(raw);
  });
}
