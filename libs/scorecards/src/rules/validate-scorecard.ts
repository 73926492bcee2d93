import { EVIDENCE_REQUIRED_FOR, isOverall, isRatingValue, NO_SIGNAL, type RuleIssue, type ScorecardContent } from './scorecard-content.js';

export interface ScorecardRuleContext {
  /** Competency keys of the kit revision the interview uses; null when the interview has no kit (any key accepted). */
  competencies: readonly string[] | null;
  /** Question keys of that revision; null = any. */
  questions?: readonly string[] | null;
  /** Submitting checks completeness as well: evidence for ratings of 1 and 4, and an overall recommendation. */
  submitting: boolean;
}

/**
 * Checks scorecard content against the kit revision. Returns every problem with its field path
 * (`ratings[2].rating`), empty when valid. Drafts may be incomplete; a submission may not.
 */
export function validateScorecard(
  content: Pick<ScorecardContent, 'ratings' | 'overall'> & Partial<Pick<ScorecardContent, 'questionNotes'>>,
  context: ScorecardRuleContext,
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const known = context.competencies ? new Set(context.competencies) : null;
  const seen = new Set<string>();
  content.ratings.forEach((r, i) => {
    const base = `ratings[${i}]`;
    if (known && !known.has(r.competency)) {
      issues.push({ field: `${base}.competency`, message: `"${r.competency}" is not a competency of this interview's kit` });
    } else if (seen.has(r.competency)) {
      issues.push({ field: `${base}.competency`, message: `"${r.competency}" is rated more than once` });
    }
    seen.add(r.competency);
    if (!isRatingValue(r.rating)) {
      issues.push({ field: `${base}.rating`, message: `rating must be 1, 2, 3, 4 or "${NO_SIGNAL}"` });
    } else if (context.submitting && typeof r.rating === 'number' && EVIDENCE_REQUIRED_FOR.includes(r.rating) && !(r.evidence ?? '').trim()) {
      issues.push({ field: `${base}.evidence`, message: `evidence is required for a rating of ${r.rating}` });
    }
  });
  const questions = context.questions ? new Set(context.questions) : null;
  (content.questionNotes ?? []).forEach((n, i) => {
    if (questions && !questions.has(n.question))
      issues.push({ field: `questionNotes[${i}].question`, message: `"${n.question}" is not a question of this interview's kit` });
  });
  if (content.overall !== null && content.overall !== undefined && !isOverall(content.overall)) {
    issues.push({ field: 'overall', message: 'overall must be strong_no, no, yes or strong_yes' });
  }
  if (context.submitting) {
    if (content.overall === null || content.overall === undefined)
      issues.push({ field: 'overall', message: 'an overall recommendation is required to submit' });
    if (content.ratings.length === 0) issues.push({ field: 'ratings', message: 'rate at least one competency to submit' });
  }
  return issues;
}
