import { Offer } from './offer.entity.js';
import { OffersErrorCode, OffersException } from './offers.exception.js';
import { Compensation } from './rules/offer-state.js';

export const AUDITED = ['status', 'base', 'bonus', 'equity', 'startDate', 'expiresAt', 'notes', 'justification', 'outOfBand', 'approvalRound'];

export const notFound = () => new OffersException(OffersErrorCode.OfferNotFound, 'No such offer.');
export const applicationNotFound = () => new OffersException(OffersErrorCode.ApplicationNotFound, 'No such application.');
/** Offers answer 403 (not 404) to someone who may not work on a job's offers, as they always have. */
export const OFFER_DENIED = {
  hidden: () => new OffersException(OffersErrorCode.Forbidden, "Only admins, recruiters and the job's hiring managers may work on its offers."),
};

export function snapshot(o: Offer): Record<string, unknown> {
  return {
    status: o.status,
    base: { amount: Number(o.baseAmount), currency: o.baseCurrency, period: o.basePeriod },
    bonus: o.bonus,
    equity: o.equity,
    startDate: o.startDate,
    expiresAt: o.expiresAt.toISOString(),
    notes: o.notes,
    justification: o.justification,
    outOfBand: o.outOfBand,
    approvalRound: o.approvalRound,
  };
}

export function compensation(o: Offer): Compensation {
  return { base: { amount: Number(o.baseAmount), currency: o.baseCurrency, period: o.basePeriod }, bonus: o.bonus, equity: o.equity };
}
