import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, setApi } from '../test/setup';
import { axeViolations, renderWithProviders } from '../test/render';
import { SchedulingRequestDialog } from './SchedulingRequestDialog';

const ANN = '11111111-1111-4111-8111-111111111111';
const STAGE = '33333333-3333-4333-8333-333333333333';
const expiresAt = new Date(Date.UTC(2030, 5, 10, 12, 0)).toISOString();

function api(post?: (body: Record<string, unknown>) => Response) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  setApi(async (req) => {
    const url = new URL(req.url);
    const body: unknown = req.method === 'GET' ? undefined : await req.clone().json();
    calls.push({ method: req.method, path: url.pathname, body });
    if (url.pathname === '/v1/users') return json({ data: [{ id: ANN, name: 'Ann Panel' }], nextCursor: null });
    if (url.pathname === '/v1/interview-kits') return json({ data: [], nextCursor: null });
    if (url.pathname === '/v1/jobs/j1') return json({ id: 'j1', interviewPlan: [{ id: STAGE, name: 'Technical interview' }] });
    if (url.pathname === '/v1/applications/a1/scheduling-requests' && req.method === 'POST') {
      if (post) return post(body as Record<string, unknown>);
      return json(
        {
          id: 'r1',
          applicationId: 'a1',
          status: 'open',
          stageId: STAGE,
          kitId: null,
          interviewers: [{ id: ANN, name: 'Ann Panel' }],
          durationMinutes: 60,
          minNoticeHours: 24,
          bufferMinutes: 15,
          location: null,
          videoUrl: 'https://meet.example.test/abc',
          expiresAt,
          interviewId: null,
          bookedAt: null,
          emailId: 'e1',
          sentTo: 'sam@example.test',
          link: 'http://localhost/schedule/abc',
          createdAt: expiresAt,
        },
        201,
      );
    }
    return json({ title: 'Not found' }, 404);
  });
  return calls;
}

const dialog = (initial = {}) => (
  <SchedulingRequestDialog applicationId="a1" jobId="j1" stageId={STAGE} opened onClose={() => undefined} initial={{ interviewerIds: [ANN], ...initial }} />
);

describe('SchedulingRequestDialog', () => {
  it('says in a sentence what the candidate will be offered, and follows the choices', async () => {
    api();
    renderWithProviders(dialog());
    await screen.findByRole('option', { name: 'Technical interview' });
    const sentence = await screen.findByTestId('request-sentence');
    await waitFor(() => expect(sentence.textContent).toMatch(/60-minute interview with Ann Panel within the next 7 days, at least 24 hours ahead/));
    await userEvent.selectOptions(screen.getByLabelText('The candidate chooses within'), '14');
    await userEvent.selectOptions(screen.getByLabelText(/^Notice before the interview/), '0');
    expect(sentence.textContent).toMatch(/within the next 14 days, keeping 15 minutes free around their other interviews/);
    expect(sentence.textContent).not.toMatch(/hours ahead/);
    expect(await axeViolations(screen.getByRole('dialog'))).toEqual([]);
  }, 60_000);

  it('sends the request with the values chosen and shows where the link went', async () => {
    const calls = api();
    renderWithProviders(dialog());
    await screen.findByRole('option', { name: 'Technical interview' });
    await userEvent.type(screen.getByLabelText(/^Video link/), 'https://meet.example.test/abc');
    await userEvent.click(screen.getByRole('button', { name: 'Send the link to the candidate' }));
    const status = await screen.findByRole('status');
    expect(status.textContent).toMatch(/Link sent to sam@example\.test\. Waiting for the candidate until/);
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({
      stageId: STAGE,
      interviewerIds: [ANN],
      durationMinutes: 60,
      windowDays: 7,
      minNoticeHours: 24,
      bufferMinutes: 15,
      videoUrl: 'https://meet.example.test/abc',
    });
  }, 60_000);

  it('asks for what is missing before sending anything', async () => {
    const calls = api();
    renderWithProviders(dialog({ interviewerIds: [] }));
    await screen.findByRole('option', { name: 'Technical interview' });
    await userEvent.click(screen.getByRole('button', { name: 'Send the link to the candidate' }));
    expect(await screen.findByText('Choose at least one interviewer.')).toBeTruthy();
    expect(screen.getByText('Paste the full video link, starting with https://')).toBeTruthy();
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
  }, 60_000);

  it('shows the server’s sentence beside the field it names', async () => {
    api(() =>
      json(
        {
          title: 'Unprocessable',
          status: 422,
          code: 'mail.invalid_scheduling_request',
          detail: 'Not an active user of your organization.',
          errors: [{ field: 'interviewerIds.0', message: 'Not an active user of your organization.' }],
        },
        422,
      ),
    );
    renderWithProviders(dialog({ videoUrl: 'https://meet.example.test/abc' }));
    await screen.findByRole('option', { name: 'Technical interview' });
    await userEvent.click(screen.getByRole('button', { name: 'Send the link to the candidate' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/The scheduling request needs your attention/);
    expect(alert.textContent).not.toMatch(/mail\./);
    expect(within(screen.getByRole('dialog')).getAllByText(/Not an active user of your organization/).length).toBeGreaterThan(0);
  }, 60_000);
});
