import { BUILT_IN_KITS, BUILT_IN_KIT_KEYS, REQUIRED_BUILT_IN_KIT_KEYS, builtInKitsForStage, getBuiltInKit } from '../library/built-in-kits.js';
import { KNOWN_STAGE_KINDS, type KitContent } from '../library/kit-content.js';
import { kitMinutesPlan } from '../library/minutes-plan.js';
import { validateKitContent } from '../library/validate-kit.js';

const EXPECTED_KEYS = [
  'rate-limiter-design',
  'relational-schema-design',
  'latency-spike-debugging',
  'job-queue-design',
  'data-consistency-incident',
  'api-design-versioning',
  'take-home-review',
  'recruiter-screen',
];

/** Every piece of text in a kit, lower-cased, for topic checks. */
function kitText(kit: KitContent): string {
  const parts: string[] = [kit.title, kit.purpose];
  for (const c of kit.competencies) parts.push(c.name, c.description, ...c.rubric);
  for (const q of kit.questions) parts.push(q.prompt, ...q.followUps, ...q.signals, ...q.redFlags);
  parts.push(kit.guidance.opening, kit.guidance.candidateQuestions, kit.guidance.closing, ...kit.guidance.notes);
  return parts.join('\n').toLowerCase();
}

function kit(key: string): KitContent {
  const found = getBuiltInKit(key);
  if (!found) throw new Error(`missing built-in kit ${key}`);
  return found;
}

