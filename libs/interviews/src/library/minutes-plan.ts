/**
 * Time budget of a kit, part by part, for display in the interview kit screen.
 *
 * Questions carry their own minutes. Whatever is left of `durationMinutes`
 * goes to the opening (up to 5 minutes) and to the candidate's questions,
 * which always get at least 5 minutes when the slack allows it.
 */
import type { KitContent } from './kit-content.js';

export const OPENING_MAX_MINUTES = 5;
export const CANDIDATE_QUESTIONS_MIN_MINUTES = 5;

export type KitPlanPartKind = 'opening' | 'question' | 'candidate_questions';

export interface KitPlanPart {
  kind: KitPlanPartKind;
  /** `opening`, the question key, or `candidate_questions`. */
  key: string;
  label: string;
  minutes: number;
  /** Minute offset from the start of the interview at which this part begins. */
  startMinute: number;
}

export interface KitMinutesPlan {
  durationMinutes: number;
  parts: KitPlanPart[];
  openingMinutes: number;
  questionMinutes: number;
  candidateQuestionsMinutes: number;
  /** Sum of all parts (equals durationMinutes unless the questions overrun it). */
  plannedMinutes: number;
  /** Minutes by which the questions alone exceed durationMinutes (0 when they fit). */
  overrunMinutes: number;
  /** True when fewer than CANDIDATE_QUESTIONS_MIN_MINUTES remain for the candidate's questions. */
  candidateTimeShort: boolean;
}

type PlanInput = Pick<KitContent, 'durationMinutes'> & {
  questions: ReadonlyArray<Pick<KitContent['questions'][number], 'key' | 'prompt' | 'minutes'>>;
};

const LABEL_MAX = 80;

function label(prompt: string): string {
  const oneLine = prompt.replace(/\s+/g, ' ').trim();
  const firstSentence = oneLine.match(/^.*?[.?!](?=\s|$)/)?.[0] ?? oneLine;
  return firstSentence.length <= LABEL_MAX ? firstSentence : `${firstSentence.slice(0, LABEL_MAX - 1).trimEnd()}…`;
}

function safeMinutes(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/**
 * Splits a kit's duration into opening, one part per question (in order) and
 * time for the candidate's questions. Tolerates invalid minutes (counted as 0)
 * so it can be shown next to validation errors while a kit is being edited.
 */
export function kitMinutesPlan(kit: PlanInput): KitMinutesPlan {
  const durationMinutes = safeMinutes(kit.durationMinutes);
  const questionParts = kit.questions.map((q) => ({ key: q.key, label: label(q.prompt ?? ''), minutes: safeMinutes(q.minutes) }));
  const questionMinutes = questionParts.reduce((sum, q) => sum + q.minutes, 0);
  const slack = Math.max(0, durationMinutes - questionMinutes);
  const overrunMinutes = Math.max(0, questionMinutes - durationMinutes);

  // The candidate's questions are protected first; the opening takes what is left, up to its cap.
  const openingMinutes = Math.min(OPENING_MAX_MINUTES, Math.max(0, slack - CANDIDATE_QUESTIONS_MIN_MINUTES));
  const candidateQuestionsMinutes = slack - openingMinutes;

  const parts: KitPlanPart[] = [];
  let clock = 0;
  const push = (kind: KitPlanPartKind, key: string, partLabel: string, minutes: number): void => {
    parts.push({ kind, key, label: partLabel, minutes, startMinute: clock });
    clock += minutes;
  };
  push('opening', 'opening', 'Opening and introductions', openingMinutes);
  for (const q of questionParts) push('question', q.key, q.label, q.minutes);
  push('candidate_questions', 'candidate_questions', "Candidate's questions and close", candidateQuestionsMinutes);

  return {
    durationMinutes,
    parts,
    openingMinutes,
    questionMinutes,
    candidateQuestionsMinutes,
    plannedMinutes: clock,
    overrunMinutes,
    candidateTimeShort: candidateQuestionsMinutes < CANDIDATE_QUESTIONS_MIN_MINUTES,
  };
}
