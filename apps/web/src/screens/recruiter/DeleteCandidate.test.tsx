import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useQuery } from '@tanstack/react-query';
import { Route, Routes, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { api as client, unwrap } from '../../api/client';
import { json, setApi } from '../../test/setup';
import { axeViolations, renderWithProviders } from '../../test/render';
import CandidateSearch from './CandidateSearch';
import { DeleteCandidate } from './DeleteCandidate';

const ID = '11111111-1111-4111-8111-111111111111';
const APP = {
  id: '22222222-2222-4222-8222-222222222222',
  jobId: 'j',
  jobTitle: 'Backend Engineer',
  stageId: 's',
  stageName: 'Application review',
  source: null,
};
const base = { id: ID, version: 3, links: [], location: null, tags: [], source: null, resumeFile: null, consentGiven: false, consentAt: null };
const SPAM = {
  ...base,
  firstName: 'Spam',
  lastName: 'Profile',
  name: 'Spam Profile',
  emails: ['spam@example.test'],
  phones: [],
  applications: [{ ...APP, status: 'active' }],
};
const HIRED = { ...SPAM, firstName: 'Ada', lastName: 'Lovelace', name: 'Ada Lovelace', applications: [{ ...APP, status: 'hired' }] };

/** The profile reads the candidate from the query cache, as CandidateProfile does; the list is the real one. */
function Harness() {
  const q = useQuery({ queryKey: ['candidate', ID], queryFn: () => unwrap(client.GET('/v1/candidates/{id}', { params: { path: { id: ID } } })) });
  return q.data ? <DeleteCandidate candidate={q.data} name={q.data.name} /> : null;
}

/** What a reload would bring back: the state of the current history entry. */
function HistoryState() {
  return <output aria-label="History state">{JSON.stringify(useLocation().state)}</output>;
}

function App() {
  return (
    <Routes>
      <Route path="/" element={<Harness />} />
      <Route
        path="/candidates"
        element={
          <>
            <CandidateSearch />
            <HistoryState />
          </>
        }
      />
    </Routes>
  );
}

function api(candidate: object, remove: () => Response) {
  const deletes: string[] = [];
  setApi((req) => {
    const path = new URL(req.url).pathname;
    if (req.method === 'GET' && path === `/v1/candidates/${ID}`) return json(candidate);
    if (req.method === 'GET' && path === '/v1/candidates') return json({ data: [], nextCursor: null });
    if (req.method === 'DELETE') {
      deletes.push(path);
      return remove();
    }
    return json({ status: 404 }, 404);
  });
  return deletes;
}

describe('Delete candidate', () => {
  it('asks first, saying what is removed and that it cannot be undone, then opens the candidates list with a notice', async () => {
    const deletes = api(SPAM, () => new Response(null, { status: 204 }));
    renderWithProviders(<App />);
    await userEvent.click(await screen.findByRole('button', { name: 'Delete candidate' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete Spam Profile?' });
    expect(dialog.textContent).toContain('This cannot be undone');
    expect(dialog.textContent).toContain('every application, with its interviews, scorecards, decisions and offers');
    expect(dialog.textContent).toContain('anonymise them instead');
    expect(await axeViolations(dialog)).toEqual([]);
    expect(deletes).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete for good' }));
    await waitFor(() => expect(deletes).toEqual([`/v1/candidates/${ID}`]));
    const notice = await screen.findByText('Spam Profile was deleted, with their applications and everything about them.');
    expect(notice.closest('[role="status"]')).not.toBeNull();
    expect(screen.getByRole('heading', { name: 'Candidates' })).toBeTruthy();
    // The history entry no longer carries the notice, so a reload of the list does not show it again.
    await waitFor(() => expect(screen.getByRole('status', { name: 'History state' }).textContent).toBe('null'));
    expect(screen.getByText(/Spam Profile was deleted/)).toBeTruthy();
    await userEvent.click(within(notice.closest<HTMLElement>('[role="status"]')!).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByText(/Spam Profile was deleted/)).toBeNull());
  }, 60_000);

  it('cancelling sends nothing', async () => {
    const deletes = api(SPAM, () => new Response(null, { status: 204 }));
    renderWithProviders(<App />);
    await userEvent.click(await screen.findByRole('button', { name: 'Delete candidate' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(deletes).toEqual([]);
    expect(screen.getByRole('button', { name: 'Delete candidate' })).toBeTruthy();
  }, 60_000);

  it('a hired candidate: the dialog says they cannot be deleted and to anonymise instead, and offers no delete', async () => {
    const deletes = api(HIRED, () => new Response(null, { status: 204 }));
    renderWithProviders(<App />);
    await userEvent.click(await screen.findByRole('button', { name: 'Delete candidate' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete Ada Lovelace?' });
    expect(dialog.textContent).toContain('This candidate was hired, so their records are kept');
    expect(dialog.textContent).toContain('anonymise them instead');
    expect(within(dialog).queryByRole('button', { name: 'Delete for good' })).toBeNull();
    expect(await axeViolations(dialog)).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Back to the profile' }));
    expect(deletes).toEqual([]);
  }, 60_000);

  it('shows the sentence of a refusal in the dialog, without codes, and stays on the profile', async () => {
    api(SPAM, () =>
      json(
        {
          type: 'about:blank',
          title: 'Conflict',
          status: 409,
          code: 'pipelines.candidate_has_hire',
          detail: 'This candidate was hired, so their records are kept.',
        },
        409,
      ),
    );
    renderWithProviders(<App />);
    await userEvent.click(await screen.findByRole('button', { name: 'Delete candidate' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete for good' }));
    await waitFor(() => expect(screen.getAllByRole('alert').some((a) => a.textContent?.includes('Anonymise them instead'))).toBe(true));
    expect(document.body.textContent).not.toContain('pipelines.candidate_has_hire');
    expect(screen.queryByRole('heading', { name: 'Candidates' })).toBeNull();
  }, 60_000);
});
