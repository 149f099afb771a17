import { htmlToText } from 'html-to-text';
import type { ParseLimits } from '../limits.js';
import { MailParseError, resolveLimits } from '../limits.js';
import type {
  DateSource,
  MailAttachment,
  MessageFormat,
  NestedMessage,
  ParsedMessage,
} from '../types.js';
import type { MimeContent } from './collect-mime.js';
import { collectMime } from './collect-mime.js';
import { COMPANY_TIME_ZONE, parseReceivedDate, parseRfc2822Date } from './dates.js';
import { forwardedBlock } from './forwarded-text.js';
import {
  charsetParameter,
  decodeHeaderLines,
  decodeUnstructured,
  firstHeader,
  parseAddressHeaders,
  parseMessageIds,
} from './headers.js';
import type { EmbeddedPart } from './sort-parts.js';
import { sortParts } from './sort-parts.js';

/** A date known from outside the message: the mbox From_ line or the IMAP INTERNALDATE. */
export interface EnvelopeDate {
  date: Date;
  source: Extract<DateSource, 'mbox_from_line' | 'imap_internal_date'>;
}

export interface ParseOptions {
  limits?: Partial<ParseLimits>;
  format?: MessageFormat;
  envelopeDate?: EnvelopeDate | null;
  /** Zone for floating calendar times. Default Europe/Bucharest. */
  timeZone?: string;
  /** Charset for raw 8-bit header bytes that are not UTF-8. Default windows-1250. */
  fallbackCharset?: string;
}

interface Context {
  limits: ParseLimits;
  options: ParseOptions;
  depth: number;
}

function selectDate(headers: Record<string, string[]>, envelope: EnvelopeDate | null | undefined) {
  const warnings: string[] = [];
  const dateHeader = firstHeader(headers, 'date');
  const fromHeader = dateHeader ? parseRfc2822Date(dateHeader) : null;
  if (fromHeader) return { date: fromHeader, source: 'date_header' as const, warnings };
  if (dateHeader) warnings.push(`the Date header "${dateHeader.slice(0, 80)}" is not a valid date`);

  const received = firstHeader(headers, 'received');
  const fromReceived = received ? parseReceivedDate(received) : null;
  if (fromReceived)
    return { date: fromReceived, source: 'received_header_topmost' as const, warnings };
  if (envelope) return { date: envelope.date, source: envelope.source, warnings };

  warnings.push('no Date header, Received date or envelope date: the message has no date');

  return { date: null, source: 'none' as const, warnings };
}

async function parseEmbedded(embedded: EmbeddedPart, context: Context): Promise<NestedMessage> {
  const { part, role } = embedded;
  if (!part.content) return { role, message: null, failure: part.contentOmittedReason };
  if (context.depth >= context.limits.maxNestedMessageDepth) {
    const failure = `nested deeper than ${context.limits.maxNestedMessageDepth} messages; not parsed`;

    return { role, message: null, failure };
  }

  try {
    const message = await parseAt(part.content, context.options, context.depth + 1);

    return { role, message, failure: null };
  } catch (error) {
    return { role, message: null, failure: error instanceof Error ? error.message : String(error) };
  }
}

function bodyText(text: string, html: string | null, limits: ParseLimits): string {
  if (text.trim() || !html || html.length > limits.maxHtmlChars) return text;

  return htmlToText(html, {
    wordwrap: false,
    selectors: [{ selector: 'img', format: 'skip' }],
    limits: { maxDepth: 1000 },
  });
}

async function parseAt(raw: Buffer, options: ParseOptions, depth: number): Promise<ParsedMessage> {
  const limits = resolveLimits(options.limits);
  if (raw.length > limits.maxMessageBytes) {
    const reason = `the message has ${raw.length} bytes, more than the ${limits.maxMessageBytes}-byte limit`;
    throw new MailParseError('MESSAGE_TOO_LARGE', reason);
  }

  const mime = await collectMime(raw, limits);
  const rootCharset = charsetParameter(
    mime.headerLines.find((line) => line.key === 'content-type')?.line ?? null,
  );
  const fallbackCharset =
    rootCharset && !/^(?:utf-?8|us-ascii)$/.test(rootCharset)
      ? rootCharset
      : (options.fallbackCharset ?? 'windows-1250');
  const headers = decodeHeaderLines(mime.headerLines, fallbackCharset);

  return assemble(mime, headers, { limits, options, depth });
}

