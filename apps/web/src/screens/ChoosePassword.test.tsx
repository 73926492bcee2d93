import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { tokenStore } from '../api/client';
import { axeViolations, renderWithAuth } from '../test/render';
import { json, setApi } from '../test/setup';
import { ChoosePassword } from './ChoosePassword';

// Generous waits: the form is typed and submitted whole, and CI machines are loaded.
vi.setConfig({ testTimeout: 30_000 });
configure({ asyncUtilTimeout: 10_000 });

const me = {
  user: { id: 'u1', name: 'Rita', email: 'rita@example.com', roles: ['recruiter'], emailConfirmed: true, invitationPending: true },
  organization: { name: 'Acme' },
};

describe('Choose your password (after a one-time password)', () => {
  it('asks for every field, checks the two new passwords match, shows the server’s objection beside the new password, then saves', async () => {
    tokenStore.set('one-time-token');
    const sent: unknown[] = [];
    let refuse = true;
    setApi(async (request) => {
      if (new URL(request.url).pathname === '/v1/auth/password') {
        sent.push(JSON.parse(await request.text()) as unknown);
        if (refuse) {
          return json(
            {
              type: 'about:blank',
              title: 'Problem',
              status: 400,
              code: 'platform.invalid_request',
              errors: [{ field: 'newPassword', message: 'newPassword must be longer than or equal to 10 characters' }],
            },
            400,
          );
        }
        return json({ accessToken: 'own-token', expiresIn: 3600 });
      }
      return json(me);
    });
    renderWithAuth(<ChoosePassword />);
    expect(await screen.findByText(/Welcome, Rita\./)).toBeTruthy();
    expect(await axeViolations()).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Save my password' }));
    expect(await screen.findByText('Enter the one-time password you signed in with.')).toBeTruthy();
    expect(screen.getByText('Choose a new password.')).toBeTruthy();
    expect(screen.getByText('Repeat the new password.')).toBeTruthy();

    await userEvent.type(screen.getByLabelText(/^One-time password/), 'temporary-1');
    await userEvent.type(screen.getByLabelText(/^New password/), 'my-own-passphrase');
    await userEvent.type(screen.getByLabelText(/^Repeat the new password/), 'my-other-passphrase');
    await userEvent.click(screen.getByRole('button', { name: 'Save my password' }));
    expect(await screen.findByText('The two passwords differ.')).toBeTruthy();
    expect(sent).toHaveLength(0);

    await userEvent.clear(screen.getByLabelText(/^Repeat the new password/));
    await userEvent.type(screen.getByLabelText(/^Repeat the new password/), 'my-own-passphrase');
    await userEvent.click(screen.getByRole('button', { name: 'Save my password' }));
    expect(await screen.findByText('Use at least 10 characters.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText(/^New password/)));

    refuse = false;
    await userEvent.click(screen.getByRole('button', { name: 'Save my password' }));
    await waitFor(() => expect(tokenStore.get()).toBe('own-token'));
    expect(sent).toEqual([
      { currentPassword: 'temporary-1', newPassword: 'my-own-passphrase' },
      { currentPassword: 'temporary-1', newPassword: 'my-own-passphrase' },
    ]);
    tokenStore.set(null);
  });
});
