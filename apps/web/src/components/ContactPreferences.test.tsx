import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, setApi } from '../test/setup';
import { axeViolations, renderWithProviders } from '../test/render';
import { ContactPreferences } from './ContactPreferences';

describe('ContactPreferences', () => {
  it('turns "Do not contact" on with the version read, and says what it means', async () => {
    const bodies: unknown[] = [];
    setApi(async (request) => {
      if (request.method === 'PATCH' && new URL(request.url).pathname === '/v1/candidates/c1') {
        const body = (await request.json()) as Record<string, unknown>;
        bodies.push(body);
        return json({ id: 'c1', version: 4, doNotContact: body.doNotContact, timeZone: null });
      }
      return json({ status: 404 }, 404);
    });
    renderWithProviders(<ContactPreferences candidate={{ id: 'c1', version: 3, doNotContact: false, timeZone: null }} />);
    const region = await screen.findByRole('region', { name: 'Contact' });
    expect(region.textContent).toContain('only email about an application in progress');
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(screen.getByRole('switch', { name: /Do not contact/ }));
    await waitFor(() => expect(bodies).toEqual([{ doNotContact: true, version: 3 }]));
    await screen.findByText('Saved.');
  }, 30_000);

  it('sets the time zone from the list', async () => {
    const bodies: unknown[] = [];
    setApi(async (request) => {
      const body = (await request.json()) as Record<string, unknown>;
      bodies.push(body);
      return json({ id: 'c1', version: 2, doNotContact: false, timeZone: body.timeZone });
    });
    renderWithProviders(<ContactPreferences candidate={{ id: 'c1', version: 1, doNotContact: false, timeZone: null }} />);
    const select = await screen.findByRole('combobox', { name: /Time zone/ });
    expect((select as HTMLSelectElement).value).toBe('');
    fireEvent.change(select, { target: { value: 'Europe/Berlin' } });
    await waitFor(() => expect(bodies).toEqual([{ timeZone: 'Europe/Berlin', version: 1 }]));
  }, 30_000);
});
