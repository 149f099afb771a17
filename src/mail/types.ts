/**
 * The parsed-message model shared by the parser, the file readers, classification, matching and
 * the dry-run description. Everything here is plain data: no streams, no database ids.
 */

/** A mailbox as written in a header. Text exports may carry a display name without address. */
export interface MailAddress {
  /** The address as written (case kept); `normalizeAddress` gives the form used for matching. */
  address: string | null;
  name: string | null;
}

/**
 * Source of `ParsedMessage.date`, in order of preference: the Date header, the topmost (most
 * recent) Received header, the mbox From_ line or IMAP INTERNALDATE, or the local time printed
 * by an Outlook or Thunderbird text export. `none` means no date was found, and the import time
 * is never put in its place.
 */
export type DateSource =
  | 'date_header'
  | 'received_header_topmost'
  | 'mbox_from_line'
  | 'imap_internal_date'
  | 'export_local_time'
  | 'export_zoned_time'
  | 'none';

export type MessageFormat = 'eml' | 'mbox' | 'outlook_text' | 'thunderbird_text';

export interface MailAttachment {
  /** Safe to use as a file name: see `sanitizeFilename`. */
  filename: string;
  /** The decoded name from the message before sanitizing, or null when the part had none. */
  originalFilename: string | null;
  /** Lower-case MIME type; `application/octet-stream` when unknown (text exports). */
  contentType: string;
  /** Content-ID without angle brackets, or null. */
  contentId: string | null;
  /** Decoded bytes; null for text exports, which list attachment names only. */
  size: number | null;
  /** Hex SHA-256 of the decoded bytes; null for text exports. */
  sha256: string | null;
  /** The decoded bytes, or null when only the name is known or the part exceeded the limit. */
  content: Buffer | null;
  /** Reason `content` is null although the message carried the bytes, such as a size limit. */
  contentOmittedReason: string | null;
}

export interface CalendarEvent {
  /** METHOD of the enclosing VCALENDAR, such as REQUEST or CANCEL; null when absent. */
  method: string | null;
  uid: string | null;
  summary: string | null;
  start: Date | null;
  end: Date | null;
  /** The organizer's address without the `mailto:` prefix. */
  organizer: string | null;
}

/** One recipient block of a delivery status notification (RFC 3464). */
export interface DeliveryStatusRecipient {
  /** Final-Recipient address, or Original-Recipient when the final one is missing. */
  address: string;
  /** failed, delayed, delivered, relayed or expanded. */
  action: string | null;
  /** Enhanced status code such as 5.1.1. */
  status: string | null;
  diagnosticCode: string | null;
}

/** A message/rfc822 part: a forward, an attached email or the returned copy in a bounce. */
export interface NestedMessage {
  /** `inline` forwards are shown in the body; `attachment` ones are also listed as attachments. */
  role: 'inline' | 'attachment' | 'report';
  message: ParsedMessage | null;
  /** Reason the part was not parsed (depth or size limit, bad content), or null when parsed. */
  failure: string | null;
}

export interface ParsedMessage {
  format: MessageFormat;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: MailAddress | null;
  /** The Sender header; shown for information, never used for matching. */
  sender: MailAddress | null;
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  /** Fully decoded subject as received (legacy cedilla letters kept); '' when missing. */
  subject: string;
  date: Date | null;
  dateSource: DateSource;
  /** IANA zone a local export time was read in; null for dates that carried an offset. */
  dateZone: string | null;
  /** Plain-text body: text/plain parts, else the HTML converted to text, plus inline forwards. */
  text: string;
  /** The HTML body as received. Untrusted: it must be sanitized before any rendering. */
  html: string | null;
  attachments: MailAttachment[];
  /** Images referenced from the HTML through `cid:` links; not task attachments. */
  inlineImages: MailAttachment[];
  calendarEvents: CalendarEvent[];
  nestedMessages: NestedMessage[];
  /** Recipient blocks of a delivery status report; empty for other messages. */
  deliveryStatus: DeliveryStatusRecipient[];
  /**
   * Top-level header fields by lower-case name, in order. Values are unfolded and raw 8-bit
   * bytes decoded, but RFC 2047 encoded words are kept. Text exports fill the fields they print.
   */
  headers: Record<string, string[]>;
  /** Non-fatal problems met while parsing: a truncated body, an undecodable date, and so on. */
  warnings: string[];
}

/**
 * One entry produced by a reader: a parsed message, or the reason it could not be parsed. A
 * failure of an .eml file or an mbox entry carries the raw bytes that failed, so the importer can
 * keep them in quarantine; other failures (a size limit, a text export) carry none.
 */
export type ReadResult =
  | { ok: true; index: number; message: ParsedMessage }
  | { ok: false; index: number; code: MailFailureCode; reason: string; raw?: Buffer };

export type MailFailureCode =
  | 'MESSAGE_TOO_LARGE'
  | 'HEADER_TOO_LARGE'
  | 'TOO_MANY_PARTS'
  | 'MALFORMED_MESSAGE'
  | 'MISSING_HEADER'
  /** The file or message has none of From, Date, Subject and Message-ID. */
  | 'NOT_AN_EMAIL'
  /** The message was parsed but the database rejected it. */
  | 'STORE_FAILED';
