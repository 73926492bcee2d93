import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, setApi } from '../test/setup';
import { axeViolations, renderWithProviders } from '../test/render';
import { describeNotification, NotificationsBell, POLL_MS } from './NotificationsBell';

const at = '2026-11-30T09:00:00.000Z';
const notes = [
  {
    id: 'n1',
    kind: 'stage_sla_breached',
    readAt: null,
    createdAt: at,
    payload: { candidateId: 'c1', candidateName: 'Jordan Applicant', stageName: 'Recruiter screen', jobTitle: 'Backend Engineer', slaDays: 3 },
  },
  {
    id: 'n2',
    kind: 'scorecard_reminder',
    readAt: at,
    createdAt: at,
    payload: { interviewId: 'i1', candidateName: 'Ada Lovelace', jobTitle: 'Backend Engineer', dueAt: at },
  },
];

function api() {
  const calls: string[] = [];
  let unread = 1;
  setApi((request) => {
    const url = new URL(request.url);
    calls.push(`${request.method} ${url.pathname}${url.search}`);
    if (url.pathname === '/v1/notifications/unread-count') return json({ unreadCount: unread });
    if (url.pathname === '/v1/notifications')
      return json({ data: notes.map((n) => (unread === 0 ? { ...n, readAt: at } : n)), nextCursor: null, unreadCount: unread });
    if (url.pathname === '/v1/notifications/read-all') {
      unread = 0;
      return json({ updated: 1 });
    }
    if (url.pathname === '/v1/notifications/n1/read') {
      unread = 0;
      return json({ ...notes[0], readAt: at });
    }
    return json({ status: 404, code: 'request.route_not_found' }, 404);
  });
  return calls;
}

describe('NotificationsBell', () => {
  it('polls at most every 30 seconds', () => {
    expect(POLL_MS).toBeLessThanOrEqual(30_000);
  });

  it('shows the unread count, lists notifications in words, and marks all read', async () => {
    const calls = api();
    renderWithProviders(<NotificationsBell />);
    const bell = await screen.findByRole('button', { name: 'Notifications, 1 unread' });
    fireEvent.click(bell);
    const dialog = await screen.findByRole('region', { name: 'Notifications' });
    await within(dialog).findByText('Jordan Applicant has been in Recruiter screen for Backend Engineer for more than 3 days.');
    expect(dialog.textContent).toMatch(/Your scorecard for Ada Lovelace for Backend Engineer is due/);
    expect(dialog.textContent).not.toMatch(/stage_sla_breached|scorecard_reminder|c1|i1\b/);
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Mark all read' }));
    await waitFor(() => expect(calls).toContain('POST /v1/notifications/read-all'));
    await screen.findByRole('button', { name: 'Notifications, none unread' });
  });

  it('marks one read', async () => {
    const calls = api();
    renderWithProviders(<NotificationsBell />);
    fireEvent.click(await screen.findByRole('button', { name: 'Notifications, 1 unread' }));
    const dialog = await screen.findByRole('region', { name: 'Notifications' });
    fireEvent.click(await within(dialog).findByRole('button', { name: /^Mark read: Jordan Applicant/ }));
    await waitFor(() => expect(calls).toContain('POST /v1/notifications/n1/read'));
    await screen.findByRole('button', { name: 'Notifications, none unread' });
  });

  it('links each notification to the thing it is about', () => {
    expect(describeNotification(notes[0] as never).to).toBe('/candidates/c1');
    expect(describeNotification(notes[1] as never).to).toBe('/interviews/i1');
    const escalation = describeNotification({
      id: 'n3',
      kind: 'scorecard_escalation',
      readAt: null,
      createdAt: at,
      payload: { applicationId: 'a1', candidateName: 'Ada', jobTitle: 'SRE', owedBy: [{ id: 'u1', name: 'Iris Interviewer' }] } as never,
    });
    expect(escalation).toEqual({ text: 'Scorecards for Ada for SRE are overdue: still owed by Iris Interviewer.', to: '/applications/a1/packet' });
    expect(describeNotification({ id: 'n4', kind: 'something_new', readAt: null, createdAt: at, payload: {} }).text).toBe('Something new.');
  });
});
