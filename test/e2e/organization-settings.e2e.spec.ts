import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';

describe('organization settings', () => {
  let t: TestApp;
  let org: TestOrg;
  let recruiter: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  const settingsOf = async (id: string) => (await (await testDb()).query('SELECT settings FROM organizations WHERE id = $1', [id]))[0].settings;

  it('starts from the defaults: pay range required, scorecards due after 24 hours and amendable for 48', async () => {
    const res = await t.http().get('/v1/organization/settings').set(bearer(recruiter));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      requirePayRange: true,
      scorecardDeadlineHours: 24,
      scorecardAmendmentHours: 48,
      rejectionEmailDelayHours: 24,
      logoUrl: null,
      accentColor: null,
      apiKeyRequestsPerSecond: 20,
      apiKeyBurst: 100,
      userRequestsPerSecond: 100,
      userBurst: 1000,
      selfIdentificationSurvey: false,
      selfIdentificationQuestions: ['sex', 'race_ethnicity', 'veteran_status', 'disability'],
    });
  });

  it('lets an admin change them (audited), keeping other settings such as the offer approval chain', async () => {
    const other = await makeOrg(t);
    await (await testDb()).query(`UPDATE organizations SET settings = '{"approvalChain":[{"role":"admin"}]}' WHERE id = $1`, [other.id]);
    const res = await t.http().patch('/v1/organization/settings').set(bearer(other.admin)).send({ requirePayRange: false, scorecardDeadlineHours: 48 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      requirePayRange: false,
      scorecardDeadlineHours: 48,
      scorecardAmendmentHours: 48,
      rejectionEmailDelayHours: 24,
      logoUrl: null,
      accentColor: null,
      apiKeyRequestsPerSecond: 20,
      apiKeyBurst: 100,
      userRequestsPerSecond: 100,
      userBurst: 1000,
      selfIdentificationSurvey: false,
      selfIdentificationQuestions: ['sex', 'race_ethnicity', 'veteran_status', 'disability'],
    });
    expect(await settingsOf(other.id)).toEqual({ approvalChain: [{ role: 'admin' }], requirePayRange: false, scorecardDeadlineHours: 48 });
    expect(await count('audit_log', "entity_type = 'organization' AND entity_id = $1 AND action = 'update'", [other.id])).toBe(1);
    // The lint rule follows the setting: without the requirement a missing pay range is only information.
    const lint = await t
      .http()
      .post('/v1/templates/lint')
      .set(bearer(other.admin))
      .send({ sections: { summary: 'Build payment APIs in Go and PostgreSQL.', compensationNote: 'Competitive.' } });
    expect(lint.status).toBe(200);
    const finding = (lint.body.findings ?? lint.body).find((f: { rule: string }) => f.rule === 'pay-range-missing');
    expect(finding?.severity).toBe('info');
  });

  it('answers a recruiter with 403 and changes nothing', async () => {
    const before = await settingsOf(org.id);
    const res = await t.http().patch('/v1/organization/settings').set(bearer(recruiter)).send({ requirePayRange: false });
    expect(res.status).toBe(403);
    expect(await settingsOf(org.id)).toEqual(before);
  });

  it.each([
    [{ scorecardDeadlineHours: 0 }, 'scorecardDeadlineHours'],
    [{ scorecardDeadlineHours: 1.5 }, 'scorecardDeadlineHours'],
    [{ rejectionEmailDelayHours: -1 }, 'rejectionEmailDelayHours'],
    [{ requirePayRange: 'yes' }, 'requirePayRange'],
    [{ scorecardAmendmentHours: -1 }, 'scorecardAmendmentHours'],
    [{ scorecardAmendmentHours: 24 * 31 }, 'scorecardAmendmentHours'],
    [{ theme: 'dark' }, 'theme'],
  ])('rejects %j with 400 naming the field and changes nothing', async (body, field) => {
    const before = await settingsOf(org.id);
    const res = await t.http().patch('/v1/organization/settings').set(bearer(org.admin)).send(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await settingsOf(org.id)).toEqual(before);
  });
});
