import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, setApi } from '../../test/setup';
import { renderWithProviders } from '../../test/render';
import { EditJobForm } from '../recruiter/EditJob';
import { InviteUser } from './UsersAdmin';
import { UnitsAdmin } from './UnitsAdmin';

const problem = (status: number, extra: object) => json({ type: 'about:blank', title: 'Problem', status, ...extra }, status);

describe('Invite a user', () => {
  it('says what is missing beside each field before sending anything', async () => {
    let calls = 0;
    setApi(() => {
      calls += 1;
      return json({});
    });
    renderWithProviders(<InviteUser />);
    await userEvent.click(screen.getByRole('checkbox', { name: 'Recruiter' }));
    await userEvent.click(screen.getByRole('button', { name: 'Invite' }));
    expect(await screen.findByText('Enter the person’s name.')).toBeTruthy();
    expect(screen.getByText('Enter the email address they sign in with.')).toBeTruthy();
    expect(screen.getByText('Choose at least one role.')).toBeTruthy();
    expect(calls).toBe(0);
  });

  it('puts a taken email beside the email field in a sentence, focused, without field codes', async () => {
    setApi(() =>
      problem(409, {
        code: 'identity.email_taken',
        detail: 'Someone in this organization already has this email address.',
        errors: [{ field: 'email', message: 'Someone in this organization already uses this email address.' }],
      }),
    );
    renderWithProviders(<InviteUser />);
    await userEvent.type(screen.getByRole('textbox', { name: /Name/ }), 'Rita');
    await userEvent.type(screen.getByRole('textbox', { name: /Email/ }), 'rita@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Invite' }));
    expect(await screen.findByText('Someone in this organization already uses this email address.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('textbox', { name: /Email/ })));
    expect(document.body.textContent).not.toMatch(/identity\.|email_taken/);
    expect(screen.getByRole('alert').textContent).toContain('Please correct the fields marked above.');
  });

  it('shows the one-time password once after inviting', async () => {
    setApi(() =>
      json(
        {
          user: { id: 'u1', name: 'Rita', email: 'rita@example.com', roles: ['recruiter'], active: true, invitationPending: true },
          oneTimePassword: 'abcd-efgh-jkmn-pqrs',
        },
        201,
      ),
    );
    renderWithProviders(<InviteUser />);
    await userEvent.type(screen.getByRole('textbox', { name: /Name/ }), 'Rita');
    await userEvent.type(screen.getByRole('textbox', { name: /Email/ }), 'rita@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Invite' }));
    expect((await screen.findByTestId('one-time-password')).textContent).toBe('abcd-efgh-jkmn-pqrs');
    await userEvent.click(screen.getByRole('button', { name: 'I have handed it over' }));
    expect(screen.queryByTestId('one-time-password')).toBeNull();
  });
});

describe('Invite a user (mail on)', () => {
  it('says the link was emailed and shows the one-time password only when asked', async () => {
    setApi(() =>
      json(
        {
          user: { id: 'u1', name: 'Rita', email: 'rita@example.com', roles: ['recruiter'], active: true, invitationPending: true },
          oneTimePassword: 'abcd-efgh-jkmn-pqrs',
          invitationEmailed: true,
        },
        201,
      ),
    );
    renderWithProviders(<InviteUser />);
    await userEvent.type(screen.getByRole('textbox', { name: /Name/ }), 'Rita');
    await userEvent.type(screen.getByRole('textbox', { name: /Email/ }), 'rita@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Invite' }));
    expect((await screen.findByRole('status')).textContent).toContain('We emailed Rita (rita@example.com) a link to choose their password.');
    expect(screen.queryByTestId('one-time-password')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Show a one-time password instead' }));
    expect(screen.getByTestId('one-time-password').textContent).toBe('abcd-efgh-jkmn-pqrs');
  }, 30_000);
});

