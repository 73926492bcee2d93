export type LintRule =
  | 'pay-range-missing'
  | 'pay-range-too-wide'
  | 'experience-vs-seniority'
  | 'too-many-requirements'
  | 'exclusionary-language'
  | 'too-generic'
  | 'section-missing'
  | 'length'
  | 'salary-history-question';

export type LintSeverity = 'error' | 'warning' | 'info';

export interface LintFinding {
  rule: LintRule;
  severity: LintSeverity;
  message: string;
  /**
   * Where the finding is: a section name (`summary`, `compensationNote`), a list item
   * (`requirements[3]`), `title`, `document` for whole-text findings, or `markdown`
   * for every finding when markdown was linted.
   */
  section: string;
  /** Character offsets within that section's text (or within the markdown); 0,0 when not span-specific. */
  start: number;
  end: number;
  suggestion?: string;
}

export interface LintRuleInfo {
  id: LintRule;
  defaultSeverity: LintSeverity;
  description: string;
}

/** Upper bound for hard requirements before `too-many-requirements` fires. */
export const MAX_REQUIREMENTS = 10;
/** Word-count window outside which `length` warns. */
export const MIN_WORDS = 150;
export const MAX_WORDS = 1200;
/** `pay-range-too-wide` fires when max > WIDE_RANGE_RATIO × min. */
export const WIDE_RANGE_RATIO = 2;
/** `too-generic` fires when fewer distinct specific terms than this are found. */
export const MIN_SPECIFIC_TERMS = 2;

export const LINT_RULES: readonly LintRuleInfo[] = [
  {
    id: 'pay-range-missing',
    defaultSeverity: 'error',
    description:
      'No pay range: neither a salary in the lint context, nor {{salaryMin}}/{{salaryMax}} placeholders, nor two money figures in the compensation section. ' +
      'Also fires when the range is invalid (min above max, or not positive). Error when a pay range is required (the default), info otherwise.',
  },
  {
    id: 'pay-range-too-wide',
    defaultSeverity: 'warning',
    description: `The pay range is so wide it says little: the maximum is more than ${WIDE_RANGE_RATIO}× the minimum. Uses the context salary, else figures found in the compensation section.`,
  },
  {
    id: 'experience-vs-seniority',
    defaultSeverity: 'warning',
    description:
      'Years of experience asked for ("N+ years", "N-M years", "at least N years", "N or more years") do not match the seniority: ' +
      'junior asking 3+ years, mid asking 6+ or at most 1, senior asking under 3, staff asking under 5. Expected bands: junior 0–2, mid 2–5, senior 5+, staff 8+.',
  },
  {
    id: 'too-many-requirements',
    defaultSeverity: 'warning',
    description: `More than ${MAX_REQUIREMENTS} hard requirements; long must-have lists discourage qualified people from applying. Move some to nice to have.`,
  },
  {
    id: 'exclusionary-language',
    defaultSeverity: 'warning',
    description:
      'Words that put people off or signal bias (rockstar, ninja, guru, wizard, he/his/him for the candidate, native speaker, young, digital native, culture fit, manpower, aggressive, and a few more), each with the exact span and an alternative.',
  },
  {
    id: 'too-generic',
    defaultSeverity: 'warning',
    description: `Fewer than ${MIN_SPECIFIC_TERMS} distinct specifics (language, framework, datastore, infrastructure or product domain) were found, so the text could describe almost any role.`,
  },
  {
    id: 'section-missing',
    defaultSeverity: 'warning',
    description:
      'A section is missing or empty (one finding per section). When both the summary and the requirements are missing, those two findings are errors: the text then says neither what the role is nor who fits it.',
  },
  {
    id: 'length',
    defaultSeverity: 'warning',
    description: `Warning when the text has fewer than ${MIN_WORDS} or more than ${MAX_WORDS} words; otherwise an info finding reporting the word count.`,
  },
  {
    id: 'salary-history-question',
    defaultSeverity: 'warning',
    description:
      'The text or an application question asks for current or past pay ("current salary", "salary history", "how much do you earn"). ' +
      'The EU Pay Transparency Directive and many US states forbid asking; ask for expectations instead.',
  },
];
