import type { KitContent } from './kit-content.js';

/**
 * Structural and semantic validation of interview-kit content.
 *
 * Used for the built-in kits (in tests) and for kits authored by users, so it
 * accepts `unknown` and never throws: it returns every problem it finds, each
 * naming the offending field with a path such as `questions[2].competencies[0]`.
 * An empty array means the kit is valid.
 */

export interface KitValidationIssue {
  /** Path of the offending field, e.g. `competencies[1].rubric[3]`; `''` for the kit itself. */
  field: string;
  message: string;
}

export const KIT_LIMITS = {
  maxCompetencies: 20,
  maxQuestions: 40,
  /** Longest allowed text in any string field. */
  maxStringLength: 4000,
  /** Longest allowed key (kit slug, competency key, question key, stage kind). */
  maxKeyLength: 64,
  /** Most entries in followUps / signals / redFlags / guidance.notes. */
  maxListItems: 20,
  /** Longest interview a kit may describe (8 hours). */
  maxDurationMinutes: 480,
  rubricLevels: 4,
} as const;

/** Kit keys are kebab-case slugs: `rate-limiter-design`. */
export const KIT_KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Competency keys, question keys and stage kinds are snake_case: `distributed_state`. */
export const SNAKE_KEY_PATTERN = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

export interface ValidateKitOptions {
  /**
   * Minutes that must remain after all questions (for the opening and the
   * candidate's questions). Default 0: question minutes may use the whole
   * duration. Built-in kits are held to 5.
   */
  reservedMinutes?: number;
  /** Accept fields that are not part of the kit model. Default false: unknown fields are reported. */
  allowUnknownFields?: boolean;
}

const KIT_FIELDS = ['key', 'title', 'purpose', 'stageKind', 'durationMinutes', 'competencies', 'questions', 'guidance'];
const COMPETENCY_FIELDS = ['key', 'name', 'description', 'rubric'];
const QUESTION_FIELDS = ['key', 'prompt', 'followUps', 'signals', 'redFlags', 'minutes', 'competencies'];
const GUIDANCE_FIELDS = ['opening', 'candidateQuestions', 'closing', 'notes'];

type Issues = KitValidationIssue[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}

function checkUnknown(obj: Record<string, unknown>, allowed: string[], base: string, issues: Issues, opts: ValidateKitOptions): void {
  if (opts.allowUnknownFields) return;
  for (const name of Object.keys(obj)) {
    if (!allowed.includes(name)) issues.push({ field: join(base, name), message: 'unknown field' });
  }
}

/** Checks a required, non-blank string no longer than the limit. Returns the string when it is one. */
function checkText(value: unknown, field: string, issues: Issues, maxLength: number = KIT_LIMITS.maxStringLength): string | undefined {
  if (typeof value !== 'string') {
    issues.push({ field, message: value === undefined ? 'is required' : 'must be a string' });
    return undefined;
  }
  if (value.trim().length === 0) {
    issues.push({ field, message: 'must not be empty' });
  } else if (value.length > maxLength) {
    issues.push({ field, message: `must be at most ${maxLength} characters` });
  }
  return value;
}

function checkKey(value: unknown, field: string, pattern: RegExp, formatName: string, issues: Issues): string | undefined {
  const text = checkText(value, field, issues, KIT_LIMITS.maxKeyLength);
  if (text !== undefined && text.trim().length > 0 && text.length <= KIT_LIMITS.maxKeyLength && !pattern.test(text)) {
    issues.push({ field, message: `must be ${formatName}` });
  }
  return text;
}

function checkPositiveInt(value: unknown, field: string, issues: Issues, max?: number): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    issues.push({ field, message: value === undefined ? 'is required' : 'must be a positive integer' });
    return undefined;
  }
  if (max !== undefined && value > max) {
    issues.push({ field, message: `must be at most ${max}` });
    return undefined;
  }
  return value;
}

