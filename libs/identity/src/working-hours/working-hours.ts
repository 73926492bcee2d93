/** A user's weekly working hours: per weekday, ranges of local wall-clock time ("09:00"–"17:00") in their time zone. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface TimeRange {
  from: string;
  to: string;
}

export type WeeklyHours = Record<Weekday, TimeRange[]>;

/** At most this many ranges a day (a split day with lunch, an evening shift…). */
export const MAX_RANGES_PER_DAY = 4;

/** Without hours of their own a user works Monday to Friday, 09:00–17:00. */
export const DEFAULT_WORKING_HOURS: WeeklyHours = {
  mon: [{ from: '09:00', to: '17:00' }],
  tue: [{ from: '09:00', to: '17:00' }],
  wed: [{ from: '09:00', to: '17:00' }],
  thu: [{ from: '09:00', to: '17:00' }],
  fri: [{ from: '09:00', to: '17:00' }],
  sat: [],
  sun: [],
};

/** The organization has no time zone setting yet: a user without their own is on UTC. */
export const DEFAULT_TIME_ZONE = 'UTC';

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const ZONE = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

/** The canonical IANA name of a time zone Intl knows, or null (bounded and shape-checked before Intl sees it). */
export function canonicalTimeZone(value: unknown): string | null {
  if (typeof value !== 'string' || !ZONE.test(value)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Minutes since midnight of "HH:MM" (24:00 = 1440). */
export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/**
 * Checks weekly hours strictly: an object with only weekday keys, each a list of at most four ranges "HH:MM"–"HH:MM"
 * that end after they start, in order and not overlapping. Answers the problems as field/message pairs (empty when valid).
 */
export function workingHoursProblems(value: unknown, field = 'workingHours'): Array<{ field: string; message: string }> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ field, message: 'Give the hours of each weekday.' }];
  const problems: Array<{ field: string; message: string }> = [];
  for (const key of Object.keys(value)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) problems.push({ field: `${field}.${key.slice(0, 20)}`, message: 'Not a weekday.' });
  }
  for (const day of WEEKDAYS) {
    const ranges = (value as Record<string, unknown>)[day];
    if (ranges === undefined) continue;
    if (!Array.isArray(ranges)) {
      problems.push({ field: `${field}.${day}`, message: 'Give a list of time ranges.' });
      continue;
    }
    if (ranges.length > MAX_RANGES_PER_DAY) {
      problems.push({ field: `${field}.${day}`, message: `Give at most ${MAX_RANGES_PER_DAY} time ranges a day.` });
      continue;
    }
    let previousEnd = -1;
    ranges.forEach((range: unknown, i) => {
      const at = `${field}.${day}.${i}`;
      const r = range as Record<string, unknown> | null;
      if (typeof r !== 'object' || r === null || Object.keys(r).some((k) => k !== 'from' && k !== 'to')) {
        problems.push({ field: at, message: 'Give a start and an end time.' });
        return;
      }
      if (typeof r.from !== 'string' || !TIME.test(r.from) || r.from === '24:00') {
        problems.push({ field: `${at}.from`, message: 'Write the start as hours and minutes, like 09:00.' });
        return;
      }
      if (typeof r.to !== 'string' || !TIME.test(r.to)) {
        problems.push({ field: `${at}.to`, message: 'Write the end as hours and minutes, like 17:00.' });
        return;
      }
      const from = minutesOf(r.from);
      const to = minutesOf(r.to);
      if (to <= from) problems.push({ field: `${at}.to`, message: 'The end must be after the start.' });
      else if (from < previousEnd) problems.push({ field: `${at}.from`, message: 'Ranges of a day must be in order and must not overlap.' });
      previousEnd = Math.max(previousEnd, to);
    });
  }
  return problems;
}

/** Valid hours with every weekday present (missing days are days off). */
export function normaliseWorkingHours(value: Partial<Record<Weekday, TimeRange[]>>): WeeklyHours {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, (value[day] ?? []).map((r) => ({ from: r.from, to: r.to }))])) as WeeklyHours;
}
