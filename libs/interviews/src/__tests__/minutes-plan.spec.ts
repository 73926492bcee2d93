import { getBuiltInKit } from '../library/built-in-kits.js';
import { CANDIDATE_QUESTIONS_MIN_MINUTES, kitMinutesPlan } from '../library/minutes-plan.js';

function plan(durationMinutes: number, minutes: number[]) {
  return kitMinutesPlan({
    durationMinutes,
    questions: minutes.map((m, i) => ({ key: `q_${i}`, prompt: `Question number ${i}. More detail follows here.`, minutes: m })),
  });
}

describe('kitMinutesPlan', () => {
  it("lists opening, each question in order, then the candidate's questions, with start minutes", () => {
    const p = plan(60, [10, 20, 15]);
    expect(p.parts.map((part) => [part.kind, part.key, part.minutes, part.startMinute])).toEqual([
      ['opening', 'opening', 5, 0],
      ['question', 'q_0', 10, 5],
      ['question', 'q_1', 20, 15],
      ['question', 'q_2', 15, 35],
      ['candidate_questions', 'candidate_questions', 10, 50],
    ]);
    expect(p).toMatchObject({
      durationMinutes: 60,
      openingMinutes: 5,
      questionMinutes: 45,
      candidateQuestionsMinutes: 10,
      plannedMinutes: 60,
      overrunMinutes: 0,
      candidateTimeShort: false,
    });
  });

  it('labels questions with the first sentence of the prompt', () => {
    expect(plan(30, [10]).parts[1].label).toBe('Question number 0.');
  });

  it('truncates long labels', () => {
    const p = kitMinutesPlan({ durationMinutes: 30, questions: [{ key: 'long', prompt: 'word '.repeat(60), minutes: 5 }] });
    expect(p.parts[1].label.length).toBeLessThanOrEqual(80);
    expect(p.parts[1].label.endsWith('…')).toBe(true);
  });

  it("protects the candidate's questions before giving time to the opening", () => {
    expect(plan(30, [23])).toMatchObject({ openingMinutes: 2, candidateQuestionsMinutes: 5 });
    expect(plan(30, [25])).toMatchObject({ openingMinutes: 0, candidateQuestionsMinutes: 5 });
  });

  it('flags a plan that leaves too little time for the candidate', () => {
    const p = plan(30, [27]);
    expect(p).toMatchObject({ openingMinutes: 0, candidateQuestionsMinutes: 3, candidateTimeShort: true, overrunMinutes: 0 });
    expect(p.candidateQuestionsMinutes).toBeLessThan(CANDIDATE_QUESTIONS_MIN_MINUTES);
  });

  it('reports an overrun when questions exceed the duration', () => {
    const p = plan(30, [20, 15]);
    expect(p).toMatchObject({ overrunMinutes: 5, openingMinutes: 0, candidateQuestionsMinutes: 0, plannedMinutes: 35, candidateTimeShort: true });
  });

  it('treats invalid minutes as zero instead of throwing', () => {
    const p = kitMinutesPlan({
      durationMinutes: 30,
      questions: [
        { key: 'a', prompt: 'A?', minutes: -3 },
        { key: 'b', prompt: 'B?', minutes: Number.NaN },
      ],
    });
    expect(p.questionMinutes).toBe(0);
    expect(p.plannedMinutes).toBe(30);
  });

  it('gives the rate-limiter kit a sensible plan', () => {
    const kit = getBuiltInKit('rate-limiter-design')!;
    const p = kitMinutesPlan(kit);
    expect(p.parts).toHaveLength(kit.questions.length + 2);
    expect(p.parts.filter((part) => part.kind === 'question').map((part) => part.key)).toEqual(kit.questions.map((q) => q.key));
    expect(p.openingMinutes + p.questionMinutes + p.candidateQuestionsMinutes).toBe(kit.durationMinutes);
  });
});
