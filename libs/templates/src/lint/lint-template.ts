import { SECTION_HEADINGS, SECTION_ORDER, type Seniority, type TemplateSections } from '../library/template-content.js';
import { extractPlaceholders } from '../render/placeholders.js';
import { EXPECTED_YEARS, experienceMismatch, findExperienceAsks } from './experience.js';
import { documentFromMarkdown, documentFromSections, type LintDocument, type TextSegment } from './lint-document.js';
import {
  MAX_REQUIREMENTS,
  MAX_WORDS,
  MIN_SPECIFIC_TERMS,
  MIN_WORDS,
  WIDE_RANGE_RATIO,
  type LintFinding,
  type LintRule,
  type LintSeverity,
} from './lint-rules.js';
import { findMoneyFigures } from './pay-figures.js';
import { EXCLUSIONARY_TERMS, exclusionaryRegex, SPECIFIC_TERMS, specificRegex } from './word-lists.js';

export interface LintInput {
  sections?: Partial<TemplateSections>;
  markdown?: string;
  /** Application questions asked with the job (each linted on its own, reported as `questions[i]`). */
  questions?: string[];
}

export interface LintContext {
  /** Whether a missing pay range is an error (default) or only worth an info. */
  requirePayRange?: boolean;
  seniority?: Seniority;
  salary?: { min: number; max: number; currency?: string } | null;
  title?: string;
}

/**
 * Run every rule over a template given as sections or as markdown (markdown wins when both
 * are given). Findings are sorted by section (document order) then by start offset.
 */
export function lintTemplate(input: LintInput, context: LintContext = {}): LintFinding[] {
  const doc = typeof input.markdown === 'string' ? documentFromMarkdown(input.markdown) : documentFromSections(input.sections ?? {}, context.title);
  if (typeof input.markdown === 'string' && context.title) {
    // The title lives outside the markdown: lint it, but report it as `title`.
    doc.segments.unshift({ key: 'title', label: 'title', text: context.title, offset: -1 });
  }

  const findings = new FindingSink(doc);
  const questions: TextSegment[] = (input.questions ?? []).map((text, index) => ({ key: 'other', index, label: `questions[${index}]`, text, offset: -1 }));
  checkSalaryHistory([...doc.segments, ...questions], findings);
  checkPayRange(doc, context, findings);
  checkExperience(doc, context, findings);
  checkRequirementCount(doc, findings);
  checkExclusionaryLanguage(doc, findings);
  checkSpecificity(doc, findings);
  checkSectionsPresent(doc, findings);
  checkLength(doc, findings);
  return findings.sorted();
}

class FindingSink {
  private readonly findings: LintFinding[] = [];

  constructor(private readonly doc: LintDocument) {}

  /** A finding about a span of one segment. */
  atSpan(segment: TextSegment, rule: LintRule, severity: LintSeverity, message: string, start: number, end: number, suggestion?: string): void {
    const inMarkdown = this.doc.mode === 'markdown' && segment.offset >= 0;
    this.findings.push({
      rule,
      severity,
      message,
      section: inMarkdown ? 'markdown' : segment.label,
      start: inMarkdown ? segment.offset + start : start,
      end: inMarkdown ? segment.offset + end : end,
      ...(suggestion === undefined ? {} : { suggestion }),
    });
  }

  /** A finding about a whole section or the whole document (no span). */
  about(section: string, rule: LintRule, severity: LintSeverity, message: string, suggestion?: string): void {
    this.findings.push({
      rule,
      severity,
      message,
      section: this.doc.mode === 'markdown' ? 'markdown' : section,
      start: 0,
      end: 0,
      ...(suggestion === undefined ? {} : { suggestion }),
    });
  }

  sorted(): LintFinding[] {
    return [...this.findings].sort(
      (a, b) =>
        sectionRank(a.section) - sectionRank(b.section) ||
        itemIndex(a.section) - itemIndex(b.section) ||
        a.start - b.start ||
        a.end - b.end ||
        a.rule.localeCompare(b.rule),
    );
  }
}

const RANK: Record<string, number> = { markdown: 0, title: 1, other: 2 + SECTION_ORDER.length, document: 3 + SECTION_ORDER.length };
SECTION_ORDER.forEach((key, i) => (RANK[key] = 2 + i));

function sectionRank(section: string): number {
  return RANK[section.replace(/\[\d+\]$/, '')] ?? 99;
}
function itemIndex(section: string): number {
  const match = /\[(\d+)\]$/.exec(section);
  return match ? Number(match[1]) : -1;
}

const segmentsOf = (doc: LintDocument, ...keys: string[]) => doc.segments.filter((s) => keys.includes(s.key));

// --- pay-range-missing, pay-range-too-wide --------------------------------------------------