/** Checks an array of non-blank strings. Returns the array (possibly with bad entries) or undefined. */
function checkTextList(value: unknown, field: string, issues: Issues, minItems: number, maxItems: number = KIT_LIMITS.maxListItems): unknown[] | undefined {
  if (!Array.isArray(value)) {
    issues.push({ field, message: value === undefined ? 'is required' : 'must be an array' });
    return undefined;
  }
  if (value.length < minItems) {
    issues.push({ field, message: `must have at least ${minItems} ${minItems === 1 ? 'entry' : 'entries'}` });
  } else if (value.length > maxItems) {
    issues.push({ field, message: `must have at most ${maxItems} entries` });
  }
  const items: unknown[] = value;
  items.forEach((item, i) => checkText(item, `${field}[${i}]`, issues));
  return items;
}

function validateCompetency(value: unknown, base: string, issues: Issues, opts: ValidateKitOptions): string | undefined {
  if (!isRecord(value)) {
    issues.push({ field: base, message: 'must be an object' });
    return undefined;
  }
  checkUnknown(value, COMPETENCY_FIELDS, base, issues, opts);
  const key = checkKey(value.key, `${base}.key`, SNAKE_KEY_PATTERN, 'snake_case (e.g. "distributed_state")', issues);
  checkText(value.name, `${base}.name`, issues);
  checkText(value.description, `${base}.description`, issues);
  const rubric = value.rubric;
  if (!Array.isArray(rubric)) {
    issues.push({ field: `${base}.rubric`, message: rubric === undefined ? 'is required' : 'must be an array' });
  } else {
    if (rubric.length !== KIT_LIMITS.rubricLevels) {
      issues.push({ field: `${base}.rubric`, message: `must have exactly ${KIT_LIMITS.rubricLevels} levels (1 to 4), got ${rubric.length}` });
    }
    rubric.forEach((level, i) => checkText(level, `${base}.rubric[${i}]`, issues));
  }
  return key;
}

function validateQuestion(
  value: unknown,
  base: string,
  competencyKeys: Set<string>,
  issues: Issues,
  opts: ValidateKitOptions,
): { key?: string; minutes?: number } {
  if (!isRecord(value)) {
    issues.push({ field: base, message: 'must be an object' });
    return {};
  }
  checkUnknown(value, QUESTION_FIELDS, base, issues, opts);
  const key = checkKey(value.key, `${base}.key`, SNAKE_KEY_PATTERN, 'snake_case (e.g. "store_outage")', issues);
  checkText(value.prompt, `${base}.prompt`, issues);
  checkTextList(value.followUps, `${base}.followUps`, issues, 0);
  checkTextList(value.signals, `${base}.signals`, issues, 1);
  checkTextList(value.redFlags, `${base}.redFlags`, issues, 0);
  const minutes = checkPositiveInt(value.minutes, `${base}.minutes`, issues, KIT_LIMITS.maxDurationMinutes);

  const refs = value.competencies;
  if (!Array.isArray(refs)) {
    issues.push({ field: `${base}.competencies`, message: refs === undefined ? 'is required' : 'must be an array' });
  } else {
    if (refs.length === 0) {
      issues.push({ field: `${base}.competencies`, message: 'must reference at least one competency' });
    } else if (refs.length > KIT_LIMITS.maxCompetencies) {
      issues.push({ field: `${base}.competencies`, message: `must have at most ${KIT_LIMITS.maxCompetencies} entries` });
    }
    const seen = new Set<string>();
    refs.forEach((ref, i) => {
      const field = `${base}.competencies[${i}]`;
      if (typeof ref !== 'string' || ref.trim().length === 0) {
        issues.push({ field, message: 'must be a competency key' });
      } else if (!competencyKeys.has(ref)) {
        issues.push({ field, message: `references unknown competency "${ref.slice(0, KIT_LIMITS.maxKeyLength)}"` });
      } else if (seen.has(ref)) {
        issues.push({ field, message: `references competency "${ref}" more than once` });
      } else {
        seen.add(ref);
      }
    });
  }
  return { key, minutes };
}

function validateGuidance(value: unknown, issues: Issues, opts: ValidateKitOptions): void {
  const base = 'guidance';
  if (!isRecord(value)) {
    issues.push({ field: base, message: value === undefined ? 'is required' : 'must be an object' });
    return;
  }
  checkUnknown(value, GUIDANCE_FIELDS, base, issues, opts);
  checkText(value.opening, `${base}.opening`, issues);
  checkText(value.candidateQuestions, `${base}.candidateQuestions`, issues);
  checkText(value.closing, `${base}.closing`, issues);
  checkTextList(value.notes, `${base}.notes`, issues, 0);
}

