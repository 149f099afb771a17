import { DateTime } from 'luxon';
import type { CalendarEvent } from '../types.js';
import { resolveLocalTime } from './dates.js';

/** Largest iCalendar text that is read; larger objects are skipped. */
const MAX_CALENDAR_CHARS = 1_000_000;

// Windows zone names Outlook writes in TZID, mapped to IANA zones for this region.
const WINDOWS_ZONES: Record<string, string> = {
  'GTB Standard Time': 'Europe/Bucharest',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'FLE Standard Time': 'Europe/Kiev',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central European Standard Time': 'Europe/Warsaw',
  'GMT Standard Time': 'Europe/London',
  UTC: 'UTC',
};

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}

function unfold(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]/g, '')
    .split('\n');
}

function parseProperty(line: string): Property | null {
  const match = /^([A-Za-z0-9-]+)((?:;[^:;]+=(?:"[^"]*"|[^:;"]*))*):(.*)$/.exec(line);
  if (!match) return null;

  const params: Record<string, string> = {};
  for (const param of match[2]!.matchAll(/;([^=;]+)=("[^"]*"|[^:;"]*)/g)) {
    params[param[1]!.toUpperCase()] = param[2]!.replace(/^"|"$/g, '');
  }

  return { name: match[1]!.toUpperCase(), params, value: match[3]! };
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, char: string) => (/n/i.test(char) ? '\n' : char));
}

/**
 * Converts a DATE or DATE-TIME value to an instant: `...Z` is UTC, a TZID is read in that zone
 * (IANA or a known Windows name), and a floating time or a whole-day DATE in `defaultZone`.
 */
function parseCalendarTime(property: Property, defaultZone: string): Date | null {
  const value = property.value.trim();
  const tzid = property.params.TZID;
  const zone = tzid ? (WINDOWS_ZONES[tzid] ?? tzid) : defaultZone;

  if (/^\d{8}$/.test(value)) {
    return resolveLocalTime(DateTime.fromFormat(value, 'yyyyMMdd', { zone })).toJSDate();
  }
  const match = /^(\d{8}T\d{6})(Z?)$/.exec(value);
  if (!match) return null;

  const utc = match[2] === 'Z';
  const parsed = DateTime.fromFormat(match[1]!, "yyyyMMdd'T'HHmmss", { zone: utc ? 'utc' : zone });
  const resolved = utc ? parsed : resolveLocalTime(parsed);

  return resolved.isValid ? resolved.toJSDate() : null;
}

/**
 * Reads the VEVENTs of an iCalendar object (RFC 5545): METHOD, UID, SUMMARY, DTSTART, DTEND and
 * ORGANIZER. Properties of nested components such as VALARM are skipped.
 */
export function parseCalendar(text: string, defaultZone: string): CalendarEvent[] {
  if (text.length > MAX_CALENDAR_CHARS) return [];

  const events: CalendarEvent[] = [];
  const stack: string[] = [];
  let method: string | null = null;
  let event: CalendarEvent | null = null;

  for (const line of unfold(text)) {
    const property = parseProperty(line);
    if (!property) continue;

    if (property.name === 'BEGIN') {
      stack.push(property.value.toUpperCase());
      if (stack.at(-1) === 'VEVENT') event = emptyEvent(method);
    } else if (property.name === 'END') {
      if (stack.pop() === 'VEVENT' && event) events.push(event);
    } else if (stack.at(-1) === 'VCALENDAR' && property.name === 'METHOD') {
      method = property.value.trim().toUpperCase();
    } else if (stack.at(-1) === 'VEVENT' && event) {
      applyEventProperty(event, property, defaultZone);
    }
  }

  return events.map((found) => ({ ...found, method: found.method ?? method }));
}

function emptyEvent(method: string | null): CalendarEvent {
  return { method, uid: null, summary: null, start: null, end: null, organizer: null };
}

function applyEventProperty(event: CalendarEvent, property: Property, defaultZone: string): void {
  switch (property.name) {
    case 'UID':
      event.uid = property.value.trim();
      break;
    case 'SUMMARY':
      event.summary = unescapeText(property.value);
      break;
    case 'DTSTART':
      event.start = parseCalendarTime(property, defaultZone);
      break;
    case 'DTEND':
      event.end = parseCalendarTime(property, defaultZone);
      break;
    case 'ORGANIZER':
      event.organizer = property.value.replace(/^mailto:/i, '').trim() || null;
      break;
  }
}
