import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useQuery } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { api as client, unwrap } from '../../api/client';
import { json, setApi } from '../../test/setup';
import { axeViolations, renderWithProviders } from '../../test/render';
import { AnonymizeCandidate } from './AnonymizeCandidate';

const ID = '11111111-1111-4111-8111-111111111111';
const base = { id: ID, version: 3, links: [], location: null, tags: [], source: null, resumeFile: null, consentGiven: false, consentAt: null };
const ADA = { ...base, firstName: 'Ada', lastName: 'Lovelace', name: 'Ada Lovelace', emails: ['ada@example.test'], phones: ['+44 20 7946 0000'] };
const ERASED = { ...base, firstName: 'Anonymised', lastName: 'candidate', name: 'Anonymised candidate', emails: [], phones: [] };

/** The profile reads the candidate from the query cache, as CandidateProfile does. */
function Harness() {
  const q = useQuery({ queryKey: ['candidate', ID], queryFn: () => unwrap(client.GET('/v1/candidates/{id}', { params: { path: { id: ID } } })) });
  return q.data ? <AnonymizeCandidate candidate={q.data} name={q.data.name} /> : null;
}

function api(anonymize: () => Response) {
  const posts: string[] = [];
  setApi((req) => {
    const path = new URL(req.url).pathname;
    if (req.method === 'GET' && path === `/v1/candidates/${ID}`) return json(ADA);
    if (req.method === 'POST') {
      posts.push(path);
      return anonymize();
    }
    return json({ status: 404 }, 404);
  });
  return posts;
}

describe('Anonymise candidate', () => {
  it('asks first, saying it is irreversible and what is removed, then shows the anonymised state', async () => {
    const posts = api(() => json(ERASED));
    renderWithProviders(<Harness />);
    await userEvent.click(await screen.findByRole('button', { name: 'Anonymise candidate' }));
    const dialog = await screen.findByRole('dialog', { name: 'Anonymise Ada Lovelace?' });
    expect(dialog.textContent).toContain('This cannot be undone');
    expect(dialog.textContent).toContain('their name, email addresses, phone numbers, links and location');
    expect(await axeViolations(dialog)).toEqual([]);
    expect(posts).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Anonymise for good' }));
    await waitFor(() => expect(posts).toEqual([`/v1/candidates/${ID}/anonymize`]));
    expect(await screen.findByText('This candidate is anonymised. There is nothing more to remove.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.queryByRole('button', { name: 'Anonymise candidate' })).toBeNull();
  }, 60_000);

  it('cancelling sends nothing', async () => {
    const posts = api(() => json(ERASED));
    renderWithProviders(<Harness />);
    await userEvent.click(await screen.findByRole('button', { name: 'Anonymise candidate' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(posts).toEqual([]);
  }, 60_000);

  it('shows the sentence of a problem in the dialog, without codes', async () => {
    api(() => json({ type: 'about:blank', title: 'Not Found', status: 404, code: 'pipelines.candidate_not_found', detail: `Candidate ${ID} not found` }, 404));
    renderWithProviders(<Harness />);
    await userEvent.click(await screen.findByRole('button', { name: 'Anonymise candidate' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Anonymise for good' }));
    await waitFor(() => expect(screen.getAllByRole('alert').some((a) => a.textContent?.includes('This candidate no longer exists.'))).toBe(true));
    expect(document.body.textContent).not.toContain('pipelines.candidate_not_found');
    expect(document.body.textContent).not.toContain(ID);
  }, 60_000);
});
