import iconv from 'iconv-lite';
import { normalizeRomanian } from '../analyze/normalize.js';
import { decodeUtf8OrFallback } from '../parse/charset.js';
import { COMPANY_TIME_ZONE, parseExportLocalTime, parseRfc2822Date } from '../parse/dates.js';
import { sanitizeFilename } from '../parse/filename.js';
import { parseAddressList } from '../parse/headers.js';
import type {
  DateSource,
  MailAddress,
  MailAttachment,
  MessageFormat,
  ParsedMessage,
} from '../types.js';

export interface TextExportOptions {
  /** Zone of the local times the export prints. Default Europe/Bucharest. */
  timeZone?: string;
  /** Charset of a file without BOM that is not valid UTF-8. Default windows-1250. */
  fallbackCharset?: string;
}

/** Header labels of Outlook and Thunderbird text exports, English and Romanian, by field. */
const LABELS: Record<string, string> = {
  from: 'from',
  'de la': 'from',
  expeditor: 'from',
  sent: 'date',
  trimis: 'date',
  date: 'date',
  dată: 'date',
  data: 'date',
  to: 'to',
  către: 'to',
  catre: 'to',
  pentru: 'to',
  cc: 'cc',
  bcc: 'bcc',
  cci: 'bcc',
  subject: 'subject',
  subiect: 'subject',
  attachments: 'attachments',
  atașări: 'attachments',
  atașamente: 'attachments',
  anexe: 'attachments',
  importance: 'importance',
  importanță: 'importance',
};

export interface LabelLine {
  field: string;
  value: string;
  /** True when a TAB follows the colon, as in the header block Outlook writes on export. */
  tabSeparated: boolean;
}

/** Reads `Label:<TAB or spaces>value` when the label is a known header label, else null. */
export function parseLabelLine(line: string): LabelLine | null {
  const match = /^([^\t:]{1,24}):([ \t]*)(.*)$/.exec(line);
  if (!match) return null;

  const label = normalizeRomanian(match[1]!.normalize('NFC').trim().toLowerCase());
  const field = LABELS[label];

  return field ? { field, value: match[3]!.trim(), tabSeparated: match[2]!.includes('\t') } : null;
}

/**
 * Decodes a text export to a string with `\n` line ends. Outlook writes UTF-16LE or UTF-8 with a
 * BOM, or the ANSI code page (windows-1250 on Romanian Windows) without one. A file without BOM
 * is read as UTF-8 when valid, as UTF-16LE when every other byte is zero, else in the fallback.
 */
export function decodeTextExport(bytes: Buffer, fallbackCharset = 'windows-1250'): string {
  let text: string;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    text = bytes.subarray(3).toString('utf8');
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = iconv.decode(bytes.subarray(2), 'utf-16le');
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = iconv.decode(bytes.subarray(2), 'utf-16be');
  } else if (looksLikeUtf16le(bytes)) {
    text = iconv.decode(bytes, 'utf-16le');
  } else {
    text = decodeUtf8OrFallback(bytes, fallbackCharset);
  }

  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

function looksLikeUtf16le(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 1024);
  if (sample.length < 4 || sample.length % 2 !== 0) return false;

  let zeros = 0;
  for (let i = 1; i < sample.length; i += 2) if (sample[i] === 0) zeros += 1;

  return zeros / (sample.length / 2) > 0.9;
}

/** Splits an Outlook (`;`) or Thunderbird (`,`) recipient list; names without address stay. */
export function parseRecipients(value: string | undefined): MailAddress[] {
  if (!value) return [];

  return value.split(';').flatMap((entry) => parseAddressList(entry.trim()));
}

export function readExportDate(value: string | undefined, options: TextExportOptions) {
  const zone = options.timeZone ?? COMPANY_TIME_ZONE;
  const zoned = value ? parseRfc2822Date(value) : null;
  if (zoned) return { date: zoned, source: 'export_zoned_time' as DateSource, zone: null };

  const local = value ? parseExportLocalTime(value, zone) : null;
  if (local) return { date: local, source: 'export_local_time' as DateSource, zone };

  return { date: null, source: 'none' as DateSource, zone: null };
}

function nameOnlyAttachment(name: string, position: number): MailAttachment {
  return {
    filename: sanitizeFilename(name, `attachment-${position}.bin`),
    originalFilename: name,
    contentType: 'application/octet-stream',
    contentId: null,
    size: null,
    sha256: null,
    content: null,
    contentOmittedReason: 'the text export lists the attachment name only',
  };
}

export interface ExportFields {
  format: Extract<MessageFormat, 'outlook_text' | 'thunderbird_text'>;
  fields: Map<string, string>;
  body: string;
  attachmentNames: string[];
}

/** Builds the message model from the header fields and body of one exported message. */
export function buildExportMessage(input: ExportFields, options: TextExportOptions): ParsedMessage {
  const { fields } = input;
  const dated = readExportDate(fields.get('date'), options);
  const warnings: string[] = [];
  if (!dated.date) warnings.push(`the date "${fields.get('date') ?? ''}" could not be read`);

  return {
    format: input.format,
    messageId: null,
    inReplyTo: null,
    references: [],
    from: parseRecipients(fields.get('from'))[0] ?? null,
    sender: null,
    replyTo: [],
    to: parseRecipients(fields.get('to')),
    cc: parseRecipients(fields.get('cc')),
    subject: fields.get('subject') ?? '',
    date: dated.date,
    dateSource: dated.source,
    dateZone: dated.zone,
    text: input.body,
    html: null,
    attachments: input.attachmentNames.map((name, i) => nameOnlyAttachment(name, i + 1)),
    inlineImages: [],
    calendarEvents: [],
    nestedMessages: [],
    deliveryStatus: [],
    headers: Object.fromEntries([...fields].map(([name, value]) => [name, [value]])),
    warnings,
  };
}
