import { configure, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tokenStore } from '../api/client';
import { axeViolations, renderWithAuth } from '../test/render';
import { json, setApi } from '../test/setup';
import { SignIn } from './SignIn';

// Generous waits: these tests type and submit whole forms, and CI machines are loaded.
vi.setConfig({ testTimeout: 30_000 });
configure({ asyncUtilTimeout: 10_000 });

const problem = (status: number, extra: object) => json({ type: 'about:blank', title: 'Problem', status, ...extra }, status);
const ME = { user: { id: 'u1', name: 'Rita', email: 'rita@example.com', roles: ['recruiter'], emailConfirmed: true }, organization: { name: 'Acme' } };

function renderSignIn() {
  return renderWithAuth(
    <MemoryRouter initialEntries={['/login']}>
      <SignIn />
    </MemoryRouter>,
  );
}

/** A fake API whose sign-in asks for an organization unless the body names one; records each sign-in body. */
function twoOrganizations(
  organizations = [
    { slug: 'acme-robotics', name: 'Acme Robotics' },
    { slug: 'globex', name: 'Globex' },
  ],
) {
  const sent: unknown[] = [];
  setApi(async (request) => {
    const url = new URL(request.url);
    if (url.pathname !== '/v1/auth/login') return json(ME);
    const body = JSON.parse(await request.text()) as { organizationSlug?: string };
    sent.push(body);
    if (!body.organizationSlug) {
      return problem(409, {
        code: 'identity.organization_required',
        detail: 'This email address signs in to several organizations: choose one.',
        organizations,
      });
    }
    return json({ accessToken: `token-for-${body.organizationSlug}`, expiresIn: 3600 });
  });
  return sent;
}

async function signInAs(email: string, password: string) {
  await userEvent.type(screen.getByRole('textbox', { name: /Email/ }), email);
  await userEvent.type(screen.getByLabelText(/^Password/), password);
  await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('Sign in with accounts in several organizations', () => {
  afterEach(() => tokenStore.set(null));

  it('asks which organization, in words, and signs in to the one chosen', async () => {
    tokenStore.set(null);
    const sent = twoOrganizations();
    renderSignIn();
    await signInAs('rita@example.com', 'a-long-passphrase');

    const group = await screen.findByRole('radiogroup', { name: /Which organization do you want to sign in to\?/ });
    expect(group).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Acme Robotics' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Globex' })).toBeTruthy();
    // No code, no error alert: a question with a choice.
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.body.textContent).not.toMatch(/identity\.|organization_required|409/);
    expect(tokenStore.get()).toBeNull();
    expect(await axeViolations()).toEqual([]);

    // Signing in again without choosing asks for the choice and sends nothing.
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Choose the organization to sign in to.')).toBeTruthy();
    expect(sent).toHaveLength(1);

    await userEvent.click(screen.getByRole('radio', { name: 'Globex' }));
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await vi.waitFor(() => expect(tokenStore.get()).toBe('token-for-globex'));
    expect(sent).toEqual([
      { email: 'rita@example.com', password: 'a-long-passphrase' },
      { email: 'rita@example.com', password: 'a-long-passphrase', organizationSlug: 'globex' },
    ]);
  });

  it('forgets the choice when the email or password changes (it belonged to that password)', async () => {
    tokenStore.set(null);
    const sent = twoOrganizations();
    renderSignIn();
    await signInAs('rita@example.com', 'a-long-passphrase');
    await screen.findByRole('radiogroup');
    await userEvent.type(screen.getByLabelText(/^Password/), '2');
    expect(screen.queryByRole('radiogroup')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('radiogroup');
    expect(sent).toEqual([
      { email: 'rita@example.com', password: 'a-long-passphrase' },
      { email: 'rita@example.com', password: 'a-long-passphrase2' },
    ]);
  });

  it('tells two organizations of the same name apart by their careers page', async () => {
    tokenStore.set(null);
    twoOrganizations([
      { slug: 'acme-berlin', name: 'Acme' },
      { slug: 'acme-paris', name: 'Acme' },
    ]);
    renderSignIn();
    await signInAs('rita@example.com', 'a-long-passphrase');
    await screen.findByRole('radiogroup');
    expect(screen.getByText(/careers\/acme-berlin$/)).toBeTruthy();
    expect(screen.getByText(/careers\/acme-paris$/)).toBeTruthy();
  });

  it('says a wrong password in words, with no choice', async () => {
    tokenStore.set(null);
    setApi(() => problem(401, { code: 'identity.invalid_credentials', detail: 'Email or password is incorrect.' }));
    renderSignIn();
    await signInAs('rita@example.com', 'wrong-passphrase');
    expect((await screen.findByRole('alert')).textContent).toContain("That email and password don't match.");
    expect(screen.queryByRole('radiogroup')).toBeNull();
  });
});

describe('demo sign-in hint', () => {
  afterEach(() => document.head.querySelector('meta[name="hireloop-demo-sign-in"]')?.remove());

  it('is not shown on an instance without the demo organization', () => {
    renderSignIn();
    expect(screen.getByRole('heading', { name: 'Sign in to Hireloop' })).toBeTruthy();
    expect(screen.queryByText(/^Demo:/)).toBeNull();
  });

  it('shows the sign-in the server put in the page where the demo organization is loaded', () => {
    const meta = document.createElement('meta');
    meta.name = 'hireloop-demo-sign-in';
    meta.content = 'recruiter@demo.hireloop.dev / hireloop-demo-1';
    document.head.append(meta);
    renderSignIn();
    expect(screen.getByText('Demo: recruiter@demo.hireloop.dev / hireloop-demo-1')).toBeTruthy();
  });
});
