import type { CalendarEvent, DeliveryStatusRecipient, MailAttachment } from '../types.js';
import { parseCalendar } from './calendar.js';
import { decodeBytes } from './charset.js';
import type { RawPart } from './collect-mime.js';
import { parseDeliveryStatus } from './delivery-status.js';
import { fallbackFilename, sanitizeFilename } from './filename.js';

const REPORT_TYPES = new Set([
  'message/delivery-status',
  'message/global-delivery-status',
  'text/rfc822-headers',
]);
const MESSAGE_TYPES = new Set(['message/rfc822', 'message/global']);

/** A message/rfc822 part still to be parsed, with the role it plays in its parent. */
export interface EmbeddedPart {
  role: 'inline' | 'attachment' | 'report';
  part: RawPart;
}

export interface SortedParts {
  attachments: MailAttachment[];
  inlineImages: MailAttachment[];
  calendarEvents: CalendarEvent[];
  embedded: EmbeddedPart[];
  deliveryStatus: DeliveryStatusRecipient[];
}

function toAttachment(part: RawPart, position: number): MailAttachment {
  return {
    filename: sanitizeFilename(part.filename, fallbackFilename(part.contentType, position)),
    originalFilename: part.filename,
    contentType: part.contentType,
    contentId: part.contentId,
    size: part.size,
    sha256: part.sha256,
    content: part.content,
    contentOmittedReason: part.contentOmittedReason,
  };
}

function isCalendarPart(part: RawPart): boolean {
  return (
    part.contentType === 'text/calendar' ||
    part.contentType === 'application/ics' ||
    /\.ics$/i.test(part.filename ?? '')
  );
}

function safeDecodeUri(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function referencedCids(html: string | null): Set<string> {
  const cids = new Set<string>();
  for (const match of (html ?? '').matchAll(/\bcid:([^'"\s)>]{1,256})/gi)) {
    cids.add(safeDecodeUri(match[1]!).toLowerCase());
  }

  return cids;
}

function calendarEventsOf(part: RawPart, zone: string): CalendarEvent[] {
  if (!part.content) return [];

  return parseCalendar(decodeBytes(part.content, part.charset ?? 'utf-8'), zone);
}

/**
 * Sorts the non-text parts of a message: report parts of a bounce, embedded messages, the
 * nameless text/calendar alternative (an event, not a file), images the HTML references by
 * `cid:` (inline images), and task attachments (everything else). Calendar events from a
 * text/calendar part and an .ics copy of it are listed once per UID.
 */
export function sortParts(
  parts: RawPart[],
  context: { html: string | null; isReport: boolean; zone: string },
): SortedParts {
  const sorted: SortedParts = {
    attachments: [],
    inlineImages: [],
    calendarEvents: [],
    embedded: [],
    deliveryStatus: [],
  };
  const cids = referencedCids(context.html);

  for (const part of parts) {
    if (isCalendarPart(part))
      addEvents(sorted.calendarEvents, calendarEventsOf(part, context.zone));
    if (part.contentType.endsWith('delivery-status') && part.content) {
      sorted.deliveryStatus.push(...parseDeliveryStatus(decodeBytes(part.content, part.charset)));
    }

    const named = part.filename !== null || part.disposition === 'attachment';
    if (REPORT_TYPES.has(part.contentType)) {
      if (part.contentType === 'text/rfc822-headers')
        sorted.embedded.push({ role: 'report', part });
    } else if (MESSAGE_TYPES.has(part.contentType)) {
      let role: EmbeddedPart['role'] = named ? 'attachment' : 'inline';
      if (context.isReport) role = 'report';
      sorted.embedded.push({ role, part });
      if (role === 'attachment')
        sorted.attachments.push(toAttachment(part, sorted.attachments.length + 1));
    } else if (part.contentType === 'text/calendar' && !named) {
      continue;
    } else if (part.contentId && cids.has(part.contentId.toLowerCase())) {
      sorted.inlineImages.push(toAttachment(part, sorted.inlineImages.length + 1));
    } else {
      sorted.attachments.push(toAttachment(part, sorted.attachments.length + 1));
    }
  }

  return sorted;
}

function addEvents(target: CalendarEvent[], events: CalendarEvent[]): void {
  for (const event of events) {
    const duplicate = target.some((known) => event.uid !== null && known.uid === event.uid);
    if (!duplicate) target.push(event);
  }
}
