import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, setApi } from '../../test/setup';
import { axeViolations, renderWithProviders } from '../../test/render';
import { EmailComposer, pickerToIso } from './EmailComposer';
import { EmailThread } from './EmailThread';

// Generous waits: a loaded CI machine renders slowly.
configure({ asyncUtilTimeout: 15_000 });

const templates = {
  data: [
    { id: 'builtin-custom', type: 'custom', name: 'Other message', subject: 'Hello', body: 'Hello', builtIn: true, updatedAt: null },
    {
      id: 't1',
      type: 'interview_invitation',
      name: 'Friendly invite',
      subject: 'Meet us, {{ candidate.first_name }}',
      body: 'Hello {{ candidate.first_name }}',
      builtIn: false,
      updatedAt: null,
    },
  ],
  mergeFields: [{ name: 'candidate.first_name', description: "The candidate's first name" }],
};

function recordApi(overrides: (path: string, body: Record<string, unknown>) => Response | undefined = () => undefined) {
  const sent: { method: string; path: string; body: Record<string, unknown> }[] = [];
  setApi(async (request) => {
    const url = new URL(request.url);
    const body = (request.method === 'GET' || request.method === 'DELETE' ? {} : await request.clone().json()) as Record<string, unknown>;
    sent.push({ method: request.method, path: url.pathname, body });
    const custom = overrides(url.pathname, body);
    if (custom) return custom;
    if (url.pathname === '/v1/email-templates') return json(templates);
    if (url.pathname.endsWith('/preview')) return json({ subject: 'Meet us, Ada', body: 'Hello Ada', html: '<p>Hello Ada</p>' });
    if (url.pathname === '/v1/applications/a1/emails')
      return json({ id: 'e1', to: 'ada@example.com', status: 'queued', subject: String(body.subject), sendAt: null }, 202);
    return json({ status: 404, code: 'request.route_not_found' }, 404);
  });
  return sent;
}

describe('EmailComposer', () => {
  it('starts from a template, previews it filled in and sends it to the candidate', async () => {
    const sent = recordApi();
    renderWithProviders(<EmailComposer recipients={[{ applicationId: 'a1', name: 'Ada Lovelace' }]} />);
    const start = screen.getByRole('combobox', { name: 'Start from' });
    await waitFor(() => expect(start.querySelectorAll('option')).toHaveLength(3));
    expect([...start.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'Write a new message',
      'Other message (Other message, built in)',
      'Friendly invite (Interview invitation)',
    ]);
    fireEvent.change(start, { target: { value: 't1' } });
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: /^Subject/ }).value).toBe('Meet us, {{ candidate.first_name }}');
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    const preview = await screen.findByRole('region', { name: 'Preview' });
    expect(within(preview).getByText('Hello Ada')).toBeTruthy();
    expect(sent.find((r) => r.path === '/v1/email-templates/t1/preview')?.body).toMatchObject({
      applicationId: 'a1',
      subject: 'Meet us, {{ candidate.first_name }}',
    });
    expect(await axeViolations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('It will be sent to ada@example.com in a moment.');
    expect(sent.find((r) => r.path === '/v1/applications/a1/emails')?.body).toEqual({
      subject: 'Meet us, {{ candidate.first_name }}',
      body: 'Hello {{ candidate.first_name }}',
      templateId: 't1',
    });
  }, 30_000);

  it('shows an unknown merge field beside the message, in words', async () => {
    recordApi((path) =>
      path === '/v1/applications/a1/emails'
        ? json({ status: 422, code: 'mail.invalid_template', errors: [{ field: 'body', message: 'Unknown merge field "candidate.salary".' }] }, 422)
        : undefined,
    );
    renderWithProviders(<EmailComposer recipients={[{ applicationId: 'a1', name: 'Ada Lovelace' }]} />);
    fireEvent.change(screen.getByRole('textbox', { name: /^Subject/ }), { target: { value: 'Hi' } });
    fireEvent.change(screen.getByRole('textbox', { name: /^Message/ }), { target: { value: 'Your {{ candidate.salary }}' } });
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    const body = screen.getByRole('textbox', { name: /^Message/ });
    await waitFor(() => expect(body.getAttribute('aria-invalid')).toBe('true'));
    expect(
      document.getElementById(
        body
          .getAttribute('aria-describedby')
          ?.split(' ')
          .find((id) => id.includes('error')) ?? '',
      )?.textContent,
    ).toMatch(/Unknown merge field "candidate salary"/);
    expect(screen.getByRole('alert').textContent).toMatch(/merge field that does not exist/);
  }, 30_000);

  it('emails several candidates at once and tells what happened to each, in words', async () => {
    const sent = recordApi((path) =>
      path === '/v1/applications/bulk-email'
        ? json({
            results: [
              { id: 'a1', ok: true, status: 202, email: { id: 'e1', status: 'queued', sendAt: null } },
              { id: 'a2', ok: false, status: 422, error: { code: 'mail.do_not_contact', detail: 'x' } },
            ],
          })
        : undefined,
    );
    renderWithProviders(
      <EmailComposer
        recipients={[
          { applicationId: 'a1', name: 'Ada Lovelace' },
          { applicationId: 'a2', name: 'Grace Hopper' },
        ]}
      />,
    );
    expect(screen.getByText(/To 2 candidates: Ada Lovelace, Grace Hopper/)).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: /^Subject/ }), { target: { value: 'News' } });
    fireEvent.change(screen.getByRole('textbox', { name: /^Message/ }), { target: { value: 'Hello {{ candidate.first_name }}' } });
    await userEvent.click(screen.getByRole('button', { name: 'Send to 2 candidates' }));
    const results = await screen.findByRole('list', { name: 'What happened to each recipient' });
    expect(results.textContent).toContain('Ada Lovelace: will be sent in a moment.');
    expect(results.textContent).toContain('Grace Hopper: not sent. This candidate asked not to receive email, so nothing was sent.');
    expect(results.textContent).not.toMatch(/mail\.|a2/);
    expect(sent.find((r) => r.path === '/v1/applications/bulk-email')?.body).toMatchObject({ applicationIds: ['a1', 'a2'], subject: 'News' });
  }, 30_000);

  it('reads the picked sending time as the viewer’s local time', () => {
    expect(pickerToIso('2026-12-01 09:30:00')).toBe(new Date(2026, 11, 1, 9, 30).toISOString());
    expect(pickerToIso(null)).toBeNull();
  });
});

