import { OfferStatus, PayPeriod } from '../offer.types.js';
import { applyEdit, canTransition, Compensation, compensationChanged, OFFER_TRANSITIONS, OfferAction, statusAfterApproval } from '../rules/offer-state.js';

const ALL = Object.values(OfferStatus);
const S = OfferStatus;

const legal: Record<OfferAction, OfferStatus[]> = {
  edit: [S.Draft, S.PendingApproval, S.Approved],
  submit: [S.Draft],
  approve: [S.PendingApproval],
  reject: [S.PendingApproval],
  send: [S.Approved],
  accept: [S.Sent],
  decline: [S.Sent],
  withdraw: [S.Draft, S.PendingApproval, S.Approved, S.Sent],
  expire: [S.Draft, S.PendingApproval, S.Approved, S.Sent],
};

describe('offer state machine', () => {
  const cases = (Object.keys(legal) as OfferAction[]).flatMap((action) => ALL.map((from) => [action, from, legal[action].includes(from)] as const));

  it.each(cases)('%s from %s is legal: %s', (action, from, allowed) => {
    expect(canTransition(action, from)).toBe(allowed);
  });

  it('ends in the documented status', () => {
    expect(OFFER_TRANSITIONS.submit.to).toBe(S.PendingApproval);
    expect(OFFER_TRANSITIONS.reject.to).toBe(S.Draft);
    expect(OFFER_TRANSITIONS.send.to).toBe(S.Sent);
    expect(OFFER_TRANSITIONS.accept.to).toBe(S.Accepted);
    expect(OFFER_TRANSITIONS.decline.to).toBe(S.Declined);
    expect(OFFER_TRANSITIONS.withdraw.to).toBe(S.Withdrawn);
    expect(OFFER_TRANSITIONS.expire.to).toBe(S.Expired);
  });

  it('leaves no way out of a terminal status', () => {
    for (const terminal of [S.Accepted, S.Declined, S.Withdrawn, S.Expired]) {
      for (const action of Object.keys(legal) as OfferAction[]) expect(canTransition(action, terminal)).toBe(false);
    }
  });

  it('is approved only once every step is approved', () => {
    expect(statusAfterApproval(2, 1)).toBe(S.PendingApproval);
    expect(statusAfterApproval(2, 2)).toBe(S.Approved);
    expect(statusAfterApproval(1, 1)).toBe(S.Approved);
  });
});

describe('compensation changes', () => {
  const base: Compensation = {
    base: { amount: 120000, currency: 'EUR', period: PayPeriod.Year },
    bonus: { amount: 5000, currency: 'EUR', kind: 'signing' },
    equity: null,
  };

  it('detects a change of base, currency, period, bonus or equity', () => {
    expect(compensationChanged(base, { ...base, base: { ...base.base, amount: 121000 } })).toBe(true);
    expect(compensationChanged(base, { ...base, base: { ...base.base, currency: 'USD' } })).toBe(true);
    expect(compensationChanged(base, { ...base, base: { ...base.base, period: PayPeriod.Month } })).toBe(true);
    expect(compensationChanged(base, { ...base, bonus: null })).toBe(true);
    expect(compensationChanged(base, { ...base, equity: { amount: 1000, type: 'options' } })).toBe(true);
  });

  it('ignores representation differences (string amounts from numeric columns, currency case)', () => {
    expect(compensationChanged(base, { ...base, base: { amount: '120000.00' as unknown as number, currency: 'eur', period: PayPeriod.Year } })).toBe(false);
  });

  it('clears the approvals and returns to draft when compensation changes after approvals began', () => {
    expect(applyEdit(S.PendingApproval, true)).toEqual({ status: S.Draft, clearApprovals: true });
    expect(applyEdit(S.Approved, true)).toEqual({ status: S.Draft, clearApprovals: true });
  });

  it('keeps the approvals when only notes or dates change', () => {
    expect(applyEdit(S.PendingApproval, false)).toEqual({ status: S.PendingApproval, clearApprovals: false });
    expect(applyEdit(S.Approved, false)).toEqual({ status: S.Approved, clearApprovals: false });
  });

  it('keeps a draft a draft', () => {
    expect(applyEdit(S.Draft, true)).toEqual({ status: S.Draft, clearApprovals: false });
  });

  it('refuses edits once sent or closed', () => {
    for (const status of [S.Sent, S.Accepted, S.Declined, S.Withdrawn, S.Expired]) expect(() => applyEdit(status, true)).toThrow();
  });
});
