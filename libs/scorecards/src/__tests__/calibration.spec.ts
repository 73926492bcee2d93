import { calibrateInterviewers, type CalibrationScorecard } from '../rules/calibration.js';

const H = 3_600_000;
const t0 = new Date('2025-01-06T10:00:00Z');
const card = (
  interviewerId: string,
  applicationId: string,
  overall: CalibrationScorecard['overall'],
  ratings: CalibrationScorecard['ratings'],
  hours: number,
  decision: boolean | null = null,
): CalibrationScorecard => ({
  interviewerId,
  applicationId,
  overall,
  ratings,
  endedAt: t0,
  submittedAt: new Date(t0.getTime() + hours * H),
  dueAt: new Date(t0.getTime() + 24 * H),
  decision,
});

describe('calibrateInterviewers', () => {
  const cards = [
    // application a1: lenient Len says strong_yes where the others say no
    card('len', 'a1', 'strong_yes', [{ competency: 'x', rating: 4 }], 2, false),
    card('mid', 'a1', 'no', [{ competency: 'x', rating: 2 }], 10, false),
    card('sev', 'a1', 'no', [{ competency: 'x', rating: 2 }], 30, false),
    // application a2: severe Sev says strong_no where the others say yes
    card('len', 'a2', 'strong_yes', [{ competency: 'x', rating: 4 }], 4, true),
    card(
      'mid',
      'a2',
      'yes',
      [
        { competency: 'x', rating: 3 },
        { competency: 'y', rating: 'no_signal' },
      ],
      20,
      true,
    ),
    card('sev', 'a2', 'strong_no', [{ competency: 'x', rating: 1 }], 50, true),
  ];
  const byId = Object.fromEntries(calibrateInterviewers(cards).map((c) => [c.interviewerId, c]));

  it('labels lenient and severe interviewers against the rest of the panel on the same candidates', () => {
    expect(byId.len.tendency).toBe('lenient');
    expect(byId.sev.tendency).toBe('severe');
    expect(byId.mid.tendency).toBe('calibrated');
    // len on a1: 4 − mean(2,2) = 2; on a2: 4 − mean(3,1) = 2
    expect(byId.len.overallDeviation).toBe(2);
    expect(byId.len.ratingDeviation).toBe(2);
  });

  it('measures speed and lateness', () => {
    expect(byId.len).toMatchObject({ submitted: 2, medianHoursToSubmit: 3, lateShare: 0 });
    expect(byId.sev).toMatchObject({ medianHoursToSubmit: 40, lateShare: 1 });
    expect(byId.mid).toMatchObject({ medianHoursToSubmit: 15, lateShare: 0 });
  });

  it('measures agreement with the final decision and the share of no_signal', () => {
    expect(byId.len).toMatchObject({ decided: 2, decisionAgreement: 0.5 });
    expect(byId.mid).toMatchObject({ decisionAgreement: 1, noSignalShare: 0.33 });
    expect(byId.sev).toMatchObject({ decisionAgreement: 0.5, noSignalShare: 0 });
  });

  it('says unknown when there is nobody to compare with and no decision yet', () => {
    const [solo] = calibrateInterviewers([card('solo', 'a9', 'yes', [], 1)]);
    expect(solo).toMatchObject({ tendency: 'unknown', compared: 0, overallDeviation: null, decisionAgreement: null, noSignalShare: null });
  });
});
