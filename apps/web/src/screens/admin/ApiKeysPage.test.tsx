import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { json, setApi } from '../../test/setup';
import ApiKeysPage from './ApiKeysPage';

describe('ApiKeysPage', () => {
  it('shows a new API key once after it is created, until the admin says they stored it', async () => {
    setApi((request) => {
      const path = new URL(request.url).pathname;
      if (request.method === 'POST' && path === '/v1/api-keys') {
        return json({ id: 'k1', name: 'HR sync', prefix: 'hl_ab', scopes: ['candidates:read'], key: 'hl_ab_secret', expiresAt: null }, 201);
      }
      return json({ data: [], nextCursor: null });
    });
    renderWithProviders(<ApiKeysPage />);
    fireEvent.change(await screen.findByRole('textbox', { name: /^Name/ }), { target: { value: 'HR sync' } });
    fireEvent.click(screen.getAllByRole('checkbox')[0]);
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    const heading = await screen.findByRole('heading', { name: 'Copy your new key now' });
    expect(heading.closest('[role="status"]')?.textContent).toContain('This is the only time Hireloop shows the key “HR sync”.');
    expect(screen.getByLabelText('The new API key').textContent).toBe('hl_ab_secret');
    fireEvent.click(screen.getByRole('button', { name: 'I have stored it' }));
    await waitFor(() => expect(screen.queryByLabelText('The new API key')).toBeNull());
  }, 30_000);
});
