import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { json, setApi } from '../test/setup';
import { renderWithProviders } from '../test/render';
import { ScheduleInterviewForm } from './ScheduleInterviewForm';
import { localParts } from './time';

const ANN = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';
const startsAt = new Date(Date.UTC(2030, 5, 3, 12, 0)).toISOString();
const interview = {
  id: 'iv1',
  applicationId: 'a1',
  candidate: { id: 'c1', name: 'Grace Tester' },
  job: { id: 'j1', title: 'Backend Engineer' },
  stage: { id: 's1', name: 'Technical interview' },
  kit: null,
  startsAt,
  endsAt: new Date(Date.parse(startsAt) + 3600_000).toISOString(),
  durationMinutes: 60,
  location: null,
  videoUrl: 'https://meet.example.test/abc',
  status: 'scheduled' as const,
  cancelReason: null,
  interviewers: [
    { id: ANN, name: 'Ann Panel' },
    { id: BOB, name: 'Bob Panel' },
  ],
  myScorecard: null,
  version: 3,
  createdAt: startsAt,
};

function api(over: (req: Request, url: URL) => Response | undefined = () => undefined) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  setApi(async (req) => {
    const url = new URL(req.url);
    const body: unknown = req.method === 'GET' ? undefined : await req.clone().json();
    calls.push({ method: req.method, path: url.pathname + url.search, body });
    const answer = over(req, url);
    if (answer) return answer;
    if (url.pathname === '/v1/users')
      return json({
        data: [
          { id: ANN, name: 'Ann Panel' },
          { id: BOB, name: 'Bob Panel' },
        ],
        nextCursor: null,
      });
    if (url.pathname === '/v1/interview-kits') return json({ data: [], nextCursor: null });
    if (url.pathname === '/v1/interviews/busy')
      return json({
        from: startsAt,
        to: startsAt,
        data: [
          {
            interviewerId: ANN,
            name: 'Ann Panel',
            interviews: [{ interviewId: 'other', startsAt, endsAt: new Date(Date.parse(startsAt) + 1800_000).toISOString() }],
          },
          { interviewerId: BOB, name: 'Bob Panel', interviews: [] },
        ],
      });
    if (url.pathname === '/v1/interviews/iv1' && req.method === 'PATCH') return json({ ...interview, version: 4 });
    return json({ title: 'Not found' }, 404);
  });
  return calls;
}

describe('ScheduleInterviewForm', () => {
  it("shows each chosen interviewer's other interviews that day, and who is busy at the chosen time", async () => {
    api();
    renderWithProviders(<ScheduleInterviewForm applicationId="a1" jobId="j1" interview={interview} onDone={() => undefined} />);
    const rows = await screen.findAllByTestId('busy-row');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toMatch(/Ann Panel:.*busy at the time you chose/);
    expect(rows[1].textContent).toMatch(/Bob Panel: no other interview that day/);
    expect(screen.getByText(/Your time zone:/)).toBeTruthy();
  });

  it('reschedules with the version read and the time as an instant of the viewer’s zone', async () => {
    const calls = api();
    const onDone = vi.fn();
    renderWithProviders(<ScheduleInterviewForm applicationId="a1" jobId="j1" interview={interview} onDone={onDone} />);
    const time = screen.getByLabelText(/^Start time/);
    await userEvent.clear(time);
    await userEvent.type(time, '16:30');
    await userEvent.click(screen.getByRole('button', { name: 'Save the new time' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const patch = calls.find((c) => c.method === 'PATCH')!;
    const expected = new Date(`${localParts(startsAt).date}T16:30:00`).toISOString();
    expect(patch.body).toMatchObject({
      version: 3,
      startsAt: expected,
      durationMinutes: 60,
      interviewerIds: [ANN, BOB],
      videoUrl: 'https://meet.example.test/abc',
    });
  });

  it('asks for a full video link before sending anything', async () => {
    const calls = api();
    renderWithProviders(<ScheduleInterviewForm applicationId="a1" jobId="j1" interview={interview} onDone={() => undefined} />);
    const link = screen.getByLabelText(/^Video link/);
    await userEvent.clear(link);
    await userEvent.type(link, 'meet.example.test/abc');
    await userEvent.click(screen.getByRole('button', { name: 'Save the new time' }));
    expect(await screen.findByText('Paste the full video link, starting with https://')).toBeTruthy();
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('on a double booking, names who is busy and books anyway only when asked', async () => {
    let first = true;
    const calls = api((req) => {
      if (req.method === 'PATCH' && first) {
        first = false;
        return json(
          {
            title: 'Conflict',
            status: 409,
            code: 'interviews.double_booked',
            detail: 'An interviewer is already booked at that time; pass allowOverlap to book anyway.',
            errors: [{ field: 'interviewerIds.0', message: 'already interviewing at that time' }],
          },
          409,
        );
      }
      return undefined;
    });
    const onDone = vi.fn();
    renderWithProviders(<ScheduleInterviewForm applicationId="a1" jobId="j1" interview={interview} onDone={onDone} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save the new time' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Ann Panel: Already interviewing at that time/);
    expect(alert.textContent).not.toMatch(/allowOverlap/);
    await userEvent.click(screen.getByRole('checkbox', { name: /Book anyway/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save the new time' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const patches = calls.filter((c) => c.method === 'PATCH');
    expect(patches.map((p) => (p.body as { allowOverlap: boolean }).allowOverlap)).toEqual([false, true]);
  });
});
