import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { axeViolations, renderWithProviders } from '../test/render';
import { json, setApi } from '../test/setup';
import { CareersBrandingSettings, contrastWithWhite } from './CareersBrandingSettings';

function api(patch: (body: Record<string, unknown>) => Response) {
  const sent: Record<string, unknown>[] = [];
  setApi(async (request) => {
    if (request.method === 'PATCH') {
      const body = (await request.json()) as Record<string, unknown>;
      sent.push(body);
      return patch(body);
    }
    return json({ requirePayRange: true, scorecardDeadlineHours: 24, logoUrl: null, accentColor: null });
  });
  return sent;
}

describe('CareersBrandingSettings', () => {
  it('computes WCAG contrast against white', () => {
    expect(contrastWithWhite('#000000')).toBeCloseTo(21, 0);
    expect(contrastWithWhite('#ffffff')).toBeCloseTo(1, 5);
    expect(contrastWithWhite('#1f5fbf')).toBeGreaterThan(4.5);
  });

  it('refuses a colour too light for white text before sending it, beside the field', async () => {
    const sent = api(() => json({}));
    renderWithProviders(<CareersBrandingSettings />);
    fireEvent.change(await screen.findByRole('textbox', { name: /Accent colour/ }), { target: { value: '#ffd75e' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save careers page' }));
    await screen.findByText('This colour is too light for white text: choose a darker shade');
    expect(sent).toEqual([]);
  });

  it('saves logo and colour, and shows the API’s refusal in words beside the field', async () => {
    const sent = api((body) =>
      body.logoUrl === 'https://cdn.example.com/bad.png'
        ? json({ status: 400, code: 'request.invalid', errors: [{ field: 'logoUrl', message: 'logoUrl must be an https address of an image' }] }, 400)
        : json({ requirePayRange: true, scorecardDeadlineHours: 24, ...body }),
    );
    renderWithProviders(<CareersBrandingSettings />);
    fireEvent.change(await screen.findByRole('textbox', { name: /Logo address/ }), { target: { value: 'https://cdn.example.com/logo.png' } });
    fireEvent.change(screen.getByRole('textbox', { name: /Accent colour/ }), { target: { value: '#1f5fbf' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save careers page' }));
    await screen.findByText('Saved.');
    expect(sent[0]).toEqual({ logoUrl: 'https://cdn.example.com/logo.png', accentColor: '#1f5fbf' });

    fireEvent.change(screen.getByRole('textbox', { name: /Logo address/ }), { target: { value: 'https://cdn.example.com/bad.png' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save careers page' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: /Logo address/ }).getAttribute('aria-invalid')).toBe('true'));
    expect(document.body.textContent).not.toMatch(/logoUrl/);
    expect(await axeViolations()).toEqual([]);
  }, 20_000);
});