describe('built-in interview kits', () => {
  it('contains exactly the eight kits with the expected keys', () => {
    expect(BUILT_IN_KITS.map((k) => k.key).sort()).toEqual([...EXPECTED_KEYS].sort());
    expect([...BUILT_IN_KIT_KEYS].sort()).toEqual([...EXPECTED_KEYS].sort());
    expect(new Set(BUILT_IN_KITS.map((k) => k.key)).size).toBe(BUILT_IN_KITS.length);
  });

  it('includes the three required kits', () => {
    for (const key of REQUIRED_BUILT_IN_KIT_KEYS) expect(getBuiltInKit(key)).toBeDefined();
    expect(getBuiltInKit('no-such-kit')).toBeUndefined();
  });

  it('finds kits by stage kind', () => {
    expect(
      builtInKitsForStage('system_design')
        .map((k) => k.key)
        .sort(),
    ).toEqual(['job-queue-design', 'rate-limiter-design']);
    expect(builtInKitsForStage('recruiter_screen').map((k) => k.key)).toEqual(['recruiter-screen']);
    expect(builtInKitsForStage('take_home').map((k) => k.key)).toEqual(['take-home-review']);
  });

  it('is deeply frozen so callers cannot change the shared library', () => {
    const first = BUILT_IN_KITS[0];
    expect(Object.isFrozen(BUILT_IN_KITS)).toBe(true);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.questions[0].signals)).toBe(true);
    expect(Object.isFrozen(first.competencies[0].rubric)).toBe(true);
    expect(() => {
      (first as { title: string }).title = 'changed';
    }).toThrow(TypeError);
  });

  describe.each(EXPECTED_KEYS)('%s', (key) => {
    const k = kit(key);

    it('validates clean, with at least 5 minutes left after the questions', () => {
      expect(validateKitContent(k)).toEqual([]);
      expect(validateKitContent(k, { reservedMinutes: 5 })).toEqual([]);
    });

    it('uses a known stage kind', () => {
      expect(KNOWN_STAGE_KINDS as readonly string[]).toContain(k.stageKind);
    });

    it('has 3 to 5 competencies, each with a 4-level rubric of distinct levels', () => {
      expect(k.competencies.length).toBeGreaterThanOrEqual(3);
      expect(k.competencies.length).toBeLessThanOrEqual(5);
      for (const c of k.competencies) {
        expect(c.rubric).toHaveLength(4);
        expect(new Set(c.rubric).size).toBe(4);
        for (const level of c.rubric) expect(level.trim().length).toBeGreaterThan(20);
      }
    });

    it('has 3 to 6 questions with follow-ups, signals, red flags and minutes', () => {
      expect(k.questions.length).toBeGreaterThanOrEqual(3);
      expect(k.questions.length).toBeLessThanOrEqual(6);
      for (const q of k.questions) {
        expect(q.followUps.length).toBeGreaterThanOrEqual(2);
        expect(q.signals.length).toBeGreaterThanOrEqual(3);
        expect(q.redFlags.length).toBeGreaterThanOrEqual(2);
        expect(Number.isInteger(q.minutes) && q.minutes > 0).toBe(true);
        expect(q.competencies.length).toBeGreaterThanOrEqual(1);
      }
    });

    it('gathers evidence for every competency in at least one question', () => {
      const used = new Set(k.questions.flatMap((q) => q.competencies));
      for (const c of k.competencies) expect(used).toContain(c.key);
    });

    it("leaves at least 5 minutes for the candidate's questions", () => {
      const plan = kitMinutesPlan(k);
      expect(plan.overrunMinutes).toBe(0);
      expect(plan.candidateQuestionsMinutes).toBeGreaterThanOrEqual(5);
      expect(plan.candidateTimeShort).toBe(false);
      expect(plan.plannedMinutes).toBe(k.durationMinutes);
    });

    it('states timings in its guidance that match the minutes plan', () => {
      const plan = kitMinutesPlan(k);
      const total = /questions total (\d+) minutes/i.exec(k.guidance.candidateQuestions);
      const stopAt = /by minute (\d+)/i.exec(k.guidance.candidateQuestions);
      expect(total).not.toBeNull();
      expect(stopAt).not.toBeNull();
      expect(Number(total![1])).toBe(plan.questionMinutes);
      expect(Number(stopAt![1])).toBe(plan.openingMinutes + plan.questionMinutes);
    });

    it('has guidance with notes', () => {
      expect(k.guidance.notes.length).toBeGreaterThanOrEqual(3);
    });
  });

  describe('required topics', () => {
    it('rate limiter: concurrency, distributed counters, fairness, and the store being down (fail-open vs fail-closed)', () => {
      const text = kitText(kit('rate-limiter-design'));
      expect(text).toMatch(/concurren/);
      expect(text).toMatch(/distributed counters/);
      expect(text).toMatch(/fair/);
      expect(text).toMatch(/fail-open/);
      expect(text).toMatch(/fail-closed/);
      expect(text).toMatch(/(store|redis)[^.]{0,80}(unreachable|down|unavailable)/);
      expect(text).toMatch(/atomic/);
      expect(text).toMatch(/token bucket/);
      expect(text).toMatch(/429/);
      expect(text).toMatch(/timeout/);
      const outage = kit('rate-limiter-design').questions.find((q) => q.competencies.includes('failure_modes'));
      expect(outage?.prompt.toLowerCase()).toMatch(/unreachable/);
    });

    it('schema design: cardinality, indexing, integrity, extensibility and migrations', () => {
      const text = kitText(kit('relational-schema-design'));
      for (const topic of [
        /cardinality/,
        /index/,
        /foreign key/,
        /unique/,
        /integrity/,
        /extensib/,
        /migration/,
        /backfill/,
        /explain analyze/,
        /many-to-many/,
      ]) {
        expect(text).toMatch(topic);
      }
    });

    it('latency debugging: hypotheses, metrics, logs, traces, narrowing, verifying the fix', () => {
      const text = kitText(kit('latency-spike-debugging'));
      for (const topic of [/hypothes/, /metrics/, /logs/, /traces/, /narrow/, /verif/, /p99|99th/, /rollback|roll back/, /sampling/]) {
        expect(text).toMatch(topic);
      }
      const keys = kit('latency-spike-debugging').competencies.map((c) => c.key);
      expect(keys).toEqual(expect.arrayContaining(['hypothesis_driven_investigation', 'observability_use', 'fix_verification']));
    });

    it('job queue: delivery guarantees, idempotency, leases, retries with backoff, dead letters, fairness', () => {
      const text = kitText(kit('job-queue-design'));
      for (const topic of [/at-least-once/, /idempoten/, /lease|visibility timeout/, /backoff/, /jitter/, /dead-letter/, /outbox/, /skip locked/, /tenant/]) {
        expect(text).toMatch(topic);
      }
    });

    it('data consistency: transactions, isolation, lost updates, reconciliation, repair', () => {
      const text = kitText(kit('data-consistency-incident'));
      for (const topic of [
        /transaction/,
        /isolation/,
        /lost update|update can be lost|loses an update/,
        /reconcil/,
        /idempoten/,
        /eventual consistency/,
        /repair/,
      ]) {
        expect(text).toMatch(topic);
      }
    });

    it('API design: versioning, backward compatibility, deprecation, idempotency, pagination, tenant isolation', () => {
      const text = kitText(kit('api-design-versioning'));
      for (const topic of [/version/, /backward compatib/, /deprecat/, /sunset/, /idempotency key/, /cursor pagination/, /tenant/, /breaking change/]) {
        expect(text).toMatch(topic);
      }
    });

    it('take-home review: walk-through, tests, responding to review, scope decisions', () => {
      const text = kitText(kit('take-home-review'));
      for (const topic of [/walk-through|walk through/, /test/, /review comment/, /scope/, /readme/]) {
        expect(text).toMatch(topic);
      }
    });

    it('recruiter screen: experience, motivation, work model, notice, compensation, and fair-hiring cautions', () => {
      const text = kitText(kit('recruiter-screen'));
      for (const topic of [/experience/, /motivation/, /remote/, /notice period/, /compensation/, /salary history/, /protected characteristics/]) {
        expect(text).toMatch(topic);
      }
    });
  });
});
