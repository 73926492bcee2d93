import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, setApi } from '../../test/setup';
import { axeViolations, renderWithProviders } from '../../test/render';
import EmailTemplatesPage from './EmailTemplatesPage';
import InboxPage from './InboxPage';

// Generous waits: a loaded CI machine renders slowly.
configure({ asyncUtilTimeout: 15_000 });

const item = (id: string, subject: string) => ({
  id,
  from: 'jo@candidate.example',
  to: 'inbox+acme.abcdefghijklmnop@mail.example',
  subject,
  body: 'Do you have openings in Lisbon?',
  state: 'open',
  candidateId: null,
  receivedAt: '2026-11-30T09:00:00.000Z',
});

describe('InboxPage', () => {
  it('lists the inbox, adds a message to a candidate found by search and dismisses another, in words', async () => {
    const sent: { method: string; path: string; body: unknown; search: string }[] = [];
    const handled = new Set<string>();
    setApi(async (request) => {
      const url = new URL(request.url);
      const text = request.method === 'POST' ? await request.clone().text() : '';
      const body: unknown = text ? JSON.parse(text) : undefined;
      sent.push({ method: request.method, path: url.pathname, body, search: url.search });
      if (url.pathname === '/v1/inbox')
        return json({
          data: [item('m1', 'Openings in Lisbon?'), item('m2', 'Unsubscribe me')].filter((i) => !handled.has(i.id)),
          nextCursor: null,
          address: 'inbox+acme.abcdefghijklmnop@mail.example',
        });
      if (url.pathname === '/v1/candidates')
        return json({ data: [{ id: 'c1', name: 'Jo Applicant', emails: ['jo@candidate.example'], tags: [], source: null }], nextCursor: null });
      const action = /^\/v1\/inbox\/(m\d)\/(assign|dismiss)$/.exec(url.pathname);
      if (action) {
        handled.add(action[1]);
        return json({ ...item(action[1], ''), state: action[2] === 'assign' ? 'assigned' : 'dismissed' });
      }
      return json({ status: 404, code: 'request.route_not_found' }, 404);
    });
    renderWithProviders(<InboxPage />);
    await screen.findByText('inbox+acme.abcdefghijklmnop@mail.example');
    const first = await screen.findByRole('article', { name: 'Openings in Lisbon?, from jo@candidate.example' });
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(within(first).getByRole('button', { name: 'Add to a candidate' }));
    // The search starts from the sender's address.
    expect(within(first).getByRole<HTMLInputElement>('searchbox').value).toBe('jo@candidate.example');
    fireEvent.click(await within(first).findByRole('button', { name: 'Add to Jo Applicant' }));
    await screen.findByText("“Openings in Lisbon?” was added to Jo Applicant's emails.");
    expect(sent.find((r) => r.path === '/v1/inbox/m1/assign')?.body).toEqual({ candidateId: 'c1' });
    await waitFor(() => expect(screen.queryByRole('article', { name: /Openings in Lisbon/ })).toBeNull());

    const second = screen.getByRole('article', { name: /Unsubscribe me/ });
    fireEvent.click(within(second).getByRole('button', { name: 'Dismiss' }));
    await screen.findByText('“Unsubscribe me” was dismissed.');
    await screen.findByText('The inbox is empty.');
    expect(screen.getByRole('status').textContent).not.toMatch(/\bm[12]\b|\bc1\b|assigned/);
  }, 60_000);

  it('explains why there is no inbox address without an inbound mail domain', async () => {
    setApi(() => json({ data: [], nextCursor: null, address: null }));
    renderWithProviders(<InboxPage />);
    await screen.findByText(/no inbound mail domain yet/);
    expect(screen.getByText('The inbox is empty.')).toBeTruthy();
  }, 30_000);
});

describe('EmailTemplatesPage', () => {
  it('lists templates by type, lists merge fields with their meaning, previews typed text and shows an unknown field beside the body', async () => {
    const previews: Record<string, unknown>[] = [];
    setApi(async (request) => {
      const url = new URL(request.url);
      if (url.pathname === '/v1/email-templates')
        return json({
          data: [
            {
              id: 'b-rej',
              type: 'rejection',
              name: 'Rejection',
              subject: 'Your application',
              body: 'Hello {{ candidate.first_name }}',
              builtIn: true,
              updatedAt: null,
            },
            {
              id: 't1',
              type: 'rejection',
              name: 'Kind no',
              subject: 'About {{ job.title }}',
              body: 'Dear {{ candidate.first_name }}',
              builtIn: false,
              updatedAt: null,
            },
          ],
          mergeFields: [
            { name: 'candidate.first_name', description: "The candidate's first name" },
            { name: 'job.title', description: 'The title of the job applied for' },
          ],
        });
      if (url.pathname === '/v1/candidates')
        return json({ data: [{ id: 'c1', name: 'Ada Lovelace', emails: ['ada@example.com'], tags: [], source: null }], nextCursor: null });
      if (url.pathname === '/v1/candidates/c1') return json({ id: 'c1', name: 'Ada Lovelace', applications: [{ id: 'a1', jobTitle: 'Backend Engineer' }] });
      if (url.pathname === '/v1/email-templates/t1/preview') {
        const body = (await request.clone().json()) as Record<string, unknown>;
        previews.push(body);
        if (String(body.body).includes('salary'))
          return json({ status: 422, code: 'mail.invalid_template', errors: [{ field: 'body', message: 'Unknown merge field "candidate.salary".' }] }, 422);
        return json({ subject: 'About Backend Engineer', body: 'Dear Ada', html: '' });
      }
      return json({ status: 404, code: 'request.route_not_found' }, 404);
    });
    renderWithProviders(<EmailTemplatesPage />);
    const rejection = await screen.findByRole('region', { name: 'Rejection' });
    expect(within(rejection).getByRole('button', { name: 'Rejection (built in)' })).toBeTruthy();
    fireEvent.click(within(rejection).getByRole('button', { name: 'Kind no' }));
    const fields = await screen.findByRole('region', { name: 'Merge fields' });
    expect(fields.textContent).toContain("{{ candidate.first_name }}The candidate's first name");
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'Ada' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Preview for Ada Lovelace' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Ada Lovelace, Backend Engineer' }));
    await screen.findByText('Dear Ada');
    expect(previews[0]).toEqual({ applicationId: 'a1', subject: 'About {{ job.title }}', body: 'Dear {{ candidate.first_name }}' });

    fireEvent.change(screen.getByRole('textbox', { name: /^Message/ }), { target: { value: 'Your {{ candidate.salary }}' } });
    const body = screen.getByRole('textbox', { name: /^Message/ });
    await waitFor(() => expect(body.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Unknown merge field "candidate salary".')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  }, 60_000);
});
