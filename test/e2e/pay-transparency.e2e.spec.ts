import { randomUUID } from 'node:crypto';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';
import { makeJob } from '../support/postings-fixtures.js';

/** Pay transparency rules as data: posting refused where a range is required, allowed with one or elsewhere; per-organization overrides; the lint. */
describe('pay transparency', () => {
  let t: TestApp;
  let org: TestOrg;
  let admin: TestUser;
  let recruiter: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t);
    admin = await makeUser(t, org, ['admin']);
    recruiter = await makeUser(t, org, ['recruiter']);
  });

  afterAll(async () => {
    await t?.close();
    await closeTestDb();
  });

  const writes = async () => ({
    postings: await count('postings', 'organization_id = $1', [org.id]),
    outbox: await count('outbox_events', 'organization_id = $1', [org.id]),
    overrides: await count('pay_transparency_overrides', 'organization_id = $1', [org.id]),
    audit: await count('audit_log', 'organization_id = $1', [org.id]),
  });
  const post = (jobId: string, user: TestUser = recruiter) =>
    t
      .http()
      .post(`/v1/jobs/${jobId}/postings`)
      .set(bearer(user))
      .send({ boards: ['careers'] });
  const denver = { city: 'Denver', region: 'CO', country: 'US' };

  it('ships the EU member states and the US states, each with its date, the law and what it requires', async () => {
    const res = await t.http().get('/v1/pay-transparency/rules').set(bearer(recruiter));
    expect(res.status).toBe(200);
    const eu = res.body.data.filter((r: { source: string }) => r.source.includes('2023/970'));
    expect(eu).toHaveLength(27);
    expect(eu.every((r: { inForceFrom: string; requiresRange: boolean; forbidsSalaryHistory: boolean }) => r.inForceFrom === '2026-06-07')).toBe(true);
    const us = res.body.data.filter((r: { country: string }) => r.country === 'US').map((r: { regionCode: string }) => r.regionCode);
    expect(us.sort()).toEqual(['CA', 'CO', 'DE', 'HI', 'IL', 'MA', 'MD', 'MN', 'NJ', 'NY', 'VT', 'WA']);
    expect(res.body.data.find((r: { regionCode: string }) => r.regionCode === 'CO')).toMatchObject({
      jurisdiction: 'Colorado, United States',
      inForceFrom: '2021-01-01',
      requiresRange: true,
      forbidsSalaryHistory: true,
      overridden: false,
      inForce: true,
    });
  });

  it('refuses to post a job with an office in Denver, CO and no salary range (422 naming Colorado), writing nothing', async () => {
    const job = await makeJob(org.id, { office: denver, salary: null });
    const before = await writes();
    const res = await post(job.id);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('postings.pay_range_required');
    expect(res.body.detail).toContain('Colorado, United States');
    expect(res.body.rule).toMatchObject({ jurisdiction: 'Colorado, United States', inForceFrom: '2021-01-01' });
    expect(await writes()).toEqual(before);
  });

  it('posts the same job once it has a range, a job in an uncovered place without one, and matches a region written out', async () => {
    const withRange = await makeJob(org.id, { office: denver, salary: { min: 90000, max: 120000, currency: 'USD', period: 'YEAR' } });
    expect((await post(withRange.id)).status).toBe(202);
    const texas = await makeJob(org.id, { office: { city: 'Austin', region: 'TX', country: 'US' }, salary: null });
    expect((await post(texas.id)).status).toBe(202);
    const london = await makeJob(org.id, { office: { city: 'London', region: 'England', country: 'GB' }, salary: null });
    expect((await post(london.id)).status).toBe(202);
    const written = await makeJob(org.id, { office: { city: 'Boulder', region: 'Colorado', country: 'US' }, salary: null });
    expect((await post(written.id)).body.code).toBe('postings.pay_range_required');
  });

  it('covers a remote country: a job in Texas open to remote work from Germany needs a range (EU Directive)', async () => {
    const job = await makeJob(org.id, { office: { city: 'Austin', region: 'TX', country: 'US' }, workModel: 'remote', remoteCountries: ['DE'], salary: null });
    const res = await post(job.id);
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain('Germany');
  });

  it("lets an admin override a rule for their organization only; the built-in rule and other organizations' view stay", async () => {
    const rules = await t.http().get('/v1/pay-transparency/rules').set(bearer(admin));
    const colorado = rules.body.data.find((r: { regionCode: string }) => r.regionCode === 'CO');
    const before = await writes();
    expect(
      (
        await t
          .http()
          .put('/v1/pay-transparency/overrides')
          .set(bearer(recruiter))
          .send({ ruleId: colorado.id, requiresRange: false, forbidsSalaryHistory: true })
      ).status,
    ).toBe(403);
    expect(
      (await t.http().put('/v1/pay-transparency/overrides').set(bearer(admin)).send({ ruleId: colorado.id, requiresRange: 'no', forbidsSalaryHistory: true }))
        .status,
    ).toBe(400);
    expect(
      (
        await t
          .http()
          .put('/v1/pay-transparency/overrides')
          .set(bearer(admin))
          .send({ ruleId: colorado.id, requiresRange: false, forbidsSalaryHistory: true, inForceFrom: '1 June' })
      ).status,
    ).toBe(400);
    const missing = await t
      .http()
      .put('/v1/pay-transparency/overrides')
      .set(bearer(admin))
      .send({ ruleId: randomUUID(), requiresRange: false, forbidsSalaryHistory: true });
    expect(missing.status).toBe(404);
    const notAnId = await t
      .http()
      .put('/v1/pay-transparency/overrides')
      .set(bearer(admin))
      .send({ ruleId: 'colorado', requiresRange: false, forbidsSalaryHistory: true });
    expect(notAnId.status).toBe(400);
    expect(await writes()).toEqual(before);

    const res = await t
      .http()
      .put('/v1/pay-transparency/overrides')
      .set(bearer(admin))
      .send({ ruleId: colorado.id, requiresRange: false, forbidsSalaryHistory: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: colorado.id, requiresRange: false, overridden: true });
    const job = await makeJob(org.id, { office: denver, salary: null });
    expect((await post(job.id)).status).toBe(202);

    const other = await makeOrg(t);
    const otherAdmin = await makeUser(t, other, ['admin']);
    const theirs = await t.http().get('/v1/pay-transparency/rules').set(bearer(otherAdmin));
    expect(theirs.body.data.find((r: { id: string }) => r.id === colorado.id)).toMatchObject({ requiresRange: true, overridden: false });
  });

  it('lints a salary-history question in an application question and in the text', async () => {
    const res = await t
      .http()
      .post('/v1/templates/lint')
      .set(bearer(recruiter))
      .send({ markdown: '## About the role\nTell us your salary history.', questions: ['Why do you want to join?', 'What is your current salary?'] });
    expect(res.status).toBe(200);
    const findings = res.body.findings.filter((f: { rule: string }) => f.rule === 'salary-history-question');
    expect(findings).toEqual([
      expect.objectContaining({ section: 'markdown', severity: 'warning' }),
      expect.objectContaining({ section: 'questions[1]', start: 13, end: 27 }),
    ]);
    const tooMany = await t
      .http()
      .post('/v1/templates/lint')
      .set(bearer(recruiter))
      .send({ markdown: 'x', questions: Array.from({ length: 51 }, () => 'q') });
    expect(tooMany.status).toBe(400);
  });
});
