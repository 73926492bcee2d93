import type { KitContent } from '../library/kit-content.js';
import { BUILT_IN_KITS } from '../library/built-in-kits.js';
import { KIT_LIMITS, isValidKitContent, validateKitContent, type KitValidationIssue } from '../library/validate-kit.js';

function validKit(): KitContent {
  return {
    key: 'cache-design',
    title: 'Cache design',
    purpose: 'See how the candidate designs a read-through cache.',
    stageKind: 'system_design',
    durationMinutes: 45,
    competencies: [
      {
        key: 'invalidation',
        name: 'Invalidation',
        description: 'Keeps cached data fresh enough.',
        rubric: ['Ignores staleness.', 'Uses TTL only.', 'Invalidates on write.', 'Handles races between write and fill.'],
      },
      {
        key: 'failure_modes',
        name: 'Failure modes',
        description: 'Plans for the cache being down.',
        rubric: ['Not considered.', 'Mentions it.', 'Falls back to the database with limits.', 'Protects the database from a stampede.'],
      },
    ],
    questions: [
      {
        key: 'design',
        prompt: 'Design a cache in front of the product catalogue.',
        followUps: ['What TTL?', 'What happens on a write?'],
        signals: ['Asks about read/write ratio.', 'Chooses an invalidation strategy.', 'Mentions stampedes.'],
        redFlags: ['Caches everything forever.', 'Ignores consistency.'],
        minutes: 20,
        competencies: ['invalidation'],
      },
      {
        key: 'outage',
        prompt: 'The cache cluster is down. What happens?',
        followUps: ['How do you protect the database?', 'How do you warm it up?'],
        signals: ['Limits load on the database.', 'Uses timeouts.', 'Alerts.'],
        redFlags: ['Assumes the cache never fails.', 'Lets every request time out.'],
        minutes: 15,
        competencies: ['failure_modes', 'invalidation'],
      },
    ],
    guidance: {
      opening: 'Introduce yourself and the format.',
      candidateQuestions: 'Keep the last five minutes for the candidate.',
      closing: 'Explain next steps.',
      notes: ['Score what you observed.'],
    },
  };
}

function fields(issues: KitValidationIssue[]): string[] {
  return issues.map((i) => i.field);
}

// Jest types its asymmetric matchers as `any`; these say what they stand for.
const textMatching = (pattern: RegExp): string => expect.stringMatching(pattern) as string;
const anyText = (): string => expect.any(String) as string;

/** Sets a member to a value its type does not allow, as untrusted JSON may. */
function put(target: object, key: string | number, value: unknown): void {
  Reflect.set(target, key, value);
}

/** Removes a member its type requires, as untrusted JSON may. */
function drop(target: object, key: string): void {
  Reflect.deleteProperty(target, key);
}

/** Applies a mutation to a fresh valid kit and returns the issues. */
function issuesAfter(mutate: (kit: KitContent) => unknown): KitValidationIssue[] {
  const kit = validKit();
  mutate(kit);
  return validateKitContent(kit);
}