/** Appends inline forwards to the body and cuts it to `maxTextChars`, noting any cut. */
function composeText(
  body: string,
  nestedMessages: NestedMessage[],
  limits: ParseLimits,
  warnings: string[],
): string {
  let text = body;
  for (const nested of nestedMessages) {
    if (nested.role === 'inline' && nested.message) text += forwardedBlock(nested.message);
  }
  if (text.length <= limits.maxTextChars) return text;

  warnings.push(
    `the body was cut to the first ${limits.maxTextChars} of ${text.length} characters`,
  );

  return text.slice(0, limits.maxTextChars);
}

function contentWarnings(
  mime: MimeContent,
  keptHtml: string | null,
  attachments: MailAttachment[],
  limits: ParseLimits,
): string[] {
  const warnings: string[] = [];
  if (mime.html && !keptHtml) {
    warnings.push(`the HTML body is over ${limits.maxHtmlChars} characters, so it was dropped`);
  }
  if (mime.textConversionError) {
    const reason = mime.textConversionError.message;
    warnings.push(`the HTML body could not be converted to text: ${reason}`);
  }
  for (const file of attachments) {
    if (file.contentOmittedReason)
      warnings.push(`attachment ${file.filename}: ${file.contentOmittedReason}`);
  }

  return warnings;
}

async function assemble(
  mime: MimeContent,
  headers: Record<string, string[]>,
  context: Context,
): Promise<ParsedMessage> {
  const { limits, options } = context;
  const contentType = firstHeader(headers, 'content-type') ?? '';
  const isReport = /^multipart\/report\b/i.test(contentType);
  const html = mime.html && mime.html.length <= limits.maxHtmlChars ? mime.html : null;
  const zone = options.timeZone ?? COMPANY_TIME_ZONE;
  const sorted = sortParts(mime.parts, { html: mime.html, isReport, zone });
  const nestedMessages = await Promise.all(sorted.embedded.map((e) => parseEmbedded(e, context)));
  const dated = selectDate(headers, options.envelopeDate);
  const warnings = [...dated.warnings];

  const text = composeText(bodyText(mime.text, html, limits), nestedMessages, limits, warnings);
  warnings.push(...contentWarnings(mime, html, sorted.attachments, limits));

  return {
    format: options.format ?? 'eml',
    messageId: parseMessageIds(firstHeader(headers, 'message-id'))[0] ?? null,
    inReplyTo: parseMessageIds(firstHeader(headers, 'in-reply-to'))[0] ?? null,
    references: (headers.references ?? []).flatMap((value) => parseMessageIds(value)),
    from: parseAddressHeaders(headers.from)[0] ?? null,
    sender: parseAddressHeaders(headers.sender)[0] ?? null,
    replyTo: parseAddressHeaders(headers['reply-to']),
    to: parseAddressHeaders(headers.to),
    cc: parseAddressHeaders(headers.cc),
    subject: decodeUnstructured(firstHeader(headers, 'subject')),
    date: dated.date,
    dateSource: dated.source,
    dateZone: null,
    text,
    html,
    attachments: sorted.attachments,
    inlineImages: sorted.inlineImages,
    calendarEvents: sorted.calendarEvents,
    nestedMessages,
    deliveryStatus: sorted.deliveryStatus,
    headers,
    warnings,
  };
}

/**
 * Parses one raw RFC 5322 message into a `ParsedMessage`. Rejects with a `MailParseError` when
 * the message breaks a limit (size, header size, part count) or cannot be split into parts.
 * Smaller problems become `warnings` on the result.
 */
export function parseMessage(raw: Buffer, options: ParseOptions = {}): Promise<ParsedMessage> {
  return parseAt(raw, options, 0);
}
