import { mean, median, round2 } from './summary.js';
import { NO_SIGNAL, OVERALL_SCORE, type CompetencyRating, type OverallRecommendation } from './scorecard-content.js';

/** A mean deviation from the rest of the panel at least this large labels an interviewer lenient or severe. */
export const CALIBRATION_THRESHOLD = 0.5;

export interface CalibrationScorecard {
  interviewerId: string;
  applicationId: string;
  overall: OverallRecommendation;
  ratings: CompetencyRating[];
  /** When the interview ended, and when the scorecard was submitted. */
  endedAt: Date;
  submittedAt: Date;
  /** When the scorecard was due (end + the organization's deadline). */
  dueAt: Date;
  /** Final decision on the application once made (the latest hiring decision, else its hired/rejected status): hire → true, no hire → false, otherwise null. */
  decision: boolean | null;
}

export type Tendency = 'lenient' | 'severe' | 'calibrated' | 'unknown';

export interface InterviewerCalibration {
  interviewerId: string;
  submitted: number;
  medianHoursToSubmit: number | null;
  lateShare: number | null;
  /** Mean of (own overall − mean overall of the rest of the panel on the same application), on the 1–4 scale. */
  overallDeviation: number | null;
  /** Mean of (own rating − mean of the others' numeric ratings of the same competency on the same application). */
  ratingDeviation: number | null;
  tendency: Tendency;
  /** Share of recommendations (yes/strong_yes = hire) matching the final decision, among decided applications. */
  decisionAgreement: number | null;
  decided: number;
  noSignalShare: number | null;
  /** Scorecards compared with at least one other panel member. */
  compared: number;
}

const share = (part: number, total: number): number | null => (total === 0 ? null : round2(part / total));

/**
 * Interviewer calibration over a set of submitted scorecards: speed, lateness, how each
 * interviewer's recommendations and ratings compare with the rest of the panel on the same
 * candidates, agreement with final decisions, and how often they record no signal.
 */
export function calibrateInterviewers(cards: CalibrationScorecard[]): InterviewerCalibration[] {
  const byApplication = new Map<string, CalibrationScorecard[]>();
  for (const c of cards) byApplication.set(c.applicationId, [...(byApplication.get(c.applicationId) ?? []), c]);
  const byInterviewer = new Map<string, CalibrationScorecard[]>();
  for (const c of cards) byInterviewer.set(c.interviewerId, [...(byInterviewer.get(c.interviewerId) ?? []), c]);

  const out: InterviewerCalibration[] = [];
  for (const [interviewerId, own] of byInterviewer) {
    const overallDiffs: number[] = [];
    const ratingDiffs: number[] = [];
    let compared = 0;
    let ratingsTotal = 0;
    let noSignal = 0;
    let decided = 0;
    let agreed = 0;
    for (const card of own) {
      const others = (byApplication.get(card.applicationId) ?? []).filter((o) => o.interviewerId !== interviewerId);
      if (others.length) {
        compared++;
        overallDiffs.push(OVERALL_SCORE[card.overall] - (mean(others.map((o) => OVERALL_SCORE[o.overall])) as number));
        for (const r of card.ratings) {
          if (r.rating === NO_SIGNAL) continue;
          const theirs = others.flatMap((o) => o.ratings.filter((x) => x.competency === r.competency && x.rating !== NO_SIGNAL).map((x) => x.rating as number));
          const m = mean(theirs);
          if (m !== null) ratingDiffs.push(r.rating - m);
        }
      }
      ratingsTotal += card.ratings.length;
      noSignal += card.ratings.filter((r) => r.rating === NO_SIGNAL).length;
      if (card.decision !== null) {
        decided++;
        if (OVERALL_SCORE[card.overall] >= 3 === card.decision) agreed++;
      }
    }
    const overallDeviation = mean(overallDiffs);
    const ratingDeviation = mean(ratingDiffs);
    const signal = overallDeviation ?? ratingDeviation;
    out.push({
      interviewerId,
      submitted: own.length,
      medianHoursToSubmit: ((m) => (m === null ? null : round2(m)))(median(own.map((c) => (c.submittedAt.getTime() - c.endedAt.getTime()) / 3_600_000))),
      lateShare: share(own.filter((c) => c.submittedAt.getTime() > c.dueAt.getTime()).length, own.length),
      overallDeviation: overallDeviation === null ? null : round2(overallDeviation),
      ratingDeviation: ratingDeviation === null ? null : round2(ratingDeviation),
      tendency: signal === null ? 'unknown' : signal >= CALIBRATION_THRESHOLD ? 'lenient' : signal <= -CALIBRATION_THRESHOLD ? 'severe' : 'calibrated',
      decisionAgreement: share(agreed, decided),
      decided,
      noSignalShare: share(noSignal, ratingsTotal),
      compared,
    });
  }
  return out.sort((a, b) => a.interviewerId.localeCompare(b.interviewerId));
}