describe('Departments and offices', () => {
  it('refuses a country that is not a two-letter code beside the field, and shows a taken name from the API beside the name', async () => {
    const posts: string[] = [];
    setApi(async (request) => {
      const url = new URL(request.url);
      if (request.method === 'GET') return json({ data: [], nextCursor: null });
      posts.push(url.pathname);
      await request.text();
      return problem(409, {
        code: 'jobs.office_name_taken',
        detail: 'An office with this name already exists.',
        errors: [{ field: 'name', message: 'name is already taken' }],
      });
    });
    renderWithProviders(<UnitsAdmin />);
    const add = await screen.findByRole('form', { name: 'Add an office' });
    await userEvent.type(screen.getByRole('textbox', { name: /Office name/ }), 'Porto');
    await userEvent.type(screen.getByRole('textbox', { name: /City/ }), 'Porto');
    await userEvent.type(screen.getByRole('textbox', { name: /Region/ }), 'Norte');
    await userEvent.type(screen.getByRole('textbox', { name: /Country code/ }), 'P1');
    await userEvent.click(screen.getByRole('button', { name: 'Add office' }));
    expect(await screen.findByText('Use the two-letter country code, such as DE for Germany.')).toBeTruthy();
    expect(posts).toEqual([]);
    await userEvent.clear(screen.getByRole('textbox', { name: /Country code/ }));
    await userEvent.type(screen.getByRole('textbox', { name: /Country code/ }), 'pt');
    await userEvent.click(screen.getByRole('button', { name: 'Add office' }));
    expect(await screen.findByText(/already taken/i)).toBeTruthy();
    expect(posts).toEqual(['/v1/offices']);
    expect(add).toBeTruthy();
  });
});

const job = {
  id: 'j1',
  organizationId: 'o1',
  title: 'Backend Engineer',
  status: 'draft',
  templateId: 't1',
  templateRevisionId: 'r1',
  departmentId: 'd1',
  officeIds: [],
  workModel: 'hybrid',
  remoteCountries: [],
  employmentType: 'FULL_TIME',
  seniority: 'senior',
  salary: { min: 1, max: 2, currency: 'EUR', period: 'YEAR', suggested: false },
  openings: 1,
  filled: 0,
  applicantCount: 0,
  activeApplicantCount: 0,
  hiringTeam: { recruiterIds: [], hiringManagerIds: [], interviewerIds: [] },
  closeReason: null,
  version: 3,
  openedAt: null,
  closedAt: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  variables: { companyName: 'Acme' },
  description: { markdown: '', html: '' },
  findings: [],
  interviewPlan: [],
};

describe('Edit a job', () => {
  it('explains a conflicting change in words and offers to reload', async () => {
    let reloaded = 0;
    let sent: unknown;
    setApi(async (request) => {
      const url = new URL(request.url);
      if (request.method === 'PATCH') {
        sent = await request.json();
        return problem(409, {
          code: 'jobs.stale_version',
          detail: 'The job was changed since you read it; reload and try again.',
          errors: [{ field: 'version', message: 'stale version 3; current is 4' }],
        });
      }
      if (url.pathname.startsWith('/v1/templates/')) return json({ id: 't1', latestRevisionId: 'r1', latestRevision: { id: 'r1', number: 1, variables: [] } });
      if (url.pathname === '/v1/departments') return json({ data: [{ id: 'd1', name: 'Engineering', archived: false }], nextCursor: null });
      return json({ data: [], nextCursor: null });
    });
    renderWithProviders(<EditJobForm job={job as never} reload={() => (reloaded += 1)} />);
    const title = screen.getByRole('textbox', { name: /Job title/ });
    await userEvent.clear(title);
    await userEvent.type(title, 'Senior Backend Engineer');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Someone else changed this job')).toBeTruthy();
    expect(screen.queryByText(/stale version/)).toBeNull();
    expect(sent).toEqual({ version: 3, title: 'Senior Backend Engineer' });
    await userEvent.click(screen.getByRole('button', { name: 'Reload the job' }));
    expect(reloaded).toBe(1);
  });

  it('asks for a title beside the field instead of saving an empty one', async () => {
    let patched = false;
    setApi((request) => {
      if (request.method === 'PATCH') patched = true;
      return json({ data: [], nextCursor: null });
    });
    renderWithProviders(<EditJobForm job={job as never} reload={() => undefined} />);
    await userEvent.clear(screen.getByRole('textbox', { name: /Job title/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Give the job a title.')).toBeTruthy();
    expect(patched).toBe(false);
  });
});
