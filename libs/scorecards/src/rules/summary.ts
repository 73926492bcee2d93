import { NO_SIGNAL, OVERALL_RECOMMENDATIONS, type CompetencyRating, type OverallRecommendation } from './scorecard-content.js';

/** Ratings two or more levels apart on one competency mean the panel disagrees. */
export const DISAGREEMENT_SPREAD = 2;

export interface SubmittedScorecard {
  scorecardId: string;
  interviewId: string;
  interviewerId: string;
  ratings: CompetencyRating[];
  overall: OverallRecommendation;
}

export interface CompetencySummary {
  competency: string;
  ratings: Array<{ interviewerId: string; scorecardId: string; rating: CompetencyRating['rating'] }>;
  /** Mean of the numeric ratings (no_signal excluded), two decimals; null when none. */
  mean: number | null;
  /** Highest minus lowest numeric rating; null when none. */
  spread: number | null;
  disagreement: boolean;
  noSignal: number;
}

export interface ScorecardSummary {
  competencies: CompetencySummary[];
  overall: Record<OverallRecommendation, number>;
  submitted: number;
  /** Panel members (interview, interviewer) whose scorecard is not submitted yet. */
  owed: Array<{ interviewId: string; interviewerId: string }>;
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The evidence of an application in one view: per competency every rating with its mean, spread
 * and a disagreement flag; the tally of overall recommendations; who still owes a scorecard.
 * `competencyOrder` (the kits' order) comes first; competencies only seen in ratings follow.
 */
export function summariseScorecards(
  scorecards: SubmittedScorecard[],
  panel: Array<{ interviewId: string; interviewerId: string }>,
  competencyOrder: string[] = [],
): ScorecardSummary {
  const byCompetency = new Map<string, CompetencySummary>();
  const entry = (key: string): CompetencySummary => {
    let c = byCompetency.get(key);
    if (!c) byCompetency.set(key, (c = { competency: key, ratings: [], mean: null, spread: null, disagreement: false, noSignal: 0 }));
    return c;
  };
  for (const key of competencyOrder) entry(key);
  const overall = Object.fromEntries(OVERALL_RECOMMENDATIONS.map((o) => [o, 0])) as Record<OverallRecommendation, number>;
  for (const card of scorecards) {
    overall[card.overall]++;
    for (const r of card.ratings) entry(r.competency).ratings.push({ interviewerId: card.interviewerId, scorecardId: card.scorecardId, rating: r.rating });
  }
  for (const c of byCompetency.values()) {
    const numeric = c.ratings.map((r) => r.rating).filter((r): r is 1 | 2 | 3 | 4 => r !== NO_SIGNAL);
    c.noSignal = c.ratings.length - numeric.length;
    const m = mean(numeric);
    c.mean = m === null ? null : round2(m);
    c.spread = numeric.length ? Math.max(...numeric) - Math.min(...numeric) : null;
    c.disagreement = c.spread !== null && c.spread >= DISAGREEMENT_SPREAD;
  }
  const done = new Set(scorecards.map((s) => `${s.interviewId}:${s.interviewerId}`));
  return {
    competencies: [...byCompetency.values()],
    overall,
    submitted: scorecards.length,
    owed: panel.filter((p) => !done.has(`${p.interviewId}:${p.interviewerId}`)),
  };
}
