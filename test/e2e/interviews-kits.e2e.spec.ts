import { BuiltInKitsLoader } from '../../libs/interviews/src/index.js';
import { BUILT_IN_KITS, REQUIRED_BUILT_IN_KIT_KEYS } from '../../libs/interviews/src/library/index.js';
import type { KitContent } from '../../libs/interviews/src/library/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';

const PROBLEM = /application\/problem\+json/;

function myKit(key = unique('kit-')): KitContent {
  return {
    key,
    title: 'Pairing on a failing test',
    purpose: 'Watch how the candidate reads unfamiliar code and narrows a failure down.',
    stageKind: 'technical_interview',
    durationMinutes: 45,
    competencies: [
      {
        key: 'debugging',
        name: 'Debugging',
        description: 'Narrows a failure with evidence.',
        rubric: ['Guesses.', 'Guesses, then checks.', 'Forms and tests hypotheses.', 'Tests hypotheses and explains the cause.'],
      },
      {
        key: 'communication',
        name: 'Communication',
        description: 'Explains what they do.',
        rubric: ['Silent.', 'Some narration.', 'Clear narration.', 'Clear and checks understanding.'],
      },
    ],
    questions: [
      {
        key: 'failing_test',
        prompt: 'This test fails intermittently. Find out why.',
        followUps: ['What would you log?'],
        signals: ['Reproduces first'],
        redFlags: ['Deletes the test'],
        minutes: 30,
        competencies: ['debugging', 'communication'],
      },
    ],
    guidance: {
      opening: 'Introduce yourself and the exercise.',
      candidateQuestions: 'Keep ten minutes for their questions.',
      closing: 'Explain next steps.',
      notes: [],
    },
  };
}

