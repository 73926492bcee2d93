import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, setApi } from '../../test/setup';
import { axeViolations, renderWithProviders } from '../../test/render';
import { PrivacySettingsForm } from './PrivacySettingsForm';

const SETTINGS = {
  privacyNoticeUrl: null,
  consentRequired: false,
  consentText: 'I agree that my data is processed as described in the privacy notice.',
  consentTextVersion: 'v1abc',
  closedApplicationDays: 180,
  inactiveCandidateDays: null,
  hiredCandidateDays: 2190,
  gracePeriodDays: 7,
};

function api(patch: (body: Record<string, unknown>) => Response) {
  const bodies: Record<string, unknown>[] = [];
  setApi(async (req) => {
    const path = new URL(req.url).pathname;
    if (path === '/v1/privacy/settings' && req.method === 'GET') return json(SETTINGS);
    if (path === '/v1/privacy/settings' && req.method === 'PATCH') {
      const body = (await req.json()) as Record<string, unknown>;
      bodies.push(body);
      return patch(body);
    }
    return json({ status: 404 }, 404);
  });
  return bodies;
}

describe('Privacy settings', () => {
  it('explains each rule in sentences and saves the notice, consent, rules (off as never) and grace period', async () => {
    const bodies = api((body) => json({ ...SETTINGS, ...body }));
    renderWithProviders(<PrivacySettingsForm />);
    const notice = await screen.findByRole('textbox', { name: /Privacy notice/ });
    expect(screen.getByText(/Candidates with an application in progress are never anonymised/)).toBeTruthy();
    expect(screen.getByText('Off: this rule never makes anyone due.')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
    await userEvent.click(notice);
    await userEvent.paste('https://example.com/privacy');
    await userEvent.click(screen.getByRole('checkbox', { name: /must agree to the privacy notice/ }));
    await userEvent.click(screen.getByRole('switch', { name: 'Anonymise hired candidates' }));
    await userEvent.click(screen.getByRole('switch', { name: 'Anonymise candidates nobody has worked with' }));
    const grace = screen.getByRole('textbox', { name: /Grace period/ });
    await userEvent.clear(grace);
    await userEvent.type(grace, '14');
    await userEvent.click(screen.getByRole('button', { name: 'Save privacy settings' }));
    await waitFor(() =>
      expect(bodies).toEqual([
        {
          privacyNoticeUrl: 'https://example.com/privacy',
          consentRequired: true,
          closedApplicationDays: 180,
          inactiveCandidateDays: 730,
          hiredCandidateDays: null,
          gracePeriodDays: 14,
        },
      ]),
    );
    expect(await screen.findByText('Saved.')).toBeTruthy();
  }, 60_000);

  it('shows the sentence of a 422 beside the notice field, without codes', async () => {
    api(() =>
      json(
        {
          type: 'about:blank',
          title: 'Unprocessable',
          status: 422,
          code: 'privacy.invalid_settings',
          detail: 'Asking for consent needs a privacy notice to point to.',
          errors: [{ field: 'privacyNoticeUrl', message: 'give the address of your privacy notice to ask candidates for consent' }],
        },
        422,
      ),
    );
    renderWithProviders(<PrivacySettingsForm />);
    await userEvent.click(await screen.findByRole('checkbox', { name: /must agree to the privacy notice/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save privacy settings' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('To ask candidates for consent, give the address of your privacy notice.');
    expect((await screen.findAllByText('Give the address of your privacy notice to ask candidates for consent.')).length).toBeGreaterThan(0);
    expect(document.body.textContent).not.toContain('privacy.invalid_settings');
    expect(document.body.textContent).not.toContain('privacyNoticeUrl');
  }, 60_000);

  it('puts a 400 on the notice address beside it, in words', async () => {
    api(() =>
      json(
        {
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          code: 'request.invalid',
          errors: [{ field: 'privacyNoticeUrl', message: 'privacyNoticeUrl must be an https address' }],
        },
        400,
      ),
    );
    renderWithProviders(<PrivacySettingsForm />);
    await userEvent.click(await screen.findByRole('textbox', { name: /Privacy notice/ }));
    await userEvent.paste('https://example.com/p');
    await userEvent.click(screen.getByRole('button', { name: 'Save privacy settings' }));
    expect((await screen.findAllByText('Enter a full web address starting with https://.')).length).toBeGreaterThan(0);
    expect(document.body.textContent).not.toContain('privacyNoticeUrl');
  }, 60_000);
});
