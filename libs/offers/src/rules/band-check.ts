import { Money, PayPeriod } from '../offer.types.js';

/** The job's salary band as the jobs module stores it; any part may be missing. */
export interface SalaryBand {
  min: number | null;
  max: number | null;
  currency: string | null;
  period: PayPeriod | string | null;
}

export interface BandCheck {
  /** True when the base pay is outside the band or cannot be compared to it (another currency). */
  outOfBand: boolean;
  /** Human-readable reasons, empty when within band. */
  reasons: string[];
}

/** Working hours per year and months per year used to compare pay quoted over different periods. */
const PER_YEAR: Record<PayPeriod, number> = { [PayPeriod.Year]: 1, [PayPeriod.Month]: 12, [PayPeriod.Hour]: 2080 };

function annualise(amount: number, period: string): number {
  const factor = PER_YEAR[period as PayPeriod];
  return factor === undefined ? amount : amount * factor;
}

/**
 * Compares an offer's base pay with the job's band. Another currency is always out of band (no
 * exchange rates are guessed); different periods are compared on a yearly basis (12 months,
 * 2080 hours). A job without a band puts no limit on the offer.
 */
export function checkBand(base: Money, band: SalaryBand): BandCheck {
  if (band.min === null && band.max === null) return { outOfBand: false, reasons: [] };
  const reasons: string[] = [];
  if (band.currency && band.currency.toUpperCase() !== base.currency.toUpperCase()) {
    reasons.push(`the offer is in ${base.currency}, the job's band in ${band.currency}`);
    return { outOfBand: true, reasons };
  }
  const bandPeriod = band.period ?? base.period;
  const offered = annualise(base.amount, base.period);
  if (band.min !== null && offered < annualise(band.min, bandPeriod) - 0.005) {
    reasons.push(`the base pay is below the band minimum of ${band.min} ${band.currency ?? ''} per ${bandPeriod.toLowerCase()}`.replace('  ', ' '));
  }
  if (band.max !== null && offered > annualise(band.max, bandPeriod) + 0.005) {
    reasons.push(`the base pay is above the band maximum of ${band.max} ${band.currency ?? ''} per ${bandPeriod.toLowerCase()}`.replace('  ', ' '));
  }
  return { outOfBand: reasons.length > 0, reasons };
}