describe('validateKitContent', () => {
  it('accepts a valid kit', () => {
    expect(validateKitContent(validKit())).toEqual([]);
    expect(isValidKitContent(validKit())).toBe(true);
  });

  it('accepts every built-in kit', () => {
    for (const kit of BUILT_IN_KITS) expect(validateKitContent(kit)).toEqual([]);
  });

  it('rejects non-objects without throwing', () => {
    for (const value of [null, undefined, 42, 'kit', []]) {
      expect(validateKitContent(value)).toEqual([{ field: '', message: anyText() }]);
    }
    expect(isValidKitContent(null)).toBe(false);
  });

  it('reports every missing required field of an empty object', () => {
    const f = fields(validateKitContent({}));
    expect(f).toEqual(expect.arrayContaining(['key', 'title', 'purpose', 'stageKind', 'durationMinutes', 'competencies', 'questions', 'guidance']));
  });

  describe('required strings', () => {
    it.each([
      ['title', (k: KitContent) => (k.title = '')],
      ['purpose', (k: KitContent) => (k.purpose = '   ')],
      ['competencies[1].name', (k: KitContent) => (k.competencies[1].name = '')],
      ['competencies[0].description', (k: KitContent) => drop(k.competencies[0], 'description')],
      ['questions[1].prompt', (k: KitContent) => (k.questions[1].prompt = '\n')],
      ['questions[0].signals[2]', (k: KitContent) => (k.questions[0].signals[2] = '')],
      ['questions[1].followUps[0]', (k: KitContent) => put(k.questions[1].followUps, 0, 7)],
      ['questions[0].redFlags[1]', (k: KitContent) => (k.questions[0].redFlags[1] = ' ')],
      ['guidance.opening', (k: KitContent) => (k.guidance.opening = '')],
      ['guidance.candidateQuestions', (k: KitContent) => drop(k.guidance, 'candidateQuestions')],
      ['guidance.closing', (k: KitContent) => put(k.guidance, 'closing', null)],
      ['guidance.notes[0]', (k: KitContent) => (k.guidance.notes[0] = '')],
    ])('reports %s', (field, mutate) => {
      const issues = issuesAfter(mutate);
      expect(fields(issues)).toEqual([field]);
    });

    it('reports a missing guidance object', () => {
      expect(fields(issuesAfter((k) => drop(k, 'guidance')))).toEqual(['guidance']);
    });
  });

  describe('key formats', () => {
    it.each(['Cache-Design', 'cache_design', 'cache design', '-cache', 'cache--design', 'cache-'])('rejects kit key %p', (key) => {
      const issues = issuesAfter((k) => (k.key = key));
      expect(issues).toEqual([{ field: 'key', message: textMatching(/kebab-case/) }]);
    });

    it('rejects an empty kit key', () => {
      expect(fields(issuesAfter((k) => (k.key = '')))).toEqual(['key']);
    });

    it('rejects an overlong kit key', () => {
      expect(issuesAfter((k) => (k.key = 'a'.repeat(KIT_LIMITS.maxKeyLength + 1)))).toEqual([{ field: 'key', message: textMatching(/at most/) }]);
    });

    it.each(['Invalidation', 'cache-invalidation', '1st_level', 'double__underscore'])('rejects competency key %p', (key) => {
      const issues = issuesAfter((k) => {
        k.competencies[0].key = key;
        k.questions[0].competencies = ['failure_modes'];
        k.questions[1].competencies = ['failure_modes'];
      });
      expect(issues).toEqual([{ field: 'competencies[0].key', message: textMatching(/snake_case/) }]);
    });

    it('rejects a question key that is not snake_case', () => {
      expect(fields(issuesAfter((k) => (k.questions[1].key = 'Outage!')))).toEqual(['questions[1].key']);
    });

    it('rejects a stage kind that is not snake_case', () => {
      expect(fields(issuesAfter((k) => (k.stageKind = 'System Design')))).toEqual(['stageKind']);
    });
  });

  describe('competencies', () => {
    it('reports duplicate competency keys on the later entry', () => {
      const issues = issuesAfter((k) => (k.competencies[1].key = 'invalidation'));
      expect(issues).toContainEqual({ field: 'competencies[1].key', message: textMatching(/duplicate/) });
    });

    it('requires at least one competency', () => {
      const issues = issuesAfter((k) => {
        k.competencies = [];
      });
      expect(issues).toContainEqual({ field: 'competencies', message: anyText() });
    });

    it('requires competencies to be an array', () => {
      expect(issuesAfter((k) => put(k, 'competencies', {}))).toContainEqual({ field: 'competencies', message: 'must be an array' });
    });

    it('reports a competency that is not an object', () => {
      const issues = issuesAfter((k) => {
        put(k.competencies, k.competencies.length, 'oops');
      });
      expect(fields(issues)).toEqual(['competencies[2]']);
    });

    it.each([
      [3, 'competencies[0].rubric'],
      [5, 'competencies[0].rubric'],
    ])('requires exactly 4 rubric levels (got %i)', (count, field) => {
      const issues = issuesAfter((k) =>
        put(
          k.competencies[0],
          'rubric',
          Array.from({ length: count }, (_, i) => `Level ${i + 1}`),
        ),
      );
      expect(issues).toEqual([{ field, message: textMatching(/exactly 4/) }]);
    });

    it('requires every rubric level to be non-empty', () => {
      const issues = issuesAfter((k) => (k.competencies[1].rubric[3] = ''));
      expect(issues).toEqual([{ field: 'competencies[1].rubric[3]', message: 'must not be empty' }]);
    });

    it('requires a rubric', () => {
      expect(fields(issuesAfter((k) => drop(k.competencies[0], 'rubric')))).toEqual(['competencies[0].rubric']);
    });

    it(`allows at most ${KIT_LIMITS.maxCompetencies} competencies`, () => {
      const issues = issuesAfter((k) => {
        for (let i = 0; i < KIT_LIMITS.maxCompetencies; i++) {
          k.competencies.push({ ...k.competencies[0], key: `extra_${i}` });
        }
      });
      expect(issues).toEqual([{ field: 'competencies', message: textMatching(/at most 20/) }]);
    });
  });

  describe('questions', () => {
    it('reports a reference to a competency that does not exist, with its path', () => {
      const issues = issuesAfter((k) => (k.questions[1].competencies = ['failure_modes', 'scalability']));
      expect(issues).toEqual([{ field: 'questions[1].competencies[1]', message: textMatching(/unknown competency "scalability"/) }]);
    });

    it('reports a competency referenced twice by one question', () => {
      const issues = issuesAfter((k) => (k.questions[0].competencies = ['invalidation', 'invalidation']));
      expect(issues).toEqual([{ field: 'questions[0].competencies[1]', message: textMatching(/more than once/) }]);
    });

    it('reports references made invalid by a renamed competency', () => {
      const issues = issuesAfter((k) => (k.competencies[1].key = 'outages'));
      expect(fields(issues)).toEqual(['questions[1].competencies[0]']);
    });

    it('requires each question to reference at least one competency', () => {
      expect(fields(issuesAfter((k) => (k.questions[0].competencies = [])))).toEqual(['questions[0].competencies']);
    });

    it('requires at least one signal', () => {
      expect(fields(issuesAfter((k) => (k.questions[0].signals = [])))).toEqual(['questions[0].signals']);
    });

    it('requires list fields to be arrays', () => {
      expect(issuesAfter((k) => put(k.questions[1], 'followUps', 'ask more'))).toEqual([{ field: 'questions[1].followUps', message: 'must be an array' }]);
    });

    it('reports duplicate question keys on the later entry', () => {
      const issues = issuesAfter((k) => (k.questions[1].key = 'design'));
      expect(issues).toEqual([{ field: 'questions[1].key', message: textMatching(/duplicate/) }]);
    });

    it('requires at least one question', () => {
      expect(fields(issuesAfter((k) => (k.questions = [])))).toEqual(['questions']);
    });

    it(`allows at most ${KIT_LIMITS.maxQuestions} questions`, () => {
      const issues = issuesAfter((k) => {
        k.durationMinutes = 480;
        k.questions = Array.from({ length: KIT_LIMITS.maxQuestions + 1 }, (_, i) => ({ ...k.questions[0], key: `q_${i}`, minutes: 1 }));
      });
      expect(issues).toEqual([{ field: 'questions', message: textMatching(/at most 40/) }]);
    });

    it(`allows at most ${KIT_LIMITS.maxListItems} entries in a list`, () => {
      const issues = issuesAfter((k) => (k.questions[0].signals = Array.from({ length: KIT_LIMITS.maxListItems + 1 }, (_, i) => `signal ${i}`)));
      expect(issues).toEqual([{ field: 'questions[0].signals', message: textMatching(/at most/) }]);
    });
  });

  describe('minutes', () => {
    it.each([0, -5, 2.5, '10', Number.NaN, null])('rejects question minutes %p', (minutes) => {
      const issues = issuesAfter((k) => put(k.questions[1], 'minutes', minutes));
      expect(issues).toEqual([{ field: 'questions[1].minutes', message: 'must be a positive integer' }]);
    });

    it.each([0, -45, 45.5, '45'])('rejects durationMinutes %p', (minutes) => {
      const issues = issuesAfter((k) => put(k, 'durationMinutes', minutes));
      expect(issues).toEqual([{ field: 'durationMinutes', message: 'must be a positive integer' }]);
    });

    it('rejects an implausibly long interview', () => {
      expect(fields(issuesAfter((k) => (k.durationMinutes = 10_000)))).toEqual(['durationMinutes']);
    });

    it('reports question minutes that exceed the duration', () => {
      const issues = issuesAfter((k) => (k.questions[1].minutes = 30)); // 20 + 30 > 45
      expect(issues).toEqual([{ field: 'questions', message: textMatching(/total 50.*durationMinutes \(45\)/) }]);
    });

    it('allows question minutes that use the whole duration by default', () => {
      expect(issuesAfter((k) => (k.questions[1].minutes = 25))).toEqual([]);
    });

    it('can require minutes to be reserved for the opening and candidate questions', () => {
      const kit = validKit();
      kit.questions[1].minutes = 22; // 42 of 45: 3 left
      expect(validateKitContent(kit, { reservedMinutes: 5 })).toEqual([{ field: 'questions', message: textMatching(/at least 5 must remain/) }]);
      expect(validateKitContent(kit, { reservedMinutes: 3 })).toEqual([]);
    });

    it("does not report the total when a question's minutes are themselves invalid", () => {
      expect(fields(issuesAfter((k) => (k.questions[0].minutes = -1)))).toEqual(['questions[0].minutes']);
    });
  });

  describe('string length', () => {
    const tooLong = 'x'.repeat(KIT_LIMITS.maxStringLength + 1);

    it.each([
      ['purpose', (k: KitContent) => (k.purpose = tooLong)],
      ['competencies[0].rubric[2]', (k: KitContent) => (k.competencies[0].rubric[2] = tooLong)],
      ['questions[0].prompt', (k: KitContent) => (k.questions[0].prompt = tooLong)],
      ['questions[1].signals[0]', (k: KitContent) => (k.questions[1].signals[0] = tooLong)],
      ['guidance.notes[0]', (k: KitContent) => (k.guidance.notes[0] = tooLong)],
    ])('rejects %s over 4000 characters', (field, mutate) => {
      expect(issuesAfter(mutate)).toEqual([{ field, message: textMatching(/at most 4000/) }]);
    });

    it('accepts exactly 4000 characters', () => {
      expect(issuesAfter((k) => (k.purpose = 'x'.repeat(KIT_LIMITS.maxStringLength)))).toEqual([]);
    });
  });

  describe('unknown fields', () => {
    it('rejects unknown fields at every level by default', () => {
      const issues = issuesAfter((k) => {
        put(k, 'owner', 'me');
        put(k.competencies[0], 'weight', 2);
        put(k.questions[1], 'difficulty', 'hard');
        put(k.guidance, 'extra', 'x');
      });
      expect(issues).toEqual([
        { field: 'owner', message: 'unknown field' },
        { field: 'competencies[0].weight', message: 'unknown field' },
        { field: 'questions[1].difficulty', message: 'unknown field' },
        { field: 'guidance.extra', message: 'unknown field' },
      ]);
    });

    it('can allow unknown fields', () => {
      const kit = { ...validKit(), id: 'abc' };
      expect(validateKitContent(kit, { allowUnknownFields: true })).toEqual([]);
    });
  });

  it('collects several problems at once', () => {
    const issues = issuesAfter((k) => {
      k.title = '';
      put(k.competencies[0], 'rubric', ['only one']);
      k.questions[0].competencies = ['nope'];
      k.questions[1].minutes = 0;
    });
    expect(fields(issues)).toEqual(['title', 'competencies[0].rubric', 'questions[0].competencies[0]', 'questions[1].minutes']);
  });
});
