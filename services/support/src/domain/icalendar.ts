import { toInstant } from './business-time.js';

/**
 * iCalendar feeds (RFC 5545) of maintenance notices and sessions, for the towns' calendars.
 * Times are written in UTC so that no VTIMEZONE block is needed.
 */
export interface CalendarEntry {
  /** Stable and unique, e.g. `maintenance-m-1@digit.seineouest.fr`. */
  readonly uid: string;
  readonly start: string;
  readonly end: string;
  readonly summary: string;
  readonly description?: string;
  readonly cancelled?: boolean;
  /** When the entry was last recorded (DTSTAMP): taken from the events, never from a clock. */
  readonly stampedAt: string;
}

const utc = (instant: string): string => toInstant(instant).toString({ smallestUnit: 'second' }).replace(/[-:]/g, '');

const escapeText = (text: string): string => text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

const encoder = new TextEncoder();

/** Content lines are folded at 75 octets without splitting a character (RFC 5545 §3.1). */
const fold = (line: string): string => {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const character of line) {
    const size = encoder.encode(character).length;
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
};

export const toICalendar = (calendarName: string, entries: readonly CalendarEntry[]): string => {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//EPT GPSO//DIGIT support//FR',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendarName)}`,
    ...entries.flatMap((entry) => [
      'BEGIN:VEVENT',
      `UID:${entry.uid}`,
      `DTSTAMP:${utc(entry.stampedAt)}`,
      `DTSTART:${utc(entry.start)}`,
      `DTEND:${utc(entry.end)}`,
      `SUMMARY:${escapeText(entry.summary)}`,
      ...(entry.description === undefined ? [] : [`DESCRIPTION:${escapeText(entry.description)}`]),
      `STATUS:${entry.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
};
