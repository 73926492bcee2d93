import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, setApi } from '../test/setup';
import { renderWithProviders } from '../test/render';
import { PipelineBoard } from './PipelineBoard';

const stages = [
  { id: 's1', name: 'Application review', kind: 'application_review', position: 0, slaDays: 3, activeCount: 2, overSlaCount: 1, oldestEnteredAt: null },
  { id: 's2', name: 'Recruiter screen', kind: 'recruiter_screen', position: 1, slaDays: null, activeCount: 0, overSlaCount: 0, oldestEnteredAt: null },
  { id: 's3', name: 'Offer', kind: 'offer', position: 2, slaDays: null, activeCount: 0, overSlaCount: 0, oldestEnteredAt: null },
];
const item = (id: string, name: string, version = 1) => ({
  id,
  candidateId: `c-${id}`,
  candidateName: name,
  stageId: 's1',
  status: 'active',
  source: 'referral',
  version,
  appliedAt: new Date().toISOString(),
  stageEnteredAt: new Date().toISOString(),
  secondsInStage: id === 'a1' ? 5 * 86400 : 3600,
  scorecardStatus: null,
});

function api(overrides: { move?: (body: unknown) => Response; bulk?: (body: unknown) => Response } = {}) {
  const calls: { method: string; path: string; body?: unknown }[] = [];
  setApi(async (request) => {
    const path = new URL(request.url).pathname;
    const body: unknown = request.method === 'POST' ? await request.json() : undefined;
    calls.push({ method: request.method, path, body });
    if (path === '/v1/jobs/j1/pipeline') return json({ jobId: 'j1', stages });
    if (path === '/v1/jobs/j1/applications') {
      const stageId = new URL(request.url).searchParams.get('stageId');
      return json({ data: stageId === 's1' ? [item('a1', 'Ada Lovelace'), item('a2', 'Alan Turing')] : [], nextCursor: null });
    }
    if (path === '/v1/rejection-reasons') return json({ data: [{ id: 'r1', label: 'Not enough experience', kind: 'rejected', builtIn: true }] });
    if (path.endsWith('/move')) return overrides.move?.(body) ?? json({ ...item('a1', 'Ada Lovelace', 2), stageId: (body as { toStageId: string }).toStageId });
    if (path === '/v1/applications/bulk')
      return overrides.bulk?.(body) ?? json({ results: (body as { ids: string[] }).ids.map((id) => ({ id, ok: true, status: 200 })) });
    return json({ title: 'Not Found', status: 404 }, 404);
  });
  return calls;
}

describe('PipelineBoard', () => {
  it('shows a column per stage with counts, SLA badges and cards', async () => {
    api();
    renderWithProviders(<PipelineBoard jobId="j1" />);
    const review = await screen.findByRole('listitem', { name: 'Application review' });
    expect(within(review).getByLabelText('2 active')).toBeTruthy();
    expect(within(review).getByLabelText('1 over the 3-day SLA')).toBeTruthy();
    expect(await within(review).findByText('Ada Lovelace')).toBeTruthy();
    expect(within(review).getByText('over SLA')).toBeTruthy();
    expect(screen.getByRole('listitem', { name: 'Recruiter screen' })).toBeTruthy();
  });

  it('moves a card with the expected version and says so', async () => {
    const calls = api();
    renderWithProviders(<PipelineBoard jobId="j1" />);
    fireEvent.change(await screen.findByRole('combobox', { name: 'Move Ada Lovelace to' }), { target: { value: 's2' } });
    expect(await screen.findByText('Ada Lovelace moved to Recruiter screen.')).toBeTruthy();
    expect(calls.find((c) => c.path === '/v1/applications/a1/move')?.body).toEqual({ toStageId: 's2', expectedVersion: 1 });
  });

  it('explains a conflicting move (409) and refreshes the board instead of overwriting', async () => {
    const calls = api({ move: () => json({ title: 'Conflict', status: 409, detail: 'stale version', code: 'VERSION_CONFLICT' }, 409) });
    renderWithProviders(<PipelineBoard jobId="j1" />);
    fireEvent.change(await screen.findByRole('combobox', { name: 'Move Ada Lovelace to' }), { target: { value: 's3' } });
    const message = await screen.findByTestId('board-message');
    expect(message.textContent).toMatch(/changed by someone else/);
    const boardLoads = () => calls.filter((c) => c.path === '/v1/jobs/j1/pipeline').length;
    await waitFor(() => expect(boardLoads()).toBeGreaterThanOrEqual(2));
  });

  it('bulk-moves and bulk-rejects the selected cards with a reason', async () => {
    const calls = api({
      bulk: (body) =>
        json({
          results: (body as { ids: string[] }).ids.map((id, i) => ({ id, ok: i === 0, status: i === 0 ? 200 : 409, error: i === 0 ? undefined : 'stale' })),
        }),
    });
    renderWithProviders(<PipelineBoard jobId="j1" />);
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select Ada Lovelace' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select Alan Turing' }));
    const bar = screen.getByRole('region', { name: 'Bulk actions' });
    expect(within(bar).getByText('2 selected')).toBeTruthy();
    fireEvent.click(within(bar).getByRole('button', { name: 'Reject selected' }));
    await screen.findByText(/1 done, 1 not done/);
    expect(calls.find((c) => c.path === '/v1/applications/bulk')?.body).toEqual({
      action: 'reject',
      ids: ['a1', 'a2'],
      reasonId: 'r1',
      notifyCandidate: false,
    });

    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select Alan Turing' }));
    const bar2 = screen.getByRole('region', { name: 'Bulk actions' });
    fireEvent.change(within(bar2).getByRole('combobox', { name: 'Move selected to' }), { target: { value: 's3' } });
    fireEvent.click(within(bar2).getByRole('button', { name: 'Move selected' }));
    await waitFor(() => expect(calls.filter((c) => c.path === '/v1/applications/bulk')).toHaveLength(2));
    expect(calls.filter((c) => c.path === '/v1/applications/bulk')[1].body).toEqual({ action: 'move', ids: ['a2'], toStageId: 's3', notifyCandidate: false });
  });
});
