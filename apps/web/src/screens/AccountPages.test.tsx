import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { tokenStore } from '../api/client';
import { axeViolations, renderWithAuth } from '../test/render';
import { json, setApi } from '../test/setup';
import { AcceptInvitation, ConfirmEmail, ConfirmEmailBanner, ForgotPassword, ResetPassword } from './AccountPages';
import { SignIn } from './SignIn';

// Generous waits: these pages type and submit whole forms, and CI machines are loaded.
vi.setConfig({ testTimeout: 30_000 });
configure({ asyncUtilTimeout: 10_000 });

const problem = (status: number, extra: object) => json({ type: 'about:blank', title: 'Problem', status, ...extra }, status);
const gone = () =>
  problem(410, { code: 'identity.invalid_account_link', detail: 'This link does not work any more: it expired or was already used. Ask for a new one.' });

/** A page at a URL (its `?token=`), with the app's providers; "/" shows where a signed-in person lands. */
function renderAt(url: string, page: ReactNode) {
  const path = url.split('?')[0];
  return renderWithAuth(
    <MemoryRouter initialEntries={[url]}>
      <Routes>
        <Route path={path} element={page} />
        <Route path="/" element={<p>Signed in home</p>} />
        <Route path="/forgot-password" element={<p>Forgot page</p>} />
      </Routes>
    </MemoryRouter>,
  );
}

async function bodyOf(request: Request): Promise<unknown> {
  return JSON.parse(await request.text()) as unknown;
}

describe('Sign in', () => {
  it('links to the forgotten-password page', async () => {
    renderAt('/login', <SignIn />);
    await userEvent.click(screen.getByRole('link', { name: 'Forgot your password?' }));
    expect(await screen.findByText('Forgot page')).toBeTruthy();
  });
});

describe('Forgot your password?', () => {
  it('asks for the email, sends it, and answers with the same sentence whoever it is', async () => {
    const sent: unknown[] = [];
    setApi(async (request) => {
      sent.push(await bodyOf(request));
      return json({ message: 'If an account uses this email address, we have sent it a link to choose a new password.' }, 202);
    });
    renderAt('/forgot-password', <ForgotPassword />);
    expect(await axeViolations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Send me a link' }));
    expect(await screen.findByText('Enter the email address you sign in with.')).toBeTruthy();
    expect(sent).toHaveLength(0);
    await userEvent.type(screen.getByRole('textbox', { name: /Email/ }), 'rita@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Send me a link' }));
    const status = await screen.findByRole('status');
    expect(status.textContent).toContain('If an account uses rita@example.com, we have sent it a link to choose a new password.');
    expect(sent).toEqual([{ email: 'rita@example.com' }]);
  });

  it('says in words when there were too many requests', async () => {
    setApi(() => problem(429, { code: 'identity.too_many_account_requests', detail: 'Too many requests. Try again in 40 minutes.' }));
    renderAt('/forgot-password', <ForgotPassword />);
    await userEvent.type(screen.getByRole('textbox', { name: /Email/ }), 'rita@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Send me a link' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Too many requests for now. Wait a while, then try again.');
    expect(screen.getByRole('alert').textContent).not.toContain('identity.');
  });
});

describe('Choose a new password (reset link)', () => {
  it('checks the two passwords match, sends the token with the new password and signs the person in', async () => {
    tokenStore.set(null);
    const sent: unknown[] = [];
    setApi(async (request) => {
      const url = new URL(request.url);
      if (url.pathname === '/v1/auth/reset-password') {
        sent.push(await bodyOf(request));
        return json({ accessToken: 'fresh-token', expiresIn: 3600 });
      }
      return json({ user: { id: 'u1', name: 'Rita', email: 'rita@example.com', roles: ['recruiter'], emailConfirmed: true }, organization: { name: 'Acme' } });
    });
    renderAt('/reset-password?token=tok-123', <ResetPassword />);
    expect(await axeViolations()).toEqual([]);
    await userEvent.type(screen.getByLabelText(/^New password/), 'a-long-passphrase');
    await userEvent.type(screen.getByLabelText(/^Repeat the new password/), 'a-different-one');
    await userEvent.click(screen.getByRole('button', { name: 'Save my new password' }));
    expect(await screen.findByText('The two passwords differ.')).toBeTruthy();
    expect(sent).toHaveLength(0);
    await userEvent.clear(screen.getByLabelText(/^Repeat the new password/));
    await userEvent.type(screen.getByLabelText(/^Repeat the new password/), 'a-long-passphrase');
    await userEvent.click(screen.getByRole('button', { name: 'Save my new password' }));
    expect(await screen.findByText('Signed in home')).toBeTruthy();
    expect(sent).toEqual([{ token: 'tok-123', password: 'a-long-passphrase' }]);
    expect(tokenStore.get()).toBe('fresh-token');
    tokenStore.set(null);
  });

  it('says in words that a used or expired link no longer works', async () => {
    setApi(() => gone());
    renderAt('/reset-password?token=old', <ResetPassword />);
    await userEvent.type(screen.getByLabelText(/^New password/), 'a-long-passphrase');
    await userEvent.type(screen.getByLabelText(/^Repeat the new password/), 'a-long-passphrase');
    await userEvent.click(screen.getByRole('button', { name: 'Save my new password' }));
    expect((await screen.findByRole('alert')).textContent).toContain('This link no longer works: it has expired or was already used.');
  });

  it('explains a link without its token', () => {
    renderAt('/reset-password', <ResetPassword />);
    expect(screen.getByRole('alert').textContent).toContain('This link is incomplete');
  });
});

