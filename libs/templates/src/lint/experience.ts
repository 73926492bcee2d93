import type { Seniority } from '../library/template-content.js';

/** A years-of-experience ask found in text: "5+ years", "2-5 years", "at least 3 years". */
export interface ExperienceAsk {
  min: number;
  /** Upper bound for "N-M years"; undefined for open asks. */
  max?: number;
  start: number;
  end: number;
}

const WORDS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
};
const N = String.raw`(\d{1,2}|${Object.keys(WORDS).join('|')})`;
const YEARS = String.raw`(?:years?|yrs?)\b`;

const toNumber = (token: string): number => WORDS[token.toLowerCase()] ?? Number(token);

const PATTERNS: Array<{ regex: RegExp; read: (m: RegExpMatchArray) => { min: number; max?: number } }> = [
  { regex: new RegExp(String.raw`\b${N}\s*(?:-|–|—|to)\s*${N}\s*(?:\+\s*)?${YEARS}`, 'gi'), read: (m) => ({ min: toNumber(m[1]), max: toNumber(m[2]) }) },
  {
    regex: new RegExp(
      String.raw`\b(?:at\s+least|a\s+minimum\s+of|minimum(?:\s+of)?|min\.?|no\s+less\s+than|more\s+than|over)\s+${N}\s*(?:\+\s*)?${YEARS}`,
      'gi',
    ),
    read: (m) => ({ min: toNumber(m[1]) }),
  },
  { regex: new RegExp(String.raw`\b${N}\s*\+\s*${YEARS}`, 'gi'), read: (m) => ({ min: toNumber(m[1]) }) },
  { regex: new RegExp(String.raw`\b${N}\s+or\s+more\s+${YEARS}`, 'gi'), read: (m) => ({ min: toNumber(m[1]) }) },
  {
    regex: new RegExp(String.raw`\b${N}\s+${YEARS}(?:\s+of)?(?:\s+(?:professional|relevant|industry|hands-on|commercial|production))?\s+experience`, 'gi'),
    read: (m) => ({ min: toNumber(m[1]) }),
  },
];

/** Every distinct ask in `text`; overlapping matches keep the earliest, longest one. */
export function findExperienceAsks(text: string): ExperienceAsk[] {
  const found: ExperienceAsk[] = [];
  for (const { regex, read } of PATTERNS) {
    for (const match of text.matchAll(regex)) {
      const start = match.index ?? 0;
      found.push({ ...read(match), start, end: start + match[0].length });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: ExperienceAsk[] = [];
  for (const ask of found) {
    const last = kept[kept.length - 1];
    if (last && ask.start < last.end) continue;
    kept.push(ask);
  }
  return kept;
}

/** Typical experience band per level, used in messages. */
export const EXPECTED_YEARS: Record<Seniority, string> = {
  junior: '0–2 years',
  mid: '2–5 years',
  senior: '5+ years',
  staff: '8+ years',
};

/** Why an ask does not fit the level, or undefined when it fits. */
export function experienceMismatch(seniority: Seniority, ask: ExperienceAsk): string | undefined {
  const { min, max } = ask;
  switch (seniority) {
    case 'junior':
      return min >= 3 ? `asks for at least ${min} years, which is beyond a junior role` : undefined;
    case 'mid':
      if (min >= 6) return `asks for at least ${min} years, which reads as a senior or staff role`;
      if (max !== undefined && max <= 1) return `asks for at most ${max} year${max === 1 ? '' : 's'}, which reads as an entry-level role`;
      return undefined;
    case 'senior':
      return min < 3 ? `asks for only ${describeAsk(ask)}, which reads as a junior or mid-level role` : undefined;
    case 'staff':
      return min < 5 ? `asks for only ${describeAsk(ask)}, which is well short of a staff role` : undefined;
  }
}

function describeAsk({ min, max }: ExperienceAsk): string {
  return max === undefined ? `${min}+ years` : `${min}–${max} years`;
}
