/**
 * Scorecard content model and its rules (framework-free).
 *
 * A scorecard rates competencies of the kit revision the interview uses on a four-level scale
 * (or `no_signal` when the interview gave no evidence either way), and ends with an overall
 * recommendation.
 */

export const RATING_LEVELS = [1, 2, 3, 4] as const;
export const NO_SIGNAL = 'no_signal' as const;
export type RatingValue = 1 | 2 | 3 | 4 | typeof NO_SIGNAL;

export const OVERALL_RECOMMENDATIONS = ['strong_no', 'no', 'yes', 'strong_yes'] as const;
export type OverallRecommendation = (typeof OVERALL_RECOMMENDATIONS)[number];

/** strong_no = 1 … strong_yes = 4, for comparing recommendations numerically. */
export const OVERALL_SCORE: Record<OverallRecommendation, number> = { strong_no: 1, no: 2, yes: 3, strong_yes: 4 };

/** Ratings at the ends of the scale must say what was observed. */
export const EVIDENCE_REQUIRED_FOR: readonly number[] = [1, 4];

export const SCORECARD_LIMITS = {
  maxRatings: 20,
  maxEvidenceLength: 4000,
  maxNotes: 40,
  maxNoteLength: 4000,
  maxTakeawaysLength: 8000,
} as const;

export interface CompetencyRating {
  competency: string;
  rating: RatingValue;
  evidence?: string | null;
}

export interface QuestionNote {
  question: string;
  note: string;
}

export interface ScorecardContent {
  ratings: CompetencyRating[];
  questionNotes: QuestionNote[];
  keyTakeaways: string | null;
  overall: OverallRecommendation | null;
}

export interface RuleIssue {
  field: string;
  message: string;
}

export function isRatingValue(value: unknown): value is RatingValue {
  return value === NO_SIGNAL || (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 4);
}

export function isOverall(value: unknown): value is OverallRecommendation {
  return typeof value === 'string' && (OVERALL_RECOMMENDATIONS as readonly string[]).includes(value);
}