describe('Accept an invitation', () => {
  it('greets the person by name and accepts with a password typed twice', async () => {
    tokenStore.set(null);
    const accepted: unknown[] = [];
    setApi(async (request) => {
      const url = new URL(request.url);
      if (url.pathname === '/v1/auth/invitation') return json({ name: 'Rita Recruiter' });
      if (url.pathname === '/v1/auth/accept-invitation') {
        accepted.push(await bodyOf(request));
        return json({ accessToken: 'invited-token', expiresIn: 3600 });
      }
      return json({ user: { id: 'u1', name: 'Rita', email: 'rita@example.com', roles: ['recruiter'], emailConfirmed: true }, organization: { name: 'Acme' } });
    });
    renderAt('/accept-invitation?token=inv-1', <AcceptInvitation />);
    expect(await screen.findByText(/Hello Rita Recruiter\./)).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
    await userEvent.type(screen.getByLabelText(/^New password/), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Accept and sign in' }));
    expect(await screen.findByText('Use at least 10 characters.')).toBeTruthy();
    await userEvent.clear(screen.getByLabelText(/^New password/));
    await userEvent.type(screen.getByLabelText(/^New password/), 'my-own-passphrase');
    await userEvent.type(screen.getByLabelText(/^Repeat the new password/), 'my-own-passphrase');
    await userEvent.click(screen.getByRole('button', { name: 'Accept and sign in' }));
    expect(await screen.findByText('Signed in home')).toBeTruthy();
    expect(accepted).toEqual([{ token: 'inv-1', password: 'my-own-passphrase' }]);
    tokenStore.set(null);
  });

  it('says an expired invitation cannot be used, with no form', async () => {
    setApi(() => gone());
    renderAt('/accept-invitation?token=late', <AcceptInvitation />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This link no longer works');
    expect(alert.textContent).toContain('An admin of your organization can invite you again.');
    expect(screen.queryByLabelText(/^New password/)).toBeNull();
  });
});

describe('Confirm your email address', () => {
  it('confirms with one button (opening the link alone confirms nothing)', async () => {
    const sent: unknown[] = [];
    setApi(async (request) => {
      sent.push(await bodyOf(request));
      return new Response(null, { status: 204 });
    });
    renderAt('/confirm-email?token=conf-1', <ConfirmEmail />);
    expect(await axeViolations()).toEqual([]);
    expect(sent).toHaveLength(0);
    await userEvent.click(screen.getByRole('button', { name: 'Confirm my email address' }));
    expect((await screen.findByRole('status')).textContent).toContain('Your email address is confirmed');
    expect(sent).toEqual([{ token: 'conf-1' }]);
  });

  it('says a used link no longer works', async () => {
    setApi(() => gone());
    renderAt('/confirm-email?token=used', <ConfirmEmail />);
    await userEvent.click(screen.getByRole('button', { name: 'Confirm my email address' }));
    expect((await screen.findByRole('alert')).textContent).toContain('This link no longer works');
  });
});

describe('The banner of an unconfirmed admin', () => {
  it('sends the link again and says so', async () => {
    let calls = 0;
    setApi(() => {
      calls += 1;
      return json({ sent: true }, 202);
    });
    renderAt('/jobs', <ConfirmEmailBanner email="ada@acme.test" />);
    expect(screen.getByRole('region', { name: 'Confirm your email address' }).textContent).toContain('We sent a link to ada@acme.test.');
    expect(await axeViolations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Send the link again' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('We sent a new link to ada@acme.test.'));
    expect(calls).toBe(1);
  });
});
