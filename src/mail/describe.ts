import { maskEmail } from '../logger.js';
import type { BounceAnalysis, MessageAnalysis } from './analyze/analyze-message.js';
import type { MatchResult } from './analyze/match.js';
import type { CalendarEvent, MailAddress, MailAttachment, ParsedMessage } from './types.js';

export interface DescribeOptions {
  /** Label printed first, such as `inbox.mbox#2`. */
  label?: string;
  /** Print addresses as `r***@domain`, for output that may end up in logs. Default false. */
  maskAddresses?: boolean;
  /** Maximum body excerpt length, in characters. Default 200. */
  excerptChars?: number;
}

const DATE_SOURCES: Record<ParsedMessage['dateSource'], string> = {
  date_header: 'Date header',
  received_header_topmost: 'topmost Received header',
  mbox_from_line: 'mbox From_ line',
  imap_internal_date: 'IMAP INTERNALDATE',
  export_local_time: 'local time of the export',
  export_zoned_time: 'date of the export',
  none: 'no date found',
};

/** Replaces control characters so untrusted text cannot drive the terminal it is printed on. */
function printable(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    '\uFFFD',
  );
}

function collapse(text: string): string {
  return printable(text).replace(/\s+/g, ' ').trim();
}

function excerpt(text: string, max: number): string {
  const collapsed = collapse(text);

  return collapsed.length > max ? `${collapsed.slice(0, max - 3)}...` : collapsed;
}

function formatAddress(entry: MailAddress, mask: boolean): string {
  const address = entry.address && mask ? maskEmail(entry.address) : entry.address;
  const name = entry.name ? collapse(entry.name) : null;
  if (name && address) return `${name} <${collapse(address)}>`;

  return collapse(address ?? name ?? '');
}

function formatList(entries: MailAddress[], mask: boolean): string {
  return entries.length ? entries.map((entry) => formatAddress(entry, mask)).join(', ') : '-';
}

function formatFile(file: MailAttachment): string {
  const size = file.size === null ? 'size unknown' : `${file.size} bytes`;
  const hash = file.sha256 ? `, sha256 ${file.sha256}` : '';
  const omitted =
    file.contentOmittedReason && file.size !== null ? `, ${file.contentOmittedReason}` : '';

  return `${collapse(file.filename)} (${file.contentType}, ${size}${hash}${omitted})`;
}

function maskReason(reason: string, mask: boolean): string {
  return mask ? reason.replace(/[^\s,]+@[^\s,]+/g, (address) => maskEmail(address)) : reason;
}

function formatMatch(match: MatchResult, mask: boolean): string {
  if (match.status === 'matched') {
    const address = mask ? maskEmail(match.address) : match.address;

    return `partner ${match.partnerId}, site ${match.siteId} (by ${match.via} ${address})`;
  }
  if (match.status === 'ambiguous') {
    const candidates = match.candidates.map((c) => `${c.partnerId}/${c.siteId}`).join(', ');

    return `none: ambiguous, ${maskReason(match.reason, mask)}; candidates ${candidates}`;
  }
  const hints = match.domainHints.join(', ');
  const hint = hints ? `; domain hint (not linked): ${hints}` : '';

  return `none: ${maskReason(match.reason, mask)}${hint}`;
}

function formatEvent(event: CalendarEvent): string {
  const start = event.start?.toISOString() ?? 'unknown';
  const end = event.end?.toISOString() ?? 'unknown';

  return `${event.method ?? '-'} "${collapse(event.summary ?? '')}" ${start} to ${end}`;
}

function formatBounce(bounce: BounceAnalysis, mask: boolean): string {
  const failed = bounce.failedRecipients.map((address) => (mask ? maskEmail(address) : address));
  const sites = bounce.relatedSites.map(
    (site) => ` (partner ${site.partnerId}, site ${site.siteId})`,
  );

  return `${failed.join(', ') || '-'}${sites.join('')}`;
}

function taskLine(analysis: MessageAnalysis): string {
  if (analysis.taskExpected) return `would create a task (${analysis.direction})`;

  return `no task: ${analysis.classification.kind.replace('_', ' ')}`;
}

/**
 * Renders what a dry run prints for one message: sender, recipients, decoded subject, date and
 * its source, body excerpt, attachments with size and SHA-256, calendar events, classification
 * and the partner site it would match, or why not. The HTML body is never printed.
 */
export function describeMessage(
  message: ParsedMessage,
  analysis: MessageAnalysis,
  options: DescribeOptions = {},
): string {
  const mask = options.maskAddresses ?? false;
  const date = message.date ? message.date.toISOString() : 'unknown';
  const zone = message.dateZone ? ` in ${message.dateZone}` : '';
  const lines = [
    `From:           ${message.from ? formatAddress(message.from, mask) : '-'}`,
    `Reply-To:       ${formatList(message.replyTo, mask)}`,
    `To:             ${formatList(message.to, mask)}`,
    `Cc:             ${formatList(message.cc, mask)}`,
    `Subject:        ${collapse(message.subject) || '-'}`,
    `Date:           ${date} (${DATE_SOURCES[message.dateSource]}${zone})`,
    `Message-ID:     ${message.messageId ? collapse(message.messageId) : '-'}`,
    `Body:           ${excerpt(message.text, options.excerptChars ?? 200) || '-'}`,
    ...message.attachments.map((file) => `Attachment:     ${formatFile(file)}`),
    ...message.inlineImages.map((file) => `Inline image:   ${formatFile(file)}`),
    ...message.calendarEvents.map((event) => `Calendar:       ${formatEvent(event)}`),
    `Classification: ${analysis.classification.kind} (${analysis.classification.reason})`,
    `Partner:        ${formatMatch(analysis.match, mask)}`,
  ];
  if (analysis.bounce) lines.push(`Bounced:        ${formatBounce(analysis.bounce, mask)}`);
  lines.push(`Task:           ${taskLine(analysis)}`);
  lines.push(...message.warnings.map((warning) => `Warning:        ${collapse(warning)}`));
  if (options.label) lines.unshift(`Message ${collapse(options.label)} (${message.format})`);

  return lines.join('\n');
}