describe('interviews: kits', () => {
  let t: TestApp;
  let org: TestOrg;
  let recruiter: TestUser;
  let interviewer: TestUser;
  let manager: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t);
    [recruiter, interviewer, manager] = await Promise.all([
      makeUser(t, org, ['recruiter']),
      makeUser(t, org, ['interviewer']),
      makeUser(t, org, ['hiring_manager']),
    ]);
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  /** This test's organization's kits and their revisions: rows no other test file can write. */
  const orgKits = () => count('interview_kits', 'organization_id = $1', [org.id]);
  const orgKitRevisions = () => count('interview_kit_revisions', 'kit_id IN (SELECT id FROM interview_kits WHERE organization_id = $1)', [org.id]);

  async function builtInId(key: string): Promise<string> {
    const db = await testDb();
    const [row] = await db.query('SELECT id FROM interview_kits WHERE organization_id IS NULL AND key = $1', [key]);
    return row.id;
  }

  describe('built-in library', () => {
    it('is loaded at start: every built-in kit, each with revision 1 holding its content', async () => {
      expect(await count('interview_kits', 'organization_id IS NULL')).toBe(BUILT_IN_KITS.length);
      for (const key of REQUIRED_BUILT_IN_KIT_KEYS) expect(await count('interview_kits', 'organization_id IS NULL AND key = $1', [key])).toBe(1);
      const res = await t
        .http()
        .get(`/v1/interview-kits/${await builtInId('rate-limiter-design')}`)
        .set(bearer(interviewer));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ key: 'rate-limiter-design', builtIn: true, forkedFrom: null, latestRevision: { number: 1 } });
      expect(res.body.revision.content).toEqual(JSON.parse(JSON.stringify(BUILT_IN_KITS[0])));
      expect(res.body.revision.minutesPlan.plannedMinutes).toBe(BUILT_IN_KITS[0].durationMinutes);
    });

    it('is idempotent: loading again (as every start does) skips and writes nothing; a lost built-in is restored in one pass', async () => {
      const loader = t.app.get(BuiltInKitsLoader);
      // The loader writes only built-in kits (organization NULL) and their revisions; other test files write their own organizations' kits.
      const builtInKits = () => count('interview_kits', 'organization_id IS NULL');
      const builtInRevisions = () => count('interview_kit_revisions', 'kit_id IN (SELECT id FROM interview_kits WHERE organization_id IS NULL)');
      const kits = await builtInKits();
      const revisions = await builtInRevisions();
      expect(await loader.load()).toEqual({ inserted: 0, revised: 0, skipped: true });
      expect(await builtInKits()).toBe(kits);
      expect(await builtInRevisions()).toBe(revisions);
      // A changed built-in (simulated by a stale hash) gets a new revision; its old one stays.
      const db = await testDb();
      await db.query(`UPDATE interview_kits SET content_hash = 'stale' WHERE organization_id IS NULL AND key = 'take-home-review'`);
      expect(await loader.load()).toEqual({ inserted: 0, revised: 1, skipped: false });
      const [row] = await db.query(`SELECT latest_revision_number FROM interview_kits WHERE organization_id IS NULL AND key = 'take-home-review'`);
      expect(row.latest_revision_number).toBe(2);
      expect(await loader.load()).toEqual({ inserted: 0, revised: 0, skipped: true });
    });

    it('is read-only: a new revision of a built-in is 403 and writes nothing', async () => {
      const id = await builtInId('latency-spike-debugging');
      const before = await count('interview_kit_revisions', 'kit_id = $1', [id]);
      const res = await t
        .http()
        .post(`/v1/interview-kits/${id}/revisions`)
        .set(bearer(recruiter))
        .send({ ...BUILT_IN_KITS[2] });
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('interviews.built_in_kit_read_only');
      expect(await count('interview_kit_revisions', 'kit_id = $1', [id])).toBe(before);
    });
  });

  describe('GET /v1/interview-kits', () => {
    it('lists built-ins and the organization’s own in keyset pages, for every role including interviewers', async () => {
      const created = await t.http().post('/v1/interview-kits').set(bearer(recruiter)).send(myKit());
      expect(created.status).toBe(201);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: { data: Array<{ id: string }>; nextCursor: string | null } } = await t
          .http()
          .get('/v1/interview-kits')
          .query({ limit: 3, ...(cursor ? { cursor } : {}) })
          .set(bearer(interviewer));
        expect(res.status).toBe(200);
        expect(res.body.data.length).toBeLessThanOrEqual(3);
        seen.push(...res.body.data.map((k: { id: string }) => k.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toContain(created.body.id);
      expect(seen.length).toBe(BUILT_IN_KITS.length + (await count('interview_kits', 'organization_id = $1', [org.id])));
      for (const role of [manager, org.admin]) expect((await t.http().get('/v1/interview-kits').set(bearer(role))).status).toBe(200);
    });

    it('filters by builtIn and stageKind', async () => {
      const res = await t.http().get('/v1/interview-kits').query({ builtIn: 'true', stageKind: 'system_design', limit: 100 }).set(bearer(recruiter));
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBe(BUILT_IN_KITS.filter((k) => k.stageKind === 'system_design').length);
      expect(res.body.data.every((k: { builtIn: boolean; stageKind: string }) => k.builtIn && k.stageKind === 'system_design')).toBe(true);
    });

    it('rejects a bad limit and an unknown query field with 400', async () => {
      const res = await t.http().get('/v1/interview-kits').query({ limit: 500, colour: 'red' }).set(bearer(recruiter));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['limit', 'colour']));
    });

    it('does not show another organization’s kits, and answers their id with 404', async () => {
      const other = await makeOrg(t);
      const theirs = await t.http().post('/v1/interview-kits').set(bearer(other.admin)).send(myKit());
      expect(theirs.status).toBe(201);
      const list = await t.http().get('/v1/interview-kits').query({ limit: 100 }).set(bearer(recruiter));
      expect(list.body.data.map((k: { id: string }) => k.id)).not.toContain(theirs.body.id);
      expect((await t.http().get(`/v1/interview-kits/${theirs.body.id}`).set(bearer(recruiter))).status).toBe(404);
      expect((await t.http().post(`/v1/interview-kits/${theirs.body.id}/revisions`).set(bearer(recruiter)).send(myKit(theirs.body.key))).status).toBe(404);
      expect((await t.http().post(`/v1/interview-kits/${theirs.body.id}/fork`).set(bearer(recruiter)).send({})).status).toBe(404);
      expect((await t.http().get('/v1/interview-kits/not-a-uuid').set(bearer(recruiter))).status).toBe(404);
    });

    it('requires a token', async () => {
      expect((await t.http().get('/v1/interview-kits')).status).toBe(401);
    });
  });

  describe('POST /v1/interview-kits', () => {
    it('creates revision 1 and audits it', async () => {
      const kit = myKit();
      const res = await t.http().post('/v1/interview-kits').set(bearer(recruiter)).send(kit);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        key: kit.key,
        title: kit.title,
        stageKind: 'technical_interview',
        builtIn: false,
        latestRevision: { number: 1 },
        revision: { number: 1, content: kit },
      });
      expect(res.body.revision.minutesPlan.candidateQuestionsMinutes).toBeGreaterThanOrEqual(5);
      expect(await count('audit_log', "entity_type = 'interview_kit' AND entity_id = $1 AND action = 'create'", [res.body.id])).toBe(1);
    });

    it.each([
      [
        'a question citing a competency not in the kit',
        (k: KitContent) => (k.questions[0].competencies = ['debugging', 'telepathy']),
        'questions[0].competencies[1]',
      ],
      ['a rubric with three levels', (k: KitContent) => ((k.competencies[1] as { rubric: string[] }).rubric = ['a', 'b', 'c']), 'competencies[1].rubric'],
      ['questions longer than the interview', (k: KitContent) => (k.questions[0].minutes = 90), 'questions'],
      ['an unknown field', (k: KitContent) => ((k as unknown as Record<string, unknown>).colour = 'red'), 'colour'],
      ['a key that is not kebab-case', (k: KitContent) => (k.key = 'Not A Slug'), 'key'],
      ['a missing guidance', (k: KitContent) => delete (k as Partial<KitContent>).guidance, 'guidance'],
    ])('rejects %s with 422 naming the field path, and writes nothing', async (_label, spoil, field) => {
      const kit = myKit();
      spoil(kit);
      const written = async () => [await orgKits(), await orgKitRevisions(), await count('audit_log', 'organization_id = $1', [org.id])];
      const before = await written();
      const res = await t.http().post('/v1/interview-kits').set(bearer(recruiter)).send(kit);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ status: 422, code: 'interviews.invalid_kit' });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await written()).toEqual(before);
    });

    it('answers a key already used in the organization with 409 naming key', async () => {
      const kit = myKit();
      expect((await t.http().post('/v1/interview-kits').set(bearer(recruiter)).send(kit)).status).toBe(201);
      const before = await orgKits();
      const res = await t.http().post('/v1/interview-kits').set(bearer(recruiter)).send(kit);
      expect(res.status).toBe(409);
      expect(res.body.errors[0].field).toBe('key');
      expect(await orgKits()).toBe(before);
    });

    it('is closed to interviewers and hiring managers (403), and writes nothing', async () => {
      const before = await orgKits();
      for (const user of [interviewer, manager]) {
        const res = await t.http().post('/v1/interview-kits').set(bearer(user)).send(myKit());
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
      expect(await orgKits()).toBe(before);
    });
  });

  describe('revisions and forks', () => {
    it('adds immutable revisions; older ones stay readable with ?revision=', async () => {
      const kit = myKit();
      const created = await t.http().post('/v1/interview-kits').set(bearer(recruiter)).send(kit);
      const edited = { ...kit, title: 'Pairing on a flaky test' };
      const res = await t.http().post(`/v1/interview-kits/${created.body.id}/revisions`).set(bearer(recruiter)).send(edited);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ title: 'Pairing on a flaky test', latestRevision: { number: 2 }, revision: { number: 2 } });
      const first = await t.http().get(`/v1/interview-kits/${created.body.id}`).query({ revision: 1 }).set(bearer(interviewer));
      expect(first.body.revision.content.title).toBe('Pairing on a failing test');
      expect((await t.http().get(`/v1/interview-kits/${created.body.id}`).query({ revision: 9 }).set(bearer(interviewer))).status).toBe(404);
      const db = await testDb();
      await expect(db.query(`UPDATE interview_kit_revisions SET number = 7 WHERE kit_id = $1`, [created.body.id])).rejects.toThrow(/immutable/);
      expect(await count('audit_log', "entity_type = 'interview_kit' AND entity_id = $1 AND action = 'update'", [created.body.id])).toBe(1);
    });

    it('rejects an invalid revision with 422 and path, writes nothing; a changed key is refused', async () => {
      const kit = myKit();
      const created = await t.http().post('/v1/interview-kits').set(bearer(recruiter)).send(kit);
      const bad = structuredClone(kit);
      bad.competencies[0].rubric[2] = '   ';
      const res = await t.http().post(`/v1/interview-kits/${created.body.id}/revisions`).set(bearer(recruiter)).send(bad);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('competencies[0].rubric[2]');
      const rekey = await t
        .http()
        .post(`/v1/interview-kits/${created.body.id}/revisions`)
        .set(bearer(recruiter))
        .send({ ...kit, key: 'another-key' });
      expect(rekey.status).toBe(422);
      expect(rekey.body.errors[0].field).toBe('key');
      expect(await count('interview_kit_revisions', 'kit_id = $1', [created.body.id])).toBe(1);
    });

    it('forks a built-in into the organization, editable, remembering its source', async () => {
      const source = await builtInId('relational-schema-design');
      const res = await t
        .http()
        .post(`/v1/interview-kits/${source}/fork`)
        .set(bearer(recruiter))
        .send({ key: unique('schema-'), title: 'Schema design, our way' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ builtIn: false, forkedFrom: source, title: 'Schema design, our way', latestRevision: { number: 1 } });
      expect(res.body.revision.content.competencies).toEqual(JSON.parse(JSON.stringify(BUILT_IN_KITS[1].competencies)));
      const edit = await t
        .http()
        .post(`/v1/interview-kits/${res.body.id}/revisions`)
        .set(bearer(recruiter))
        .send({ ...res.body.revision.content, durationMinutes: 75 });
      expect(edit.status).toBe(201);
      // Forking with the built-in's own key works once per organization.
      const sameKey = await t.http().post(`/v1/interview-kits/${source}/fork`).set(bearer(org.admin)).send({});
      expect(sameKey.status).toBe(201);
      expect(sameKey.body.key).toBe('relational-schema-design');
      const again = await t.http().post(`/v1/interview-kits/${source}/fork`).set(bearer(org.admin)).send({});
      expect(again.status).toBe(409);
    });

    it('rejects a bad fork body with 400 naming the field', async () => {
      const source = await builtInId('job-queue-design');
      const before = await orgKits();
      const res = await t.http().post(`/v1/interview-kits/${source}/fork`).set(bearer(recruiter)).send({ key: 'Bad Key', extra: 1 });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['key', 'extra']));
      expect(await orgKits()).toBe(before);
    });
  });
});
