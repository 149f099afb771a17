import { maskEmail } from '../logger.js';
import type { MessageAnalysis } from './analyze/analyze-message.js';
import type { MatchResult } from './analyze/match.js';
import type { MailAddress, MailAttachment, ParsedMessage } from './types.js';

export interface DescribeOptions {
  /** Label printed first, such as `inbox.mbox#2`. */
  label?: string;
  /** Print addresses as `r***@domain`, for output that may end up in logs. Default false. */
  maskAddresses?: boolean;
  /** Longest body excerpt, in characters. Default 200. */
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

function formatMatch(match: MatchResult, mask: boolean): string {
  const show = (address: string) => (mask ? maskEmail(address) : address);
  switch (match.status) {
    case 'matched':
      return `partner ${match.partnerId}, site ${match.siteId} (by ${match.via} ${show(match.address)})`;
    case 'ambiguous':
      return `none: ambiguous, ${match.reason}; candidates ${match.candidates.map((c) => `${c.partnerId}/${c.siteId}`).join(', ')}`;
    case 'unmatched': {
      const hint = match.domainHints.length
        ? `; domain hint (not linked): ${match.domainHints.join(', ')}`
        : '';

      return `none: ${mask ? match.reason.replace(/[^\s,]+@[^\s,]+/g, (a) => maskEmail(a)) : match.reason}${hint}`;
    }
  }
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
    ...(options.label ? [`Message ${collapse(options.label)} (${message.format})`] : []),
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
    ...message.calendarEvents.map(
      (event) =>
        `Calendar:       ${event.method ?? '-'} "${collapse(event.summary ?? '')}" ${event.start?.toISOString() ?? '?'} to ${event.end?.toISOString() ?? '?'}`,
    ),
    `Classification: ${analysis.classification.kind} (${analysis.classification.reason})`,
    `Partner:        ${formatMatch(analysis.match, mask)}`,
    ...(analysis.bounce
      ? [
          `Bounced:        ${analysis.bounce.failedRecipients.map((a) => (mask ? maskEmail(a) : a)).join(', ') || '-'}${analysis.bounce.relatedSites.map((s) => ` (partner ${s.partnerId}, site ${s.siteId})`).join('')}`,
        ]
      : []),
    `Task:           ${taskLine(analysis)}`,
    ...message.warnings.map((warning) => `Warning:        ${collapse(warning)}`),
  ];

  return lines.join('\n');
}
