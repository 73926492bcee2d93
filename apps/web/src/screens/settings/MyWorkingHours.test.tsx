import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, setApi } from '../../test/setup';
import { axeViolations, renderWithProviders } from '../../test/render';
import MyWorkingHours from './MyWorkingHours';

const nine = [{ from: '09:00', to: '17:00' }];
const hours = {
  userId: 'u1',
  timeZone: 'Europe/Berlin',
  isDefault: false,
  workingHours: { mon: nine, tue: nine, wed: nine, thu: nine, fri: nine, sat: [], sun: [] },
};

function api(patch?: (body: Record<string, unknown>) => Response) {
  const calls: { method: string; body: unknown }[] = [];
  setApi(async (req) => {
    const url = new URL(req.url);
    if (url.pathname !== '/v1/me/working-hours') return json({ title: 'Not found' }, 404);
    if (req.method === 'GET') return json(hours);
    const body = (await req.clone().json()) as Record<string, unknown>;
    calls.push({ method: req.method, body });
    return patch ? patch(body) : json({ ...hours, ...body });
  });
  return calls;
}

describe('My working hours', () => {
  it('shows the week in a sentence, and saves the zone and the days as chosen', async () => {
    const calls = api();
    renderWithProviders(<MyWorkingHours />);
    const sentence = await screen.findByTestId('week-sentence');
    expect(sentence.textContent).toBe('Monday 09:00–17:00; Tuesday 09:00–17:00; Wednesday 09:00–17:00; Thursday 09:00–17:00; Friday 09:00–17:00.');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Friday' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Saturday' }));
    expect(sentence.textContent).toMatch(/Thursday 09:00–17:00; Saturday 09:00–17:00\.$/);
    await userEvent.selectOptions(screen.getByLabelText(/^Time zone/), 'America/New_York');
    await userEvent.click(screen.getByRole('button', { name: 'Save my working hours' }));
    expect(await screen.findByRole('status')).toBeTruthy();
    expect(calls[0].body).toEqual({
      timeZone: 'America/New_York',
      workingHours: { mon: nine, tue: nine, wed: nine, thu: nine, fri: [], sat: nine, sun: [] },
    });
    expect(await axeViolations()).toEqual([]);
  }, 60_000);

  it('adds a second range to a day and shows the server’s sentence beside a wrong time', async () => {
    const calls = api(() =>
      json(
        {
          title: 'Unprocessable',
          status: 422,
          code: 'identity.invalid_working_hours',
          detail: 'The end must be after the start.',
          errors: [{ field: 'workingHours.mon.1.to', message: 'The end must be after the start.' }],
        },
        422,
      ),
    );
    renderWithProviders(<MyWorkingHours />);
    await userEvent.click(await screen.findByRole('button', { name: 'Add hours on Monday' }));
    expect(screen.getAllByLabelText('Monday, from')).toHaveLength(2);
    await userEvent.click(screen.getByRole('button', { name: 'Save my working hours' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect((calls[0].body as { workingHours: { mon: unknown[] } }).workingHours.mon).toEqual([nine[0], { from: '17:00', to: '18:00' }]);
    expect((await screen.findAllByText('The end must be after the start.')).length).toBeGreaterThan(0);
    expect((await screen.findByRole('alert')).textContent).toMatch(/working hours or the time zone need your attention/);
  }, 60_000);
});
