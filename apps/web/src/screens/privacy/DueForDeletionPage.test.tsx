import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, setApi } from '../../test/setup';
import { axeViolations, renderWithProviders } from '../../test/render';
import DueForDeletionPage from './DueForDeletionPage';

const C1 = '11111111-1111-4111-8111-111111111111';
const C2 = '22222222-2222-4222-8222-222222222222';
const due = (candidateId: string, candidateName: string, rule: string) => ({
  candidateId,
  candidateName,
  rule,
  flaggedAt: '2030-06-01T09:00:00.000Z',
  anonymizeAt: '2030-06-08T09:00:00.000Z',
});

function api(keep?: (body: Record<string, unknown>) => Response) {
  const calls: { method: string; path: string; query: string; body?: unknown }[] = [];
  setApi(async (req) => {
    const url = new URL(req.url);
    const body: unknown = req.method === 'GET' ? undefined : await req.clone().json();
    calls.push({ method: req.method, path: url.pathname, query: url.search, body });
    if (url.pathname === '/v1/privacy/due') {
      return url.searchParams.get('cursor') === 'next'
        ? json({ data: [due(C2, 'Bo Second', 'hired')], nextCursor: null })
        : json({ data: [due(C1, 'Ada First', 'closed')], nextCursor: 'next' });
    }
    if (url.pathname === `/v1/privacy/due/${C1}/keep`) {
      if (keep) return keep(body as Record<string, unknown>);
      return json({ candidateId: C1, keptUntil: '2031-06-01T09:00:00.000Z', reason: (body as { reason: string }).reason });
    }
    return json({ status: 404 }, 404);
  });
  return calls;
}

describe('Due for deletion', () => {
  it('lists each candidate with why and when in words, and loads more', async () => {
    const calls = api();
    renderWithProviders(<DueForDeletionPage />);
    expect(await screen.findByText('Application closed long ago. Anonymised on 8 Jun 2030 unless someone keeps them.')).toBeTruthy();
    expect(screen.getByText(/To let it run, do nothing/)).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText(/^Hired long ago\./)).toBeTruthy();
    expect(calls.filter((c) => c.path === '/v1/privacy/due').map((c) => new URLSearchParams(c.query).get('cursor'))).toEqual([null, 'next']);
    expect(document.body.textContent).not.toContain(C1);
  }, 60_000);

  it('keeps a candidate only with a reason, sending 365 days unless changed', async () => {
    const calls = api();
    renderWithProviders(<DueForDeletionPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Keep Ada First' }));
    const form = screen.getByRole('form', { name: 'Keep Ada First' });
    await userEvent.click(within(form).getByRole('button', { name: 'Keep this candidate' }));
    expect(await screen.findByText('Write why you keep this candidate.')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
    await userEvent.click(within(form).getByRole('textbox', { name: /Why are you keeping them/ }));
    await userEvent.paste('  Talent pool for the spring round ');
    await userEvent.click(within(form).getByRole('button', { name: 'Keep this candidate' }));
    await waitFor(() =>
      expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([{ reason: 'Talent pool for the spring round', days: 365 }]),
    );
    expect(await screen.findByText(/Ada First is kept until 1 Jun 2031/)).toBeTruthy();
  }, 60_000);

  it('shows the sentence of a problem when keeping fails, without codes', async () => {
    api(() => json({ type: 'about:blank', title: 'Not Found', status: 404, code: 'privacy.not_due', detail: 'Candidate c1 is not due' }, 404));
    renderWithProviders(<DueForDeletionPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Keep Ada First' }));
    await userEvent.click(screen.getByRole('textbox', { name: /Why are you keeping them/ }));
    await userEvent.paste('Still talking to them');
    const days = screen.getByRole('textbox', { name: /Keep for/ });
    await userEvent.clear(days);
    await userEvent.type(days, '30');
    await userEvent.click(screen.getByRole('button', { name: 'Keep this candidate' }));
    expect((await screen.findByRole('alert')).textContent).toContain('This candidate is not due for anonymisation (kept already, or no longer due).');
    expect(document.body.textContent).not.toContain('privacy.not_due');
  }, 60_000);

  it('puts a 400 on the reason beside it, in words', async () => {
    api(() =>
      json(
        {
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          code: 'request.invalid',
          errors: [{ field: 'reason', message: 'reason must not be empty' }],
        },
        400,
      ),
    );
    renderWithProviders(<DueForDeletionPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Keep Ada First' }));
    await userEvent.type(screen.getByRole('textbox', { name: /Why are you keeping them/ }), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Keep this candidate' }));
    expect((await screen.findAllByText('This is required.')).length).toBeGreaterThan(0);
  }, 60_000);
});