/**
 * Validates kit content and returns every problem found (empty when valid).
 * Accepts untrusted input: anything that is not a well-formed `KitContent`
 * yields issues rather than exceptions.
 */
export function validateKitContent(kit: unknown, options: ValidateKitOptions = {}): KitValidationIssue[] {
  const issues: Issues = [];
  if (!isRecord(kit)) {
    issues.push({ field: '', message: 'kit must be an object' });
    return issues;
  }
  checkUnknown(kit, KIT_FIELDS, '', issues, options);

  checkKey(kit.key, 'key', KIT_KEY_PATTERN, 'a kebab-case slug (e.g. "rate-limiter-design")', issues);
  checkText(kit.title, 'title', issues);
  checkText(kit.purpose, 'purpose', issues);
  checkKey(kit.stageKind, 'stageKind', SNAKE_KEY_PATTERN, 'snake_case (e.g. "system_design")', issues);
  const duration = checkPositiveInt(kit.durationMinutes, 'durationMinutes', issues, KIT_LIMITS.maxDurationMinutes);

  // Competencies: collect the valid keys first so questions can be checked against them.
  const competencyKeys = new Set<string>();
  const competencies = kit.competencies;
  if (!Array.isArray(competencies)) {
    issues.push({ field: 'competencies', message: competencies === undefined ? 'is required' : 'must be an array' });
  } else {
    if (competencies.length === 0) {
      issues.push({ field: 'competencies', message: 'must have at least 1 competency' });
    } else if (competencies.length > KIT_LIMITS.maxCompetencies) {
      issues.push({ field: 'competencies', message: `must have at most ${KIT_LIMITS.maxCompetencies} competencies` });
    }
    competencies.forEach((c, i) => {
      const key = validateCompetency(c, `competencies[${i}]`, issues, options);
      if (typeof key !== 'string' || key.trim().length === 0) return;
      if (competencyKeys.has(key)) {
        issues.push({ field: `competencies[${i}].key`, message: `duplicate competency key "${key.slice(0, KIT_LIMITS.maxKeyLength)}"` });
      } else {
        competencyKeys.add(key);
      }
    });
  }

  const questions = kit.questions;
  if (!Array.isArray(questions)) {
    issues.push({ field: 'questions', message: questions === undefined ? 'is required' : 'must be an array' });
  } else {
    if (questions.length === 0) {
      issues.push({ field: 'questions', message: 'must have at least 1 question' });
    } else if (questions.length > KIT_LIMITS.maxQuestions) {
      issues.push({ field: 'questions', message: `must have at most ${KIT_LIMITS.maxQuestions} questions` });
    }
    const questionKeys = new Set<string>();
    let totalMinutes = 0;
    let allMinutesValid = true;
    questions.forEach((q, i) => {
      const { key, minutes } = validateQuestion(q, `questions[${i}]`, competencyKeys, issues, options);
      if (typeof key === 'string' && key.trim().length > 0) {
        if (questionKeys.has(key)) {
          issues.push({ field: `questions[${i}].key`, message: `duplicate question key "${key.slice(0, KIT_LIMITS.maxKeyLength)}"` });
        } else {
          questionKeys.add(key);
        }
      }
      if (minutes === undefined) allMinutesValid = false;
      else totalMinutes += minutes;
    });
    if (duration !== undefined && allMinutesValid && questions.length > 0) {
      const reserved = Math.max(0, Math.floor(options.reservedMinutes ?? 0));
      if (totalMinutes > duration) {
        issues.push({
          field: 'questions',
          message: `question minutes total ${totalMinutes}, more than durationMinutes (${duration})`,
        });
      } else if (duration - totalMinutes < reserved) {
        issues.push({
          field: 'questions',
          message: `question minutes total ${totalMinutes}, leaving ${duration - totalMinutes} of ${duration} minutes; at least ${reserved} must remain for the opening and the candidate's questions`,
        });
      }
    }
  }

  validateGuidance(kit.guidance, issues, options);
  return issues;
}

/** Convenience: true when `validateKitContent` finds nothing. */
export function isValidKitContent(kit: unknown, options?: ValidateKitOptions): kit is KitContent {
  return validateKitContent(kit, options).length === 0;
}