describe('EmailThread', () => {
  it('lists sent emails with their status in words and replies, and cancels a scheduled one', async () => {
    let cancelled = false;
    const sent = recordApi((path) => {
      if (path === '/v1/candidates/c1/emails')
        return json({
          data: [
            {
              id: 'e1',
              candidateId: 'c1',
              applicationId: 'a1',
              kind: 'custom',
              to: 'ada@example.com',
              subject: 'Next week',
              body: 'See you.',
              status: cancelled ? 'cancelled' : 'scheduled',
              sendAt: '2026-12-02T09:00:00.000Z',
              sentAt: null,
              failureReason: null,
              createdAt: '2026-11-30T09:00:00.000Z',
            },
            {
              id: 'e2',
              candidateId: 'c1',
              applicationId: 'a1',
              kind: 'custom',
              to: 'ada@example.com',
              subject: 'Hello',
              body: 'Hi.',
              status: 'failed',
              sendAt: null,
              sentAt: null,
              failureReason: 'The mail server refused the address.',
              createdAt: '2026-11-29T09:00:00.000Z',
            },
          ],
          nextCursor: null,
        });
      if (path === '/v1/candidates/c1/received-emails')
        return json({
          data: [
            {
              id: 'r1',
              candidateId: 'c1',
              inReplyToEmailId: 'e2',
              from: 'ada@example.com',
              subject: 'Re: Hello',
              body: 'Thanks!',
              receivedAt: '2026-11-29T10:00:00.000Z',
            },
          ],
          nextCursor: null,
        });
      if (path === '/v1/emails/e1') {
        cancelled = true;
        return new Response(null, { status: 204 });
      }
      return undefined;
    });
    window.confirm = () => true;
    renderWithProviders(<EmailThread candidateId="c1" />);
    const list = await screen.findByRole('list', { name: 'Emails, newest first' });
    await within(list).findByText('From ada@example.com: Re: Hello');
    expect(list.textContent).toContain('Scheduled');
    expect(list.textContent).toContain('Could not be sent');
    expect(list.textContent).toContain('The mail server refused the address.');
    expect(list.textContent).toContain('Reply');
    expect(list.textContent).not.toMatch(/scheduled|failed/);
    expect(await axeViolations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel this email' }));
    await waitFor(() => expect(list.textContent).toContain('Cancelled'));
    expect(sent.some((r) => r.method === 'DELETE' && r.path === '/v1/emails/e1')).toBe(true);
    expect(screen.queryByRole('button', { name: 'Cancel this email' })).toBeNull();
  }, 30_000);
});
