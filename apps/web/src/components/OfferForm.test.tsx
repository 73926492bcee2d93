import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DecideForm } from '../screens/manager/DecisionPacket';
import { json, setApi } from '../test/setup';
import { renderWithProviders } from '../test/render';
import { OfferForm } from './OfferForm';

const band = { min: 100000, max: 140000, currency: 'EUR', period: 'YEAR' };

function recordApi() {
  const sent: { method: string; path: string; body: unknown }[] = [];
  setApi(async (request) => {
    const url = new URL(request.url);
    const body: unknown = request.method === 'GET' ? undefined : await request.clone().json();
    sent.push({ method: request.method, path: url.pathname, body });
    if (url.pathname === '/v1/rejection-reasons') return json({ data: [{ id: 'r1', label: 'Not enough experience', kind: 'rejected' }] });
    if (url.pathname.endsWith('/decision')) return json({ id: 'd1', decision: 'offer' }, 201);
    if (url.pathname.endsWith('/offers')) return json({ id: 'o1', status: 'draft', version: 1, approvals: [] }, 201);
    return json({ title: 'Not found' }, 404);
  });
  return sent;
}

describe('OfferForm', () => {
  it('drafts an offer with a bonus in the base currency and equity, periods and equity kinds in words', async () => {
    const sent = recordApi();
    renderWithProviders(<OfferForm applicationId="a1" band={band} />);
    expect(screen.getByRole('option', { name: 'per year' })).toBeTruthy();
    expect(screen.getByRole('option', { name: 'Stock options' })).toBeTruthy();
    expect(screen.queryByRole('option', { name: 'YEAR' })).toBeNull();
    fireEvent.change(screen.getByRole('textbox', { name: /^Bonus amount/ }), { target: { value: '15000' } });
    await userEvent.type(screen.getByRole('textbox', { name: 'Kind of bonus' }), 'signing');
    fireEvent.change(screen.getByRole('textbox', { name: /^Equity amount/ }), { target: { value: '4000' } });
    await userEvent.click(screen.getByRole('button', { name: 'Create draft offer' }));
    await screen.findByText('The offer is drafted. Submit it for approval when it is ready.');
    const post = sent.find((r) => r.method === 'POST')!;
    expect(post.path).toBe('/v1/applications/a1/offers');
    expect(post.body).toMatchObject({
      base: { amount: 120000, currency: 'EUR', period: 'YEAR' },
      bonus: { amount: 15000, currency: 'EUR', kind: 'signing' },
      equity: { amount: 4000, type: 'options' },
    });
    expect(screen.getByRole('button', { name: 'Submit for approval' })).toBeTruthy();
  });

  it('sends no bonus or equity when they are left empty', async () => {
    const sent = recordApi();
    renderWithProviders(<OfferForm applicationId="a1" band={band} />);
    await userEvent.click(screen.getByRole('button', { name: 'Create draft offer' }));
    await waitFor(() => expect(sent.some((r) => r.method === 'POST')).toBe(true));
    const body = sent.find((r) => r.method === 'POST')!.body as Record<string, unknown>;
    expect(body.bonus).toBeUndefined();
    expect(body.equity).toBeUndefined();
  });
});

describe('DecideForm', () => {
  it('has no decision chosen, and asks for one before sending anything', async () => {
    const sent = recordApi();
    renderWithProviders(<DecideForm applicationId="a1" owed={[]} />);
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Make an offer' }).checked).toBe(false);
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'No hire' }).checked).toBe(false);
    await userEvent.type(screen.getByRole('textbox', { name: /^Rationale/ }), 'Strong signal across the whole loop of interviews.');
    await userEvent.click(screen.getByRole('button', { name: 'Record decision' }));
    expect(await screen.findByText('Choose: make an offer, or no hire')).toBeTruthy();
    expect(sent.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('names who still owes a scorecard in plain words and sends the acknowledgement only once ticked', async () => {
    const sent = recordApi();
    renderWithProviders(<DecideForm applicationId="a1" owed={['Bob Panel']} />);
    const ack = screen.getByRole('checkbox', { name: 'I decide now, without the scorecard still owed by Bob Panel' });
    expect(document.body.textContent).not.toMatch(/acknowledgeMissingFeedback/);
    await userEvent.click(screen.getByRole('radio', { name: 'Make an offer' }));
    await userEvent.type(screen.getByRole('textbox', { name: /^Rationale/ }), 'Strong signal across the whole loop of interviews.');
    await userEvent.click(screen.getByRole('button', { name: 'Record decision' }));
    expect(await screen.findByText(/Tick this to decide before every scorecard is in/)).toBeTruthy();
    expect(sent.filter((r) => r.method === 'POST')).toEqual([]);
    await userEvent.click(ack);
    await userEvent.click(screen.getByRole('button', { name: 'Record decision' }));
    await screen.findByRole('status');
    expect(sent.find((r) => r.method === 'POST')!.body).toMatchObject({ decision: 'offer', acknowledgeMissingFeedback: true });
  });
});
