/** Enumerations of the offers module; the values are part of the public API. */

export enum OfferStatus {
  Draft = 'draft',
  PendingApproval = 'pending_approval',
  Approved = 'approved',
  Sent = 'sent',
  Accepted = 'accepted',
  Declined = 'declined',
  Withdrawn = 'withdrawn',
  Expired = 'expired',
}

export enum HiringDecisionKind {
  Offer = 'offer',
  Reject = 'reject',
}

export enum ApprovalDecision {
  Approved = 'approved',
  Rejected = 'rejected',
}

/** Pay periods, as the jobs module spells them (salary band) so a band and an offer compare directly. */
export enum PayPeriod {
  Year = 'YEAR',
  Month = 'MONTH',
  Hour = 'HOUR',
}

/** Roles an approval step may name instead of a user. `hiring_manager` and `recruiter` mean the job's own. */
export enum ApproverRole {
  HiringManager = 'hiring_manager',
  Recruiter = 'recruiter',
  Admin = 'admin',
}

export interface Money {
  amount: number;
  currency: string;
  period: PayPeriod;
}

export interface OfferBonus {
  amount: number;
  currency: string;
  /** e.g. "signing", "annual target". */
  kind?: string;
}

export interface OfferEquity {
  /** Units of `type` (options or RSUs), or a percentage when `type` is `percent`. */
  amount: number;
  type: 'options' | 'rsu' | 'percent';
  vestingYears?: number;
}

/** One step of the organization's approval chain setting: a named user or a role. */
export type ApprovalChainSetting = Array<{ userId: string } | { role: ApproverRole }>;

/** A step of the chain as resolved for one offer at submit time. */
export interface ApprovalStep {
  step: number;
  userId?: string;
  role?: ApproverRole;
  /** Why the step is there when it is not from the organization's chain (`out_of_band`). */
  reason?: 'out_of_band';
}

export const TERMINAL_OFFER_STATUSES: readonly OfferStatus[] = [OfferStatus.Accepted, OfferStatus.Declined, OfferStatus.Withdrawn, OfferStatus.Expired];
