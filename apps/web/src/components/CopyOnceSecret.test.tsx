import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SIGNING_SECRET_TEXTS } from '../screens/admin/WebhooksPage';
import { axeViolations, renderWithProviders } from '../test/render';
import { CopyOnceSecret } from './CopyOnceSecret';

describe('CopyOnceSecret', () => {
  it('announces the secret, shows it in full under its name, copies it and stays until dismissed', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const dismissed = vi.fn();
    renderWithProviders(
      <CopyOnceSecret
        {...SIGNING_SECRET_TEXTS}
        title="Webhook added"
        value="whsec_abc123"
        note="A test message reached your receiver."
        onDismiss={dismissed}
      />,
    );
    const block = screen.getByRole('status');
    expect(block.getAttribute('aria-live')).toBe('polite');
    expect(screen.getByRole('heading', { name: 'Webhook added' })).toBeTruthy();
    expect(block.textContent).toContain('This is the only time it is shown.');
    expect(block.textContent).toContain('A test message reached your receiver.');
    expect(screen.getByLabelText('The signing secret').textContent).toBe('whsec_abc123');
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Copy secret' }));
    await screen.findByRole('button', { name: 'Copied' });
    expect(writeText).toHaveBeenCalledWith('whsec_abc123');

    fireEvent.click(screen.getByRole('button', { name: 'I have stored the secret' }));
    expect(dismissed).toHaveBeenCalledTimes(1);
  }, 30_000);
});
