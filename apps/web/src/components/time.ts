/** Times as the viewer reads them: in their own time zone, with the zone named. */

/** The viewer's IANA time zone, e.g. "Europe/Berlin". */
export const viewerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** "2 Dec 2026, 14:00 CET" in the viewer's zone. */
export function fmtWhen(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}

/** "14:00" in the viewer's zone. */
export const fmtClock = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

/** A start and end: "2 Dec 2026, 14:00 CET – 15:00". */
export const fmtSpan = (startsAt: string, endsAt: string) => `${fmtWhen(startsAt)} – ${fmtClock(endsAt)}`;

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar day (YYYY-MM-DD) and time (HH:MM) of an instant, for date and time inputs. */
export function localParts(iso: string): { date: string; time: string } {
  const d = new Date(iso);
  return { date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, time: `${pad(d.getHours())}:${pad(d.getMinutes())}` };
}

/** The instant a local day and time name, in the viewer's zone; null when either is missing or not valid. */
export function fromLocal(date: string, time: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const d = new Date(`${date}T${time}:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Midnight of a local day and the next midnight, as ISO instants (the busy read's window). */
export function dayWindow(date: string): { from: string; to: string } | null {
  const start = fromLocal(date, '00:00');
  if (!start) return null;
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return { from: start.toISOString(), to: end.toISOString() };
}
