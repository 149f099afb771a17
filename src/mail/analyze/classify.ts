import type { DeliveryStatusRecipient, ParsedMessage } from '../types.js';
import { normalizeAddress, normalizeRomanian } from './normalize.js';

export type MessageKind = 'bounce' | 'auto_reply' | 'calendar_invite' | 'normal';

export interface Classification {
  kind: MessageKind;
  /** The rule that decided, such as `Auto-Submitted: auto-replied`. */
  reason: string;
}

/** The failed recipients and the returned message named by a bounce. */
export interface BounceReport {
  failedRecipients: string[];
  recipients: DeliveryStatusRecipient[];
  originalMessageId: string | null;
  originalSubject: string | null;
}

// Weaker signal than the headers: subject prefixes of out-of-office replies (English, Romanian).
const AUTO_REPLY_SUBJECT = /^\s*(?:automatic reply|răspuns automat|out of office)\s*:/i;
const BOUNCE_SENDER = /^(?:mailer-daemon|postmaster)$/i;

function header(message: ParsedMessage, name: string): string | null {
  return message.headers[name]?.[0] ?? null;
}

function bounceRule(message: ParsedMessage): string | null {
  const contentType = header(message, 'content-type') ?? '';
  if (
    /^multipart\/report\b/i.test(contentType) &&
    /report-type\s*=\s*"?delivery-status"?/i.test(contentType)
  ) {
    return 'multipart/report with report-type=delivery-status';
  }

  const localPart = normalizeAddress(message.from?.address)?.split('@')[0] ?? '';
  const returnPath = header(message, 'return-path');
  if (BOUNCE_SENDER.test(localPart) && returnPath !== null && /^<?\s*>?$/.test(returnPath)) {
    return `From ${localPart.toUpperCase()} with an empty Return-Path`;
  }

  return null;
}

function autoReplyRule(message: ParsedMessage): string | null {
  const autoSubmitted = header(message, 'auto-submitted');
  const token = autoSubmitted?.split(/[;(\s]/)[0]?.toLowerCase();
  if (autoSubmitted !== null && token !== 'no') return `Auto-Submitted: ${autoSubmitted}`;
  if (header(message, 'x-autoreply') !== null) return 'X-Autoreply header';
  if (header(message, 'x-autorespond') !== null) return 'X-Autorespond header';
  if (/^auto_reply$/i.test(header(message, 'precedence')?.trim() ?? '')) {
    return 'Precedence: auto_reply';
  }
  if (AUTO_REPLY_SUBJECT.test(normalizeRomanian(message.subject))) {
    return 'subject starts with an automatic-reply prefix';
  }

  return null;
}

function calendarRule(message: ParsedMessage): string | null {
  if (message.calendarEvents.length) return 'text/calendar part or .ics attachment';

  const ics = message.attachments.find(
    (file) => /calendar|ics/.test(file.contentType) || /\.ics$/i.test(file.filename),
  );

  return ics ? `calendar attachment ${ics.filename}` : null;
}

/**
 * Classifies a message, strongest rule first. A bounce is a delivery status report, or mail from
 * MAILER-DAEMON or postmaster with an empty Return-Path. An automatic reply has Auto-Submitted
 * other than `no`, X-Autoreply, X-Autorespond or Precedence: auto_reply, or else a subject prefix.
 * A calendar invite has a text/calendar part or an .ics attachment. Anything else is normal.
 */
export function classifyMessage(message: ParsedMessage): Classification {
  const bounce = bounceRule(message);
  if (bounce) return { kind: 'bounce', reason: bounce };

  const autoReply = autoReplyRule(message);
  if (autoReply) return { kind: 'auto_reply', reason: autoReply };

  const calendar = calendarRule(message);
  if (calendar) return { kind: 'calendar_invite', reason: calendar };

  return { kind: 'normal', reason: 'no bounce, automatic-reply or calendar signal' };
}

/**
 * Reads what a bounce reports: recipients whose delivery failed (delivery status `failed` or a
 * 5.x.x status, else the X-Failed-Recipients header) and the returned message's id and subject.
 */
export function readBounceReport(message: ParsedMessage): BounceReport {
  const failed = message.deliveryStatus
    .filter((recipient) => recipient.action === 'failed' || recipient.status?.startsWith('5'))
    .map((recipient) => recipient.address);
  const fromHeader = (message.headers['x-failed-recipients'] ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  const original = message.nestedMessages.find((nested) => nested.role === 'report')?.message;

  return {
    failedRecipients: failed.length ? failed : fromHeader,
    recipients: message.deliveryStatus,
    originalMessageId: original?.messageId ?? null,
    originalSubject: original ? original.subject : null,
  };
}