function checkPayRange(doc: LintDocument, context: LintContext, sink: FindingSink): void {
  const required = context.requirePayRange ?? true;
  const missingSeverity: LintSeverity = required ? 'error' : 'info';
  const salaryHint = 'State a base pay range, e.g. "{{salaryMin}}–{{salaryMax}} {{currency}} per year", or pass the job\'s salary band.';

  if (context.salary) {
    const { min, max } = context.salary;
    if (!Number.isFinite(min) || !Number.isFinite(max) || min <= 0 || max < min) {
      sink.about(
        'compensationNote',
        'pay-range-missing',
        missingSeverity,
        `The salary range ${min}–${max} is not a valid range (min must be positive and not above max).`,
        salaryHint,
      );
      return;
    }
    if (max > WIDE_RANGE_RATIO * min) {
      sink.about('compensationNote', 'pay-range-too-wide', 'warning', tooWideMessage(min, max, context.salary.currency), narrowHint(min));
    }
    return;
  }

  const notes = segmentsOf(doc, 'compensationNote');
  const placeholders = new Set(notes.flatMap((s) => extractPlaceholders(s.text)));
  const placeholderCount = ['salaryMin', 'salaryMax'].filter((name) => placeholders.has(name)).length;
  const figures = notes.flatMap((segment) => findMoneyFigures(segment.text).map((figure) => ({ segment, figure })));

  if (placeholderCount + figures.length < 2) {
    const message =
      placeholderCount + figures.length === 1
        ? 'The compensation section gives a single figure, not a pay range.'
        : 'No pay range: the compensation section has neither salary placeholders nor figures, and no salary was given.';
    sink.about('compensationNote', 'pay-range-missing', missingSeverity, message, salaryHint);
    return;
  }

  if (figures.length >= 2 && placeholderCount === 0) {
    const [low, high] = [figures[0], figures[1]];
    const min = Math.min(low.figure.value, high.figure.value);
    const max = Math.max(low.figure.value, high.figure.value);
    if (low.segment === high.segment && min > 0 && max > WIDE_RANGE_RATIO * min) {
      sink.atSpan(
        low.segment,
        'pay-range-too-wide',
        'warning',
        tooWideMessage(min, max, low.figure.currency),
        low.figure.start,
        high.figure.end,
        narrowHint(min),
      );
    }
  }
}

function tooWideMessage(min: number, max: number, currency?: string): string {
  const ratio = Math.round((max / min) * 10) / 10;
  return `The pay range ${min}–${max}${currency ? ` ${currency}` : ''} is ${ratio}× from bottom to top; more than ${WIDE_RANGE_RATIO}× tells candidates little.`;
}
function narrowHint(min: number): string {
  return `Narrow the range to at most ${WIDE_RANGE_RATIO}× (e.g. top at ${WIDE_RANGE_RATIO * min}), or split the role into levels.`;
}

// --- salary-history-question ---------------------------------------------------------------

/**
 * Asking for current or past pay, in English: "current/previous/past/prior/last/former (annual|base|total) salary/pay/
 * compensation/wage(s)/earnings/remuneration/income", "salary/pay/compensation/wage/earnings history", "how much do/did
 * you (currently) earn/make/get paid". Words separated by whitespace only, no nested repeats (linear time).
 */
const SALARY_HISTORY =
  /\b(?:(?:current|present|previous|prior|past|last|former)\s+(?:annual\s+|base\s+|total\s+)?(?:salary|salaries|pay|compensation|wages?|earnings|remuneration|income)|(?:salary|pay|compensation|wage|earnings)\s+history|how\s+much\s+(?:do|did)\s+you\s+(?:currently\s+)?(?:earn|make|get\s+paid))\b/gi;

function checkSalaryHistory(segments: TextSegment[], sink: FindingSink): void {
  for (const segment of segments) {
    for (const match of segment.text.matchAll(SALARY_HISTORY)) {
      const start = match.index ?? 0;
      sink.atSpan(
        segment,
        'salary-history-question',
        'warning',
        `"${match[0]}" asks for the candidate's current or past pay, which pay transparency laws (EU, many US states) forbid.`,
        start,
        start + match[0].length,
        'Ask for their salary expectations instead, and state the pay range for the role.',
      );
    }
  }
}

// --- experience-vs-seniority -----------------------------------------------------------------

function checkExperience(doc: LintDocument, context: LintContext, sink: FindingSink): void {
  const seniority = context.seniority;
  if (!seniority) return;
  for (const segment of segmentsOf(doc, 'requirements', 'summary')) {
    for (const ask of findExperienceAsks(segment.text)) {
      const problem = experienceMismatch(seniority, ask);
      if (!problem) continue;
      sink.atSpan(
        segment,
        'experience-vs-seniority',
        'warning',
        `"${segment.text.slice(ask.start, ask.end)}" ${problem}.`,
        ask.start,
        ask.end,
        `For a ${seniority} role ask for about ${EXPECTED_YEARS[seniority]}, or change the level.`,
      );
    }
  }
}

