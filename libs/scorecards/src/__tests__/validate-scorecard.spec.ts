import { validateScorecard } from '../rules/validate-scorecard.js';
import type { CompetencyRating } from '../rules/scorecard-content.js';

const KIT = { competencies: ['algorithm', 'failure_modes', 'communication'], questions: ['frame', 'outage'] };
const fields = (issues: Array<{ field: string }>) => issues.map((i) => i.field);

describe('validateScorecard', () => {
  it('accepts a complete submission', () => {
    const ratings: CompetencyRating[] = [
      { competency: 'algorithm', rating: 4, evidence: 'Compared token bucket and sliding window with numbers.' },
      { competency: 'failure_modes', rating: 2 },
      { competency: 'communication', rating: 'no_signal' },
    ];
    expect(validateScorecard({ ratings, overall: 'yes', questionNotes: [{ question: 'outage', note: 'fail-open' }] }, { ...KIT, submitting: true })).toEqual(
      [],
    );
  });

  it('names a competency that is not in the kit', () => {
    const issues = validateScorecard(
      {
        ratings: [
          { competency: 'algorithm', rating: 3 },
          { competency: 'telepathy', rating: 3 },
        ],
        overall: null,
      },
      { ...KIT, submitting: false },
    );
    expect(fields(issues)).toEqual(['ratings[1].competency']);
  });

  it('refuses the same competency rated twice', () => {
    const issues = validateScorecard(
      {
        ratings: [
          { competency: 'algorithm', rating: 3 },
          { competency: 'algorithm', rating: 2 },
        ],
        overall: null,
      },
      { ...KIT, submitting: false },
    );
    expect(fields(issues)).toEqual(['ratings[1].competency']);
  });

  it.each([0, 5, 2.5, -1, '3', 'none', null])('refuses the rating %p', (rating) => {
    const issues = validateScorecard({ ratings: [{ competency: 'algorithm', rating: rating as never }], overall: null }, { ...KIT, submitting: false });
    expect(fields(issues)).toEqual(['ratings[0].rating']);
  });

  it.each([1, 4])('requires evidence for a rating of %p when submitting, not in a draft', (rating) => {
    const content = { ratings: [{ competency: 'algorithm', rating: rating as 1 | 4, evidence: '   ' }], overall: 'no' as const };
    expect(validateScorecard(content, { ...KIT, submitting: false })).toEqual([]);
    expect(fields(validateScorecard(content, { ...KIT, submitting: true }))).toEqual(['ratings[0].evidence']);
  });

  it.each([2, 3, 'no_signal'])('does not require evidence for %p', (rating) => {
    expect(validateScorecard({ ratings: [{ competency: 'algorithm', rating: rating as 2 }], overall: 'yes' }, { ...KIT, submitting: true })).toEqual([]);
  });

  it('requires an overall recommendation and at least one rating to submit', () => {
    expect(fields(validateScorecard({ ratings: [], overall: null }, { ...KIT, submitting: true }))).toEqual(['overall', 'ratings']);
    expect(validateScorecard({ ratings: [], overall: null }, { ...KIT, submitting: false })).toEqual([]);
  });

  it('refuses an unknown overall value and an unknown question', () => {
    const issues = validateScorecard(
      { ratings: [], overall: 'maybe' as never, questionNotes: [{ question: 'nope', note: 'x' }] },
      { ...KIT, submitting: false },
    );
    expect(fields(issues)).toEqual(['questionNotes[0].question', 'overall']);
  });

  it('accepts any competency when the interview has no kit', () => {
    expect(validateScorecard({ ratings: [{ competency: 'anything', rating: 3 }], overall: 'yes' }, { competencies: null, submitting: true })).toEqual([]);
  });
});
