import type { Seniority } from './template-content.js';

export interface SalaryReferenceRow {
  family: string;
  seniority: Seniority;
  /** Market the figure describes: `US`, `IN`, `GLOBAL`, or `INTL` (hiring outside the US). */
  market: string;
  /** ISO 4217 code the figures are in. */
  currency: string;
  period: 'YEAR';
  min: number;
  max: number;
  /** Which reference fact the row reflects. */
  source: string;
}

/**
 * Annual salary reference points taken from the seed material. Only the Backend Developer
 * family has figures; other families fall back to it in `suggestSalaryBand`. No staff
 * figure exists in the sources, so staff suggestions use the senior band (see there).
 * Rows are in preference order: the first row for a (family, seniority, market) wins.
 */
export const SALARY_REFERENCE: Array<SalaryReferenceRow> = [
  {
    family: 'backend-developer',
    seniority: 'junior',
    market: 'US',
    currency: 'USD',
    period: 'YEAR',
    min: 80_000,
    max: 120_000,
    source: 'US-market pay quoted for remote junior backend developers: $80k to $120k.',
  },
  {
    family: 'backend-developer',
    seniority: 'mid',
    market: 'US',
    currency: 'USD',
    period: 'YEAR',
    min: 140_000,
    max: 220_000,
    source: 'US-market pay quoted for remote mid-level backend developers: $140k to $220k.',
  },
  {
    family: 'backend-developer',
    seniority: 'senior',
    market: 'US',
    currency: 'USD',
    period: 'YEAR',
    min: 220_000,
    max: 350_000,
    source: 'US-market pay quoted for remote senior backend developers: $220k to $350k, with the top left open.',
  },
  {
    family: 'backend-developer',
    seniority: 'senior',
    market: 'US',
    currency: 'USD',
    period: 'YEAR',
    min: 200_000,
    max: 300_000,
    source: 'Where senior backend pay is said to level off ($200k to $300k) before people move into architecture, management or specialist tracks.',
  },
  {
    family: 'backend-developer',
    seniority: 'junior',
    market: 'GLOBAL',
    currency: 'USD',
    period: 'YEAR',
    min: 50_000,
    max: 80_000,
    source: 'Global figure for junior backend engineers with one to three years of experience: $50k to $80k a year, varying by location and skills.',
  },
  {
    family: 'backend-developer',
    seniority: 'junior',
    market: 'INTL',
    currency: 'USD',
    period: 'YEAR',
    min: 40_000,
    max: 60_000,
    source: 'US junior band with the 40–60% discount quoted for international hiring applied at its midpoint (half of $80k–$120k).',
  },
  {
    family: 'backend-developer',
    seniority: 'mid',
    market: 'INTL',
    currency: 'USD',
    period: 'YEAR',
    min: 70_000,
    max: 110_000,
    source: 'US mid-level band with the 40–60% discount quoted for international hiring applied at its midpoint (half of $140k–$220k).',
  },
  {
    family: 'backend-developer',
    seniority: 'senior',
    market: 'INTL',
    currency: 'USD',
    period: 'YEAR',
    min: 110_000,
    max: 175_000,
    source: 'US senior band with the 40–60% discount quoted for international hiring applied at its midpoint (half of $220k–$350k).',
  },
  {
    family: 'backend-developer',
    seniority: 'mid',
    market: 'IN',
    currency: 'INR',
    period: 'YEAR',
    min: 1_000_000,
    max: 7_000_000,
    source:
      'India: Java backend bands of ₹10L to ₹70L+ depending on the company; filed under mid-level because most Indian backend listings target 2–5 years. Very wide by nature.',
  },
];

export const DEFAULT_SALARY_FAMILY = 'backend-developer';

/** The market with the most reference rows (ties go to the one listed first). */
export const DEFAULT_SALARY_MARKET: string = (() => {
  const counts = new Map<string, number>();
  for (const row of SALARY_REFERENCE) counts.set(row.market, (counts.get(row.market) ?? 0) + 1);
  let best = SALARY_REFERENCE[0].market;
  for (const [market, count] of counts) if (count > (counts.get(best) ?? 0)) best = market;
  return best;
})();

export interface SalaryBandSuggestion {
  min: number;
  max: number;
  currency: string;
  period: 'YEAR';
  market: string;
  /** Family and seniority of the row actually used (differs from the input after a fallback). */
  basedOn: { family: string; seniority: Seniority };
  source: string;
}

/**
 * Suggest an annual band from `SALARY_REFERENCE`.
 * - family: rows of that family, or `backend-developer` when it has none;
 * - market: as given (case-insensitive); else the market of the first row in `currency`
 *   when a currency is given; else the market with the most data (`US`);
 * - seniority: the matching row; `staff` uses the senior row because the sources give no
 *   staff figure (the senior band's top is open-ended);
 * - returns null when nothing matches, or when `currency` differs from the row's currency
 *   (no exchange-rate conversion is attempted).
 */
export function suggestSalaryBand(input: { family?: string; seniority: Seniority; market?: string; currency?: string }): SalaryBandSuggestion | null {
  const family = input.family && SALARY_REFERENCE.some((row) => row.family === input.family) ? input.family : DEFAULT_SALARY_FAMILY;
  const rows = SALARY_REFERENCE.filter((row) => row.family === family);
  const currency = input.currency?.toUpperCase();

  let market = input.market?.toUpperCase();
  if (!market && currency) market = rows.find((row) => row.currency === currency)?.market;
  market ??= DEFAULT_SALARY_MARKET;

  const inMarket = rows.filter((row) => row.market === market);
  const row =
    inMarket.find((r) => r.seniority === input.seniority) ?? (input.seniority === 'staff' ? inMarket.find((r) => r.seniority === 'senior') : undefined);
  if (!row) return null;
  if (currency && currency !== row.currency) return null;

  return {
    min: row.min,
    max: row.max,
    currency: row.currency,
    period: row.period,
    market: row.market,
    basedOn: { family: row.family, seniority: row.seniority },
    source: row.source,
  };
}
