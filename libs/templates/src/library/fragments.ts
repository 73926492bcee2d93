import { SECTION_ORDER, type TemplateSections, type TemplateVariable } from './template-content.js';

/**
 * A piece of a template. Built-ins are composed by merging a base fragment with one fragment
 * per axis (language, seniority, system type, work model), so each axis changes the text in
 * one place instead of 480 hand-written copies.
 */
export interface Fragment {
  /** Sentences appended to the summary paragraph. */
  summary?: string[];
  responsibilities?: string[];
  requirements?: string[];
  niceToHave?: string[];
  skills?: string[];
  interviewFocus?: string[];
  /** Sentences appended to the compensation note. */
  compensation?: string[];
}

/** Hard ceiling kept by every built-in, matching the `too-many-requirements` lint rule. */
export const BUILT_IN_MAX_REQUIREMENTS = 10;

const unique = (items: string[]): string[] => {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = item.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/** Merge fragments in order: lists are concatenated (duplicates dropped), sentences joined. */
export function composeSections(fragments: Fragment[]): TemplateSections {
  const all = <K extends keyof Fragment>(key: K): string[] => fragments.flatMap((f) => f[key] ?? []);
  const sections: TemplateSections = {
    summary: all('summary').join(' '),
    responsibilities: unique(all('responsibilities')),
    requirements: unique(all('requirements')),
    niceToHave: unique(all('niceToHave')),
    skills: unique(all('skills')),
    interviewFocus: unique(all('interviewFocus')),
    compensationNote: all('compensation').join(' '),
  };
  if (sections.requirements.length > BUILT_IN_MAX_REQUIREMENTS) {
    throw new Error(`composed template has ${sections.requirements.length} requirements (max ${BUILT_IN_MAX_REQUIREMENTS})`);
  }
  for (const key of SECTION_ORDER) {
    const value = sections[key];
    if (Array.isArray(value) ? value.length === 0 : value === '') {
      throw new Error(`composed template has an empty ${key} section`);
    }
  }
  return sections;
}

/** The variables every built-in declares. A fresh array each call, so callers may mutate it. */
export function builtInVariables(): TemplateVariable[] {
  return [
    { name: 'companyName', type: 'string', required: true, description: 'Name of the hiring company as candidates know it.' },
    { name: 'teamName', type: 'string', required: false, default: 'Engineering', description: 'Team the new hire joins.' },
    { name: 'location', type: 'string', required: false, default: 'Remote', description: 'Office city, region, or "Remote".' },
    { name: 'salaryMin', type: 'number', required: true, description: 'Bottom of the base salary range, for the pay period.' },
    { name: 'salaryMax', type: 'number', required: true, description: 'Top of the base salary range, for the pay period.' },
    { name: 'currency', type: 'currency', required: false, default: 'USD', description: 'ISO 4217 code of the salary range.' },
    {
      name: 'payPeriod',
      type: 'string',
      required: false,
      default: PAY_PERIOD_PHRASES.YEAR,
      description: 'Period the salary range is paid for, as written after it ("per year", "per month", "per hour"); a job fills it from its salary period.',
    },
  ];
}

/** Salary period of a job (YEAR, MONTH, HOUR) → the words the compensation sentence puts after the range. */
export const PAY_PERIOD_PHRASES: Readonly<Record<'YEAR' | 'MONTH' | 'HOUR', string>> = {
  YEAR: 'per year',
  MONTH: 'per month',
  HOUR: 'per hour',
};

/** The `payPeriod` value for a salary period; `undefined` for an unknown one (the variable's default applies). */
export function payPeriodPhrase(period: string | null | undefined): string | undefined {
  return period && Object.hasOwn(PAY_PERIOD_PHRASES, period) ? PAY_PERIOD_PHRASES[period as keyof typeof PAY_PERIOD_PHRASES] : undefined;
}

/** Compensation sentence shared by every built-in; carries the salary placeholders and the pay period. */
export const PAY_RANGE_SENTENCE =
  'The base salary for this role is {{salaryMin}}–{{salaryMax}} {{currency}} {{payPeriod}}. Where you land in that range depends on the scope you have already owned, and we talk about it openly during the process.';

/**
 * The usual engineering hiring loop, split so that role-specific interview steps can sit
 * between the technical interview (`opening`) and the final conversation (`closing`).
 * `exercise` is the family-specific practical step.
 */
export function hiringLoop(exercise: string): { opening: Fragment; closing: Fragment } {
  return {
    opening: {
      interviewFocus: [
        'A recruiter screen of about 30 minutes about your background, what you are looking for and practical details.',
        exercise,
        'A technical interview with engineers from {{teamName}}: a walkthrough of work you have done and of your exercise.',
      ],
    },
    closing: {
      interviewFocus: [
        'A conversation with the hiring manager and the team about how you like to work and what you want to learn next.',
        'The whole process normally takes three to five weeks, and we share the timeline on the first call.',
      ],
    },
  };
}