// --- too-many-requirements -------------------------------------------------------------------

function checkRequirementCount(doc: LintDocument, sink: FindingSink): void {
  const count = doc.sections.requirements.filter((item) => item.trim() !== '').length;
  if (count > MAX_REQUIREMENTS) {
    sink.about(
      'requirements',
      'too-many-requirements',
      'warning',
      `${count} requirements; more than ${MAX_REQUIREMENTS} must-haves discourages qualified people from applying.`,
      'Keep the few that are truly needed on day one and move the rest to nice to have.',
    );
  }
}

// --- exclusionary-language -------------------------------------------------------------------

const EXCLUSIONARY = EXCLUSIONARY_TERMS.map((term) => ({
  ...term,
  regex: exclusionaryRegex(term),
}));

function checkExclusionaryLanguage(doc: LintDocument, sink: FindingSink): void {
  for (const segment of doc.segments) {
    const hits: Array<{ start: number; end: number; reason: string; suggestion: string }> = [];
    for (const term of EXCLUSIONARY) {
      for (const match of segment.text.matchAll(term.regex)) {
        const start = match.index ?? 0;
        hits.push({ start, end: start + match[0].length, reason: term.reason, suggestion: term.suggestion });
      }
    }
    hits.sort((a, b) => a.start - b.start || b.end - a.end);
    let lastEnd = -1;
    for (const hit of hits) {
      if (hit.start < lastEnd) continue;
      lastEnd = hit.end;
      const word = segment.text.slice(hit.start, hit.end);
      sink.atSpan(segment, 'exclusionary-language', 'warning', `"${word}" ${hit.reason}.`, hit.start, hit.end, hit.suggestion);
    }
  }
}

// --- too-generic -----------------------------------------------------------------------------

const SPECIFIC = Object.entries(SPECIFIC_TERMS).flatMap(([category, terms]) =>
  terms.map((term) => ({
    category,
    label: term.label,
    regex: specificRegex(term),
  })),
);

/** Distinct specific terms (languages, frameworks, datastores, infrastructure, domains) in the text. */
export function findSpecificTerms(text: string): string[] {
  return SPECIFIC.filter((term) => term.regex.test(text)).map((term) => term.label);
}

function checkSpecificity(doc: LintDocument, sink: FindingSink): void {
  const text = doc.segments
    .filter((s) => s.key !== 'title')
    .map((s) => s.text)
    .join('\n');
  if (text.trim() === '') return; // section-missing already says everything
  const found = findSpecificTerms(text);
  if (found.length < MIN_SPECIFIC_TERMS) {
    sink.about(
      'document',
      'too-generic',
      'warning',
      found.length === 0
        ? 'Nothing tells this role apart: no language, framework, datastore, infrastructure or product domain is named.'
        : `Only one specific is named (${found.join(', ')}); the text could describe almost any role.`,
      'Name the stack (e.g. Go, PostgreSQL, Kafka) and what the team builds (e.g. billing, identity, search).',
    );
  }
}

// --- section-missing -------------------------------------------------------------------------

function checkSectionsPresent(doc: LintDocument, sink: FindingSink): void {
  const isEmpty = (key: keyof TemplateSections): boolean => {
    const value = doc.sections[key];
    return Array.isArray(value) ? value.every((item) => item.trim() === '') : value.trim() === '';
  };
  const bothCoreMissing = isEmpty('summary') && isEmpty('requirements');
  for (const key of SECTION_ORDER) {
    if (!isEmpty(key)) continue;
    const severity: LintSeverity = bothCoreMissing && (key === 'summary' || key === 'requirements') ? 'error' : 'warning';
    sink.about(
      key,
      'section-missing',
      severity,
      `The "${SECTION_HEADINGS[key]}" section (${key}) is missing or empty.`,
      doc.mode === 'markdown' ? `Add a "## ${SECTION_HEADINGS[key]}" section.` : `Fill in ${key}.`,
    );
  }
}

// --- length ----------------------------------------------------------------------------------

export function countWords(text: string): number {
  return (text.match(/\S+/g) ?? []).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

function checkLength(doc: LintDocument, sink: FindingSink): void {
  const words = doc.segments.filter((s) => s.key !== 'title').reduce((sum, s) => sum + countWords(s.text), 0);
  if (words < MIN_WORDS) {
    sink.about(
      'document',
      'length',
      'warning',
      `${words} words; under ${MIN_WORDS} words rarely tells a candidate enough about the role.`,
      'Describe the team, the systems and what a first few months look like.',
    );
  } else if (words > MAX_WORDS) {
    sink.about(
      'document',
      'length',
      'warning',
      `${words} words; over ${MAX_WORDS} words and many candidates stop reading.`,
      'Cut repetition and move company boilerplate to the careers page.',
    );
  } else {
    sink.about('document', 'length', 'info', `${words} words (within ${MIN_WORDS}–${MAX_WORDS}).`);
  }
}
