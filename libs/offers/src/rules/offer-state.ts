import { OfferBonus, OfferEquity, OfferStatus, Money } from '../offer.types.js';

/** What can happen to an offer, and from which statuses. `approve` lands in `pending_approval` or `approved`. */
export type OfferAction = 'edit' | 'submit' | 'approve' | 'reject' | 'send' | 'accept' | 'decline' | 'withdraw' | 'expire';

const S = OfferStatus;

export const OFFER_TRANSITIONS: Record<OfferAction, { from: OfferStatus[]; to: OfferStatus | null }> = {
  edit: { from: [S.Draft, S.PendingApproval, S.Approved], to: null },
  submit: { from: [S.Draft], to: S.PendingApproval },
  approve: { from: [S.PendingApproval], to: null },
  reject: { from: [S.PendingApproval], to: S.Draft },
  send: { from: [S.Approved], to: S.Sent },
  accept: { from: [S.Sent], to: S.Accepted },
  decline: { from: [S.Sent], to: S.Declined },
  withdraw: { from: [S.Draft, S.PendingApproval, S.Approved, S.Sent], to: S.Withdrawn },
  expire: { from: [S.Draft, S.PendingApproval, S.Approved, S.Sent], to: S.Expired },
};

export function canTransition(action: OfferAction, from: OfferStatus): boolean {
  return OFFER_TRANSITIONS[action].from.includes(from);
}

/** The status after an approval: approved once every step of the chain is approved. */
export function statusAfterApproval(chainLength: number, approvedSteps: number): OfferStatus {
  return approvedSteps >= chainLength ? S.Approved : S.PendingApproval;
}

export interface Compensation {
  base: Money;
  bonus: OfferBonus | null;
  equity: OfferEquity | null;
}

function normalise(c: Compensation): string {
  return JSON.stringify({
    base: { amount: Number(c.base.amount), currency: c.base.currency.toUpperCase(), period: c.base.period },
    bonus: c.bonus ? { amount: Number(c.bonus.amount), currency: c.bonus.currency.toUpperCase(), kind: c.bonus.kind ?? null } : null,
    equity: c.equity ? { amount: Number(c.equity.amount), type: c.equity.type, vestingYears: c.equity.vestingYears ?? null } : null,
  });
}

export function compensationChanged(before: Compensation, after: Compensation): boolean {
  return normalise(before) !== normalise(after);
}

export interface EditOutcome {
  status: OfferStatus;
  /** Start a new approval round: approvals given so far no longer count. */
  clearApprovals: boolean;
}

/**
 * An edit of a draft keeps it a draft. Changing compensation once the offer is in approval (or
 * approved) clears the approvals and returns it to draft; other edits (notes, dates) keep them.
 */
export function applyEdit(status: OfferStatus, compensationDiffers: boolean): EditOutcome {
  if (!canTransition('edit', status)) throw new Error(`An offer in status ${status} cannot be edited`);
  if (compensationDiffers && (status === S.PendingApproval || status === S.Approved)) {
    return { status: S.Draft, clearApprovals: true };
  }
  return { status, clearApprovals: false };
}
