import { DEFAULT_WORKING_HOURS, type WeeklyHours } from '../../../identity/src/index.js';
import { freeSlots, zonedInstant } from '../scheduling/slots.js';

const at = (iso: string) => new Date(iso).getTime();
const iso = (d: Date) => d.toISOString();

describe('free slots from working hours in each interviewer’s own zone', () => {
  it('follows Berlin’s clocks across the spring change: 09:00 local is 08:00Z before 28 March 2027 and 07:00Z after', () => {
    const slots = freeSlots({
      notBefore: at('2027-03-25T00:00:00Z'),
      notAfter: at('2027-03-31T00:00:00Z'),
      durationMinutes: 60,
      bufferMinutes: 0,
      panel: [{ timeZone: 'Europe/Berlin', workingHours: DEFAULT_WORKING_HOURS, busy: [] }],
    }).map(iso);
    expect(slots[0]).toBe('2027-03-25T08:00:00.000Z');
    expect(slots).toContain('2027-03-26T15:00:00.000Z'); // Friday 16:00 CET, the last hour
    expect(slots).not.toContain('2027-03-26T16:00:00.000Z');
    expect(slots.filter((s) => s.startsWith('2027-03-27') || s.startsWith('2027-03-28'))).toEqual([]); // the weekend
    expect(slots.find((s) => s.startsWith('2027-03-29'))).toBe('2027-03-29T07:00:00.000Z'); // Monday 09:00 CEST
    expect(slots.filter((s) => s.startsWith('2027-03-29'))).toHaveLength(15); // 09:00 … 16:00 every half hour
  });

  it('follows the autumn change too, and keeps only the hours both panelists share', () => {
    const newYork: WeeklyHours = { ...DEFAULT_WORKING_HOURS, mon: [{ from: '08:00', to: '12:00' }] };
    const slots = freeSlots({
      notBefore: at('2027-11-01T00:00:00Z'),
      notAfter: at('2027-11-09T00:00:00Z'),
      durationMinutes: 30,
      bufferMinutes: 0,
      panel: [
        { timeZone: 'Europe/Berlin', workingHours: DEFAULT_WORKING_HOURS, busy: [] },
        { timeZone: 'America/New_York', workingHours: newYork, busy: [] },
      ],
    }).map(iso);
    // Monday 1 Nov: Berlin is on CET (UTC+1, until 16:00Z), New York still on EDT (08:00 = 12:00Z).
    expect(slots.filter((s) => s.startsWith('2027-11-01'))).toEqual([
      '2027-11-01T12:00:00.000Z',
      '2027-11-01T12:30:00.000Z',
      '2027-11-01T13:00:00.000Z',
      '2027-11-01T13:30:00.000Z',
      '2027-11-01T14:00:00.000Z',
      '2027-11-01T14:30:00.000Z',
      '2027-11-01T15:00:00.000Z',
      '2027-11-01T15:30:00.000Z',
    ]);
    // Monday 8 Nov: New York on EST (08:00 = 13:00Z).
    expect(slots.filter((s) => s.startsWith('2027-11-08'))[0]).toBe('2027-11-08T13:00:00.000Z');
  });

  it('leaves out booked interviews widened by the buffer', () => {
    const slots = freeSlots({
      notBefore: at('2027-01-04T00:00:00Z'),
      notAfter: at('2027-01-05T00:00:00Z'),
      durationMinutes: 60,
      bufferMinutes: 15,
      panel: [{ timeZone: 'UTC', workingHours: DEFAULT_WORKING_HOURS, busy: [{ start: at('2027-01-04T11:00:00Z'), end: at('2027-01-04T12:00:00Z') }] }],
    }).map(iso);
    // Free 09:00–10:45 and 12:15–17:00: 09:00, 09:30 fit before; 12:30 … 16:00 after.
    expect(slots).toEqual([
      '2027-01-04T09:00:00.000Z',
      '2027-01-04T09:30:00.000Z',
      '2027-01-04T12:30:00.000Z',
      '2027-01-04T13:00:00.000Z',
      '2027-01-04T13:30:00.000Z',
      '2027-01-04T14:00:00.000Z',
      '2027-01-04T14:30:00.000Z',
      '2027-01-04T15:00:00.000Z',
      '2027-01-04T15:30:00.000Z',
      '2027-01-04T16:00:00.000Z',
    ]);
  });

  it('names the instant of a local time on both sides of a change', () => {
    expect(new Date(zonedInstant(2027, 3, 26, 9 * 60, 'Europe/Berlin')).toISOString()).toBe('2027-03-26T08:00:00.000Z');
    expect(new Date(zonedInstant(2027, 3, 29, 9 * 60, 'Europe/Berlin')).toISOString()).toBe('2027-03-29T07:00:00.000Z');
    expect(new Date(zonedInstant(2027, 11, 8, 8 * 60, 'America/New_York')).toISOString()).toBe('2027-11-08T13:00:00.000Z');
  });
});
