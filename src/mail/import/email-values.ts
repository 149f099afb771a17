import type { MessageAnalysis } from '../analyze/analyze-message.js';
import type { MatchResult } from '../analyze/match.js';
import type { MailAddress, MailAttachment, ParsedMessage } from '../types.js';
import type {
  AttachmentSummary,
  BounceSummary,
  CalendarSummary,
  importedEmails,
  StoredAddress,
} from './tables.js';

export type EmailValues = Omit<
  typeof importedEmails.$inferInsert,
  'id' | 'status' | 'sourceKind' | 'sourceKey' | 'importedAt'
>;

/** Maximum length of the body excerpt kept beside the full text, in characters. */
export const EXCERPT_CHARS = 280;

const NAME_ONLY = 'the export lists the file name only';

function toStored(entries: MailAddress[]): StoredAddress[] {
  return entries.map((entry) => ({ address: entry.address, name: entry.name }));
}

/** Collapses whitespace and cuts the text to `EXCERPT_CHARS`, ending with an ellipsis. */
export function excerptOf(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();

  return collapsed.length > EXCERPT_CHARS ? `${collapsed.slice(0, EXCERPT_CHARS - 1)}…` : collapsed;
}

/** Returns whether an attachment's bytes can be stored, or why not. */
export function storableContent(file: MailAttachment, maxBytes: number) {
  if (!file.content) return { content: null, reason: file.contentOmittedReason ?? NAME_ONLY };
  if (file.content.length > maxBytes) {
    const reason = `larger than the ${maxBytes}-byte limit of the file store`;

    return { content: null, reason };
  }

  return { content: file.content, reason: null };
}

function summarizeAttachment(file: MailAttachment, maxBytes: number): AttachmentSummary {
  const { content, reason } = storableContent(file, maxBytes);

  return {
    filename: file.filename,
    contentType: file.contentType,
    size: file.size,
    sha256: file.sha256,
    stored: content !== null,
    omittedReason: reason,
  };
}

function summarizeCalendar(message: ParsedMessage): CalendarSummary | null {
  const event = message.calendarEvents[0];
  if (!event) return null;

  return {
    method: event.method,
    uid: event.uid,
    summary: event.summary,
    start: event.start?.toISOString() ?? null,
    end: event.end?.toISOString() ?? null,
    organizer: event.organizer,
  };
}

function summarizeBounce(analysis: MessageAnalysis): BounceSummary | null {
  const bounce = analysis.bounce;
  if (!bounce) return null;

  return {
    failedRecipients: bounce.failedRecipients,
    status: bounce.recipients.find((recipient) => recipient.status)?.status ?? null,
    originalMessageId: bounce.originalMessageId,
    originalSubject: bounce.originalSubject,
    relatedSites: bounce.relatedSites,
  };
}

function matchValues(match: MatchResult) {
  switch (match.status) {
    case 'matched':
      return {
        partnerId: match.partnerId,
        siteId: match.siteId,
        matchedVia: match.via,
        matchDetail: `${match.via} address matched a site of the partner`,
        matchCandidates: [],
      };
    case 'ambiguous':
      return {
        matchedVia: match.via,
        matchDetail: match.reason,
        matchCandidates: match.candidates,
      };
    case 'unmatched':
      return { matchDetail: match.reason, matchCandidates: [] };
  }
}

/**
 * Builds the stored columns of a parsed message from the message and its analysis.
 * `maxStoredBytes` is the file store's limit, past which an attachment is listed but not kept.
 */
export function toEmailValues(
  message: ParsedMessage,
  analysis: MessageAnalysis,
  maxStoredBytes: number,
): EmailValues {
  return {
    messageId: message.messageId,
    dedupeKey: analysis.dedupe.key,
    fingerprint: analysis.dedupe.fingerprint,
    direction: analysis.direction === 'outgoing' ? 'OUTGOING' : 'INCOMING',
    fromAddress: message.from?.address ?? null,
    fromName: message.from?.name ?? null,
    toAddresses: toStored(message.to),
    ccAddresses: toStored(message.cc),
    replyToAddresses: toStored(message.replyTo),
    subject: message.subject,
    sentAt: message.date,
    dateSource: message.dateSource,
    bodyExcerpt: excerptOf(message.text),
    bodyText: message.text,
    classification: analysis.classification.kind.toUpperCase() as EmailValues['classification'],
    classificationReason: analysis.classification.reason,
    ...matchValues(analysis.match),
    inReplyTo: message.inReplyTo,
    references: message.references,
    threadRootId: analysis.threadRootId,
    attachments: message.attachments.map((file) => summarizeAttachment(file, maxStoredBytes)),
    calendar: summarizeCalendar(message),
    bounce: summarizeBounce(analysis),
    warnings: message.warnings,
  };
}
