import { summariseScorecards, median, type SubmittedScorecard } from '../rules/summary.js';

const card = (
  interviewerId: string,
  overall: SubmittedScorecard['overall'],
  ratings: SubmittedScorecard['ratings'],
  interviewId = 'i1',
): SubmittedScorecard => ({
  scorecardId: `s-${interviewerId}`,
  interviewId,
  interviewerId,
  overall,
  ratings,
});

describe('summariseScorecards', () => {
  const cards = [
    card('ann', 'strong_yes', [
      { competency: 'algorithm', rating: 4 },
      { competency: 'failure_modes', rating: 3 },
    ]),
    card('bob', 'no', [
      { competency: 'algorithm', rating: 2 },
      { competency: 'failure_modes', rating: 'no_signal' },
    ]),
    card(
      'cat',
      'yes',
      [
        { competency: 'algorithm', rating: 3 },
        { competency: 'failure_modes', rating: 3 },
      ],
      'i2',
    ),
  ];
  const panel = [
    { interviewId: 'i1', interviewerId: 'ann' },
    { interviewId: 'i1', interviewerId: 'bob' },
    { interviewId: 'i2', interviewerId: 'cat' },
    { interviewId: 'i2', interviewerId: 'dan' },
  ];

  it('gives per competency every rating, the mean, the spread and a disagreement flag at two levels apart', () => {
    const s = summariseScorecards(cards, panel, ['algorithm', 'failure_modes', 'communication']);
    expect(s.competencies.map((c) => c.competency)).toEqual(['algorithm', 'failure_modes', 'communication']);
    const [algorithm, failure, communication] = s.competencies;
    expect(algorithm).toMatchObject({ mean: 3, spread: 2, disagreement: true, noSignal: 0 });
    expect(algorithm.ratings.map((r) => r.rating)).toEqual([4, 2, 3]);
    expect(failure).toMatchObject({ mean: 3, spread: 0, disagreement: false, noSignal: 1 });
    expect(communication).toMatchObject({ ratings: [], mean: null, spread: null, disagreement: false });
  });

  it('does not flag ratings one level apart', () => {
    const s = summariseScorecards([card('a', 'yes', [{ competency: 'x', rating: 2 }]), card('b', 'yes', [{ competency: 'x', rating: 3 }])], []);
    expect(s.competencies[0]).toMatchObject({ spread: 1, disagreement: false, mean: 2.5 });
  });

  it('tallies overall recommendations and lists who still owes a scorecard', () => {
    const s = summariseScorecards(cards, panel);
    expect(s.overall).toEqual({ strong_no: 0, no: 1, yes: 1, strong_yes: 1 });
    expect(s.submitted).toBe(3);
    expect(s.owed).toEqual([{ interviewId: 'i2', interviewerId: 'dan' }]);
  });

  it('rounds the mean to two decimals', () => {
    const s = summariseScorecards(
      [
        card('a', 'yes', [{ competency: 'x', rating: 1 }]),
        card('b', 'yes', [{ competency: 'x', rating: 1 }]),
        card('c', 'yes', [{ competency: 'x', rating: 2 }]),
      ],
      [],
    );
    expect(s.competencies[0].mean).toBe(1.33);
  });

  it('computes medians', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
