import { ISO_4217_CODES } from '../render/currency-codes.js';

/** A money amount found in free text, e.g. "$120k", "₹10L", "140,000 USD". */
export interface MoneyFigure {
  value: number;
  currency?: string;
  start: number;
  end: number;
}

const SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '₹': 'INR', '¥': 'JPY' };

const MULTIPLIERS: Array<[RegExp, number]> = [
  [/^k$/i, 1_000],
  [/^(?:l|lpa|lakhs?|lacs?)$/i, 100_000],
  [/^(?:m|mn)$/i, 1_000_000],
  [/^(?:cr|crores?)$/i, 10_000_000],
];

const AMOUNT = new RegExp(
  String.raw`(?<pre>[$€£₹¥]|\b[A-Z]{3}\b)?[ \t]?` +
    String.raw`(?<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)` +
    String.raw`(?:[ \t]?(?<suf>k|K|LPA|L|lakhs?|lacs?|mn|m|M|cr|crores?)(?![A-Za-z]))?` +
    String.raw`(?:[ \t]?(?<post>\b[A-Z]{3}\b))?`,
  'g',
);

const RANGE_JOINER = /^\s*(?:-|–|—|to|and)\s*$/i;

interface RawAmount {
  number: number;
  multiplier?: number;
  currency?: string;
  start: number;
  end: number;
}

function multiplierFor(suffix: string | undefined): number | undefined {
  if (!suffix) return undefined;
  return MULTIPLIERS.find(([pattern]) => pattern.test(suffix))?.[1];
}

/**
 * Money amounts in `text`. A number counts when it carries a currency (symbol or ISO 4217
 * code) or a money suffix (k, L/lakh, cr, m), or when it is one end of a range
 * ("120 – 150k USD") whose other end does. Years, percentages and counts are ignored.
 */
export function findMoneyFigures(text: string): MoneyFigure[] {
  const raw: RawAmount[] = [];
  for (const match of text.matchAll(AMOUNT)) {
    const groups = match.groups ?? {};
    const preCode = groups.pre && (SYMBOLS[groups.pre] ?? (ISO_4217_CODES.has(groups.pre) ? groups.pre : undefined));
    const postCode = groups.post && ISO_4217_CODES.has(groups.post) ? groups.post : undefined;
    let start = match.index ?? 0;
    let end = start + match[0].length;
    if (groups.pre && !preCode) start += match[0].indexOf(groups.num);
    if (groups.post && !postCode) end = start + match[0].slice(0, match[0].length - groups.post.length).trimEnd().length;
    raw.push({
      number: Number(groups.num.replace(/,/g, '')),
      multiplier: multiplierFor(groups.suf),
      currency: preCode || postCode || undefined,
      start,
      end,
    });
  }

  // Share currency and multiplier across the two ends of a range.
  for (let i = 0; i + 1 < raw.length; i++) {
    const a = raw[i];
    const b = raw[i + 1];
    if (!RANGE_JOINER.test(text.slice(a.end, b.start))) continue;
    a.multiplier ??= b.multiplier;
    b.multiplier ??= a.multiplier;
    a.currency ??= b.currency;
    b.currency ??= a.currency;
  }

  return raw
    .filter((amount) => amount.currency !== undefined || amount.multiplier !== undefined)
    .map((amount) => ({
      value: amount.number * (amount.multiplier ?? 1),
      ...(amount.currency ? { currency: amount.currency } : {}),
      start: amount.start,
      end: amount.end,
    }));
}
