import { minutesOf, WEEKDAYS, type WeeklyHours } from '../../../identity/src/index.js';

/** A half-open interval of instants in milliseconds since the epoch. */
export interface Interval {
  start: number;
  end: number;
}

export interface PanelistCalendar {
  timeZone: string;
  workingHours: WeeklyHours;
  /** Their scheduled interviews (any application) overlapping the window. */
  busy: Interval[];
}

export interface SlotQuery {
  /** No slot starts before this (now + the minimum notice, or the window's start if later). */
  notBefore: number;
  /** No slot ends after this (the window's end). */
  notAfter: number;
  durationMinutes: number;
  bufferMinutes: number;
  panel: PanelistCalendar[];
  /** The first slot starts on a multiple of this many minutes (UTC); slots follow each other at this step. */
  stepMinutes?: number;
  /** At most this many slots are answered (earliest first). */
  limit?: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a time zone. */
export function wallClock(instant: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute };
}

/** How far the zone's wall clock is ahead of UTC at the instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return asUtc - Math.floor(instant / MINUTE) * MINUTE;
}

/**
 * The instant a local date and minute of day names in a zone. Across a daylight-saving change the offset is taken
 * at the answer itself (a wall-clock time skipped in spring lands just after the gap; one repeated in autumn is the first).
 */
export function zonedInstant(year: number, month: number, day: number, minuteOfDay: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  const first = offsetAt(guess, timeZone);
  const instant = guess - first;
  const second = offsetAt(instant, timeZone);
  return second === first ? instant : guess - second;
}

/** One panelist's working time in the period, as sorted UTC intervals (each local day's ranges in their own zone). */
export function workingIntervals(hours: WeeklyHours, timeZone: string, from: number, to: number): Interval[] {
  const out: Interval[] = [];
  const first = wallClock(from, timeZone);
  // From the local day before `from` to the local day after `to`: ranges near midnight may cross the boundary in UTC.
  const startDay = Date.UTC(first.year, first.month - 1, first.day) - DAY;
  const days = Math.ceil((to - from) / DAY) + 3;
  for (let i = 0; i < days; i++) {
    const date = new Date(startDay + i * DAY);
    const weekday = WEEKDAYS[(date.getUTCDay() + 6) % 7];
    for (const range of hours[weekday] ?? []) {
      const y = date.getUTCFullYear();
      const m = date.getUTCMonth() + 1;
      const d = date.getUTCDate();
      const start = zonedInstant(y, m, d, minutesOf(range.from), timeZone);
      const end = zonedInstant(y, m, d, minutesOf(range.to), timeZone);
      const clipped = { start: Math.max(start, from), end: Math.min(end, to) };
      if (clipped.end > clipped.start) out.push(clipped);
    }
  }
  return merge(out);
}

/** Sorted, overlapping or touching intervals joined. */
export function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv.start <= last.end) last.end = Math.max(last.end, iv.end);
    else out.push({ ...iv });
  }
  return out;
}

/** `a` minus `b` (both sorted and merged). */
export function subtract(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const iv of a) {
    let start = iv.start;
    while (j < b.length && b[j].end <= start) j++;
    let k = j;
    while (k < b.length && b[k].start < iv.end) {
      if (b[k].start > start) out.push({ start, end: b[k].start });
      start = Math.max(start, b[k].end);
      k++;
    }
    if (start < iv.end) out.push({ start, end: iv.end });
  }
  return out;
}

/** Where `a` and `b` (both sorted and merged) overlap. */
export function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i].start, b[j].start);
    const end = Math.min(a[i].end, b[j].end);
    if (end > start) out.push({ start, end });
    if (a[i].end < b[j].end) i++;
    else j++;
  }
  return out;
}

/** Slot step: half hours, or quarter hours for interviews shorter than half an hour. */
export function defaultStep(durationMinutes: number): number {
  return durationMinutes < 30 ? 15 : 30;
}

/**
 * The start times at which every panelist is working for the whole interview and none is interviewing within the
 * buffer before or after it: working hours (each in their own zone) minus busy times widened by the buffer,
 * intersected across the panel, then cut into slots on the step grid. Linear in days × ranges + busy intervals.
 */
export function freeSlots(q: SlotQuery): Date[] {
  const step = (q.stepMinutes ?? defaultStep(q.durationMinutes)) * MINUTE;
  const duration = q.durationMinutes * MINUTE;
  const buffer = q.bufferMinutes * MINUTE;
  if (q.notAfter - q.notBefore < duration || q.panel.length === 0) return [];
  let free: Interval[] | null = null;
  for (const person of q.panel) {
    const working = workingIntervals(person.workingHours, person.timeZone, q.notBefore, q.notAfter);
    const busy = merge(person.busy.map((b) => ({ start: b.start - buffer, end: b.end + buffer })));
    const own = subtract(working, busy);
    free = free === null ? own : intersect(free, own);
    if (free.length === 0) return [];
  }
  const limit = q.limit ?? Number.POSITIVE_INFINITY;
  const slots: Date[] = [];
  for (const iv of free ?? []) {
    for (let t = Math.ceil(iv.start / step) * step; t + duration <= iv.end; t += step) {
      slots.push(new Date(t));
      if (slots.length >= limit) return slots;
    }
  }
  return slots;
}
