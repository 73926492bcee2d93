/**
 * iCalendar (RFC 5545) rendering of one interview: CRLF line endings, lines folded at 75 octets,
 * times in UTC. Every value comes from people (candidate and user names, job titles, locations)
 * and is rendered so it can only ever be the value it is meant to be:
 * - control characters (C0 including CR and LF, DEL, C1, U+2028/2029) are removed from every value,
 *   so no value can end its content line and start a property of its own (`ATTENDEE`, `X-…`);
 * - TEXT values escape `\`, `;` and `,` (RFC 5545 §3.3.11); line breaks exist only where this
 *   renderer puts them (the description's lines), written as `\n`;
 * - parameter values (`CN`) are quoted and encode `^` and `"` as RFC 6868 says (`^^`, `^'`);
 * - URI values (`URL`, `mailto:`) are written as they are, without control characters.
 *
 * ical-generator was considered and not used: it escapes a `"` inside a quoted parameter with a
 * backslash, which RFC 5545 does not define (the quote still ends the value for other parsers),
 * and it escapes URI values as text (`URL;VALUE=URI:…\,…`).
 */
export interface CalendarEvent {
  uid: string;
  sequence: number;
  stamp: Date;
  start: Date;
  end: Date;
  summary: string;
  /** The description's lines (each one plain text; the renderer joins them). */
  description: string[];
  location: string | null;
  url: string | null;
  cancelled: boolean;
  attendees: Array<{ name: string; email: string }>;
  /** `REQUEST`: an invitation mailed to its attendees (RFC 5546; `CANCEL` when cancelled). Default `PUBLISH` (a download). */
  method?: 'PUBLISH' | 'REQUEST';
  /** The organizer an invitation names (RFC 5546 requires one for REQUEST and CANCEL). */
  organizer?: { name: string; email: string };
}

// eslint-disable-next-line no-control-regex -- control characters are what this pattern removes from calendar text
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** A value without control characters: each run of them becomes one space (a name on two lines reads as one). */
export function withoutControls(value: string): string {
  return value.replace(CONTROL_CHARACTERS, ' ').trim();
}

export function icsDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** A TEXT value (RFC 5545 §3.3.11): control characters removed, `\ ; ,` escaped. */
export function icsText(value: string): string {
  return withoutControls(value).replace(/[\\;,]/g, (c) => `\\${c}`);
}

/** A quoted parameter value (RFC 5545 §3.2, RFC 6868): control characters removed, `^` and `"` encoded. */
export function icsParam(value: string): string {
  return `"${withoutControls(value).replace(/\^/g, '^^').replace(/"/g, "^'")}"`;
}

/** A URI value: written as is, without control characters or spaces (which no URI has). */
export function icsUri(value: string): string {
  return value.replace(CONTROL_CHARACTERS, '').replace(/ /g, '%20');
}

/** Folds a content line at 75 octets (continuation lines start with one space), never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = out.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

export function renderCalendar(event: CalendarEvent): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Hireloop//Interviews//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${event.cancelled ? 'CANCEL' : (event.method ?? 'PUBLISH')}`,
    'BEGIN:VEVENT',
    `UID:${icsText(event.uid)}`,
    `SEQUENCE:${Math.trunc(event.sequence)}`,
    `DTSTAMP:${icsDate(event.stamp)}`,
    `DTSTART:${icsDate(event.start)}`,
    `DTEND:${icsDate(event.end)}`,
    `SUMMARY:${icsText(event.summary)}`,
    `DESCRIPTION:${event.description.map(icsText).join('\\n')}`,
    ...(event.location ? [`LOCATION:${icsText(event.location)}`] : []),
    ...(event.url ? [`URL:${icsUri(event.url)}`] : []),
    `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    ...(event.organizer ? [`ORGANIZER;CN=${icsParam(event.organizer.name)}:mailto:${icsUri(event.organizer.email)}`] : []),
    ...event.attendees.map((a) => `ATTENDEE;CN=${icsParam(a.name)};ROLE=REQ-PARTICIPANT:mailto:${icsUri(a.email)}`),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
