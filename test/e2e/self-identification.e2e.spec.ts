import type { INestApplicationContext } from '@nestjs/common';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';
import { makeApplication, makePipelineJob } from '../support/pipelines-fixtures.js';
import { makeJob, postingStatuses, startTestWorker, waitFor } from '../support/postings-fixtures.js';

describe('voluntary self-identification', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let org: TestOrg;
  let recruiter: TestUser;
  let publicId: number;
  let address = 0;
  /** Each application from its own address behind the trusted proxy (the per-address budget is not the subject here). */
  const from = () => ({ 'x-forwarded-for': `198.51.100.${(address += 1)}` });

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '127.0.0.1' });
    worker = await startTestWorker();
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
    const jobId = (await makeJob(org.id)).id;
    const res = await t
      .http()
      .post(`/v1/jobs/${jobId}/postings`)
      .set(bearer(recruiter))
      .send({ boards: ['careers'] });
    publicId = res.body.data[0].publicId;
    await waitFor(
      () => postingStatuses(jobId),
      (s) => s.careers === 'live',
      20000,
      'live',
    );
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
    await closeTestDb();
  });

  const surveys = () => count('self_identifications', 'organization_id = $1', [org.id]);
  const setSurvey = (body: object) => t.http().patch('/v1/organization/settings').set(bearer(org.admin)).send(body);
  const applyJson = (body: object) =>
    t
      .http()
      .post(`/v1/boards/${org.slug}/jobs/${publicId}`)
      .set(from())
      .send({ first_name: 'Ada', last_name: unique('Lovelace'), email: `${unique('ada')}@example.test`, resume_text: 'Analytical engines.', ...body });

  it('is off by default and asks the four EEO-1 questions once an admin turns it on', async () => {
    const before = await t.http().get('/v1/organization/settings').set(bearer(recruiter));
    expect(before.body).toMatchObject({
      selfIdentificationSurvey: false,
      selfIdentificationQuestions: ['sex', 'race_ethnicity', 'veteran_status', 'disability'],
    });
    const page = await t.http().get(`/careers/${org.slug}/jobs/${publicId}`);
    expect(page.text).not.toContain('Voluntary self-identification');
    expect((await setSurvey({ selfIdentificationSurvey: true })).body.selfIdentificationSurvey).toBe(true);
    const withSurvey = await t.http().get(`/careers/${org.slug}/jobs/${publicId}`);
    expect(withSurvey.text).toContain('Voluntary self-identification');
    expect(withSurvey.text).toContain('has no effect on your application');
    for (const field of ['eeo_sex', 'eeo_race_ethnicity', 'eeo_veteran_status', 'eeo_disability']) expect(withSurvey.text).toContain(`name="${field}"`);
    expect(withSurvey.text.match(/value="declined"/g)).toHaveLength(4);
    expect(withSurvey.text).not.toMatch(/<script(?![^>]*application\/ld\+json)/);
  });

  it('refuses a question the survey does not know, or an answer it does not offer, and writes nothing', async () => {
    await setSurvey({ selfIdentificationSurvey: true });
    const unknownQuestion = await setSurvey({ selfIdentificationQuestions: ['religion'] });
    expect(unknownQuestion.status).toBe(400);
    const applications = await count('applications', 'organization_id = $1', [org.id]);
    const res = await applyJson({ eeo_sex: 'unicorn' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['eeo_sex']);
    expect(await count('applications', 'organization_id = $1', [org.id])).toBe(applications);
  });

  it('keeps the answers of the careers form apart from the candidate, and shows them to nobody', async () => {
    await setSurvey({ selfIdentificationSurvey: true, selfIdentificationQuestions: ['sex', 'race_ethnicity', 'veteran_status', 'disability'] });
    const before = await surveys();
    const email = `${unique('grace')}@example.test`;
    const res = await t
      .http()
      .post(`/careers/${org.slug}/jobs/${publicId}/apply`)
      .set(from())
      .field('first_name', 'Grace')
      .field('last_name', 'Hopper')
      .field('email', email)
      .field('resume_text', 'Compilers.')
      .field('eeo_sex', 'female')
      .field('eeo_race_ethnicity', 'native_hawaiian_or_pacific_islander')
      .field('eeo_veteran_status', 'protected_veteran')
      .field('eeo_disability', 'declined');
    expect(res.status).toBe(201);
    expect(await surveys()).toBe(before + 1);
    const db = await testDb();
    const [row] = await db.query(
      `SELECT si.*, a.candidate_id FROM self_identifications si JOIN applications a ON a.id = si.application_id
        JOIN candidate_emails e ON e.candidate_id = a.candidate_id WHERE e.email = $1`,
      [email],
    );
    expect(row).toMatchObject({
      sex: 'female',
      race_ethnicity: 'native_hawaiian_or_pacific_islander',
      veteran_status: 'protected_veteran',
      disability: 'declined',
    });
    const answers = ['native_hawaiian_or_pacific_islander', 'protected_veteran', row.id];
    const candidate = await t.http().get(`/v1/candidates/${row.candidate_id}`).set(bearer(recruiter));
    const application = await t.http().get(`/v1/applications/${row.application_id}`).set(bearer(recruiter));
    const activity = await t.http().get(`/v1/candidates/${row.candidate_id}/activity`).set(bearer(recruiter));
    for (const res of [candidate, application, activity]) {
      expect(res.status).toBe(200);
      for (const answer of answers) expect(JSON.stringify(res.body)).not.toContain(answer);
      expect(JSON.stringify(res.body)).not.toMatch(/eeo_|selfIdentification|self_identification/);
    }
    // Not in the audit log, nor in any event a webhook would carry.
    const written = await db.query(
      `SELECT payload::text AS text FROM outbox_events WHERE organization_id = $1 UNION ALL SELECT changes::text FROM audit_log WHERE organization_id = $1`,
      [org.id],
    );
    for (const { text } of written) for (const answer of answers) expect(text).not.toContain(answer);
  });

  it('stores nothing while the survey is off, and only the questions it asks', async () => {
    await setSurvey({ selfIdentificationSurvey: false });
    const before = await surveys();
    expect((await applyJson({ eeo_sex: 'male', eeo_disability: 'no_disability' })).status).toBe(201);
    expect(await surveys()).toBe(before);
    await setSurvey({ selfIdentificationSurvey: true, selfIdentificationQuestions: ['disability'] });
    expect((await applyJson({ eeo_sex: 'male', eeo_disability: 'no_disability' })).status).toBe(201);
    const [row] = await (
      await testDb()
    ).query(`SELECT sex, disability FROM self_identifications WHERE organization_id = $1 ORDER BY created_at DESC LIMIT 1`, [org.id]);
    expect(row).toEqual({ sex: null, disability: 'no_disability' });
  });

  describe('the adverse-impact report', () => {
    let other: TestOrg;
    let stages: { id: string; name: string }[];

    /*
     * The constructed data set (one job; stages Application review → Recruiter screen → Technical interview → Offer → Hired):
     * - 10 women: all in review; 6 moved to the screen, 3 of them on to the technical interview.
     * - 10 men:   all in review; 8 moved to the screen, 4 of them on to the technical interview.
     * - 3 who declined every question.
     * - race: the 6 women who reached the screen and the 10 men say "white" (16); the 4 other women "asian" (4).
     * By hand:
     * - sex, review: women 6/10 = 0.6, men 8/10 = 0.8 → most selected 0.8; women 0.6/0.8 = 0.75 < 0.8 → flagged; men 1.
     * - sex, screen: women 3/6 = 0.5, men 4/8 = 0.5 → both 1, none flagged.
     * - sex, technical: women 3, men 4 entered (< 5) → too few to report, no numbers.
     * - race, review: white 14/16 = 0.875 (ratio 1); asian 4 entered → too few.
     * - the 3 who declined count in no group; 23 respondents.
     */
    beforeAll(async () => {
      other = await makeOrg(t);
      const job = await makePipelineJob(other.id);
      stages = job.stages;
      const db = await testDb();
      const make = async (sex: string, race: string, furthest: number) => {
        let app = await makeApplication(t, other.admin, job.id);
        for (let s = 1; s <= furthest; s++) {
          const res = await t
            .http()
            .post(`/v1/applications/${app.id}/move`)
            .set(bearer(other.admin))
            .send({ toStageId: stages[s].id, expectedVersion: app.version });
          expect(res.status).toBe(200);
          app = res.body;
        }
        await db.query(`INSERT INTO self_identifications (organization_id, application_id, sex, race_ethnicity) VALUES ($1, $2, $3, $4)`, [
          other.id,
          app.id,
          sex,
          race,
        ]);
      };
      const plan: Array<[string, string, number]> = [
        ...[2, 2, 2, 1, 1, 1].map((f): [string, string, number] => ['female', 'white', f]),
        ...[0, 0, 0, 0].map((f): [string, string, number] => ['female', 'asian', f]),
        ...[2, 2, 2, 2, 1, 1, 1, 1, 0, 0].map((f): [string, string, number] => ['male', 'white', f]),
        ...[0, 1, 2].map((f): [string, string, number] => ['declined', 'declined', f]),
      ];
      for (const [sex, race, furthest] of plan) await make(sex, race, furthest);
    });

    const report = (query = '') => t.http().get(`/v1/reports/adverse-impact${query}`).set(bearer(other.admin));

    it('gives selection rates and impact ratios per stage, flags under four fifths, and hides small groups', async () => {
      const res = await report();
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ minimumGroupSize: 5, threshold: 0.8, respondents: 23 });
      const sex = res.body.questions.find((q: { question: string }) => q.question === 'sex').stages;
      expect(sex.map((s: { stageName: string }) => s.stageName)).toEqual(['Application review', 'Recruiter screen', 'Technical interview']);
      expect(sex[0].groups).toEqual([
        { group: 'female', tooFewToReport: false, entered: 10, selected: 6, selectionRate: 0.6, impactRatio: 0.75, flagged: true },
        { group: 'male', tooFewToReport: false, entered: 10, selected: 8, selectionRate: 0.8, impactRatio: 1, flagged: false },
      ]);
      expect(sex[1].groups).toEqual([
        { group: 'female', tooFewToReport: false, entered: 6, selected: 3, selectionRate: 0.5, impactRatio: 1, flagged: false },
        { group: 'male', tooFewToReport: false, entered: 8, selected: 4, selectionRate: 0.5, impactRatio: 1, flagged: false },
      ]);
      expect(sex[2].groups).toEqual([
        { group: 'female', tooFewToReport: true },
        { group: 'male', tooFewToReport: true },
      ]);
      const race = res.body.questions.find((q: { question: string }) => q.question === 'race_ethnicity').stages;
      expect(race[0].groups).toEqual([
        { group: 'asian', tooFewToReport: true },
        { group: 'white', tooFewToReport: false, entered: 16, selected: 14, selectionRate: 0.875, impactRatio: 1, flagged: false },
      ]);
      expect(res.body.questions.find((q: { question: string }) => q.question === 'veteran_status').stages).toEqual([]);
    });

    it('is for admins only, and refuses a reversed period or another organization’s job', async () => {
      const hiringManager = await makeUser(t, other, ['hiring_manager']);
      const otherRecruiter = await makeUser(t, other, ['recruiter']);
      for (const user of [hiringManager, otherRecruiter]) expect((await t.http().get('/v1/reports/adverse-impact').set(bearer(user))).status).toBe(403);
      const reversed = await report('?from=2026-06-01&to=2026-01-01');
      expect(reversed.status).toBe(422);
      const foreignJob = await makePipelineJob(org.id);
      const foreign = await report(`?jobId=${foreignJob.id}`);
      expect(foreign.status).toBe(422);
      expect(foreign.body.errors[0].field).toBe('jobId');
      expect((await report('?from=2000-01-01&to=2000-12-31')).body.respondents).toBe(0);
    });
  });
});
