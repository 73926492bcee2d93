import type { INestApplicationContext } from '@nestjs/common';
import { TenantContext } from '../../libs/platform/src/index.js';
import { RetentionSweep } from '../../libs/privacy/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';
import { makeApplication, makePipelineJob } from '../support/pipelines-fixtures.js';
import { makeJob, postingStatuses, startTestWorker, waitFor } from '../support/postings-fixtures.js';

const DAY = 24 * 3600 * 1000;

describe('privacy: consent on apply, retention sweep with a grace period, keeping a candidate', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let org: TestOrg;
  let recruiter: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '127.0.0.1' });
    worker = await startTestWorker();
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
  }, 180_000);
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await closeTestDb();
  });

  const settings = (body: object, user: TestUser = org.admin) => t.http().patch('/v1/privacy/settings').set(bearer(user)).send(body);

  it('privacy settings: admins only; consent needs a notice; an http notice is refused', async () => {
    expect((await t.http().get('/v1/privacy/settings').set(bearer(recruiter))).status).toBe(403);
    const initial = await t.http().get('/v1/privacy/settings').set(bearer(org.admin));
    expect(initial.body).toMatchObject({ privacyNoticeUrl: null, consentRequired: false, gracePeriodDays: 7, closedApplicationDays: null });
    const noNotice = await settings({ consentRequired: true });
    expect([noNotice.status, noNotice.body.code, noNotice.body.errors[0].field]).toEqual([422, 'privacy.invalid_settings', 'privacyNoticeUrl']);
    const http = await settings({ privacyNoticeUrl: 'http://example.test/privacy' });
    expect([http.status, http.body.errors[0].field]).toEqual([400, 'privacyNoticeUrl']);
    expect((await t.http().get('/v1/privacy/settings').set(bearer(org.admin))).body).toEqual(initial.body);
    expect(await count('audit_log', `organization_id = $1 AND entity_type = 'privacy_settings'`, [org.id])).toBe(0);
  });

  it('consent required: the form shows the notice and the box; without consent 400 and nothing written; with it, recorded with its version', async () => {
    const saved = await settings({ privacyNoticeUrl: 'https://example.test/privacy', consentRequired: true });
    expect(saved.status).toBe(200);
    expect(saved.body.consentTextVersion).toMatch(/^[0-9a-f]{16}$/);
    const jobId = (await makeJob(org.id)).id;
    const posted = await t
      .http()
      .post(`/v1/jobs/${jobId}/postings`)
      .set(bearer(recruiter))
      .send({ boards: ['careers'] });
    const publicId = posted.body.data[0].publicId as number;
    await waitFor(
      () => postingStatuses(jobId),
      (s) => s.careers === 'live',
      60_000,
      'live',
    );

    const page = await t.http().get(`/careers/${org.slug}/jobs/${publicId}`);
    expect(page.text).toContain('href="https://example.test/privacy"');
    expect(page.text).toContain('type="checkbox" name="consent" value="yes"');

    const writes = async () => [await count('candidates', 'organization_id = $1', [org.id]), await count('applications', 'organization_id = $1', [org.id])];
    const before = await writes();
    const email = `${unique('consent')}@example.test`;
    const body = { first_name: 'Cora', last_name: 'Nsent', email, resume_text: 'Ten years of Go.' };
    const refused = await t.http().post(`/v1/boards/${org.slug}/jobs/${publicId}`).set('x-forwarded-for', '10.77.0.1').send(body);
    expect([refused.status, refused.body.code, refused.body.errors]).toEqual([
      400,
      'postings.consent_required',
      [expect.objectContaining({ field: 'consent' })],
    ]);
    const form = await t
      .http()
      .post(`/careers/${org.slug}/jobs/${publicId}/apply`)
      .set('x-forwarded-for', '10.77.0.2')
      .field('first_name', 'Cora')
      .field('last_name', 'Nsent')
      .field('email', email)
      .field('resume_text', 'Ten years of Go.');
    expect(form.status).toBe(400);
    expect(form.text).toContain('Tick the box to agree to the privacy notice.');
    expect(await writes()).toEqual(before);

    const accepted = await t
      .http()
      .post(`/v1/boards/${org.slug}/jobs/${publicId}`)
      .set('x-forwarded-for', '10.77.0.3')
      .send({ ...body, consent: true });
    expect(accepted.status).toBe(201);
    const [row]: Array<{ consent_given: boolean; consent_at: Date; c_version: string; a_at: Date; a_version: string }> = await (
      await testDb()
    ).query(
      `SELECT c.consent_given, c.consent_at, c.consent_text_version AS c_version, a.consent_at AS a_at, a.consent_text_version AS a_version
         FROM candidates c JOIN applications a ON a.candidate_id = c.id WHERE c.organization_id = $1 AND $2 = ANY(c.emails)`,
      [org.id, email],
    );
    expect(row).toMatchObject({ consent_given: true, c_version: saved.body.consentTextVersion, a_version: saved.body.consentTextVersion });
    expect(row.consent_at).toBeInstanceOf(Date);
    expect(row.a_at).toBeInstanceOf(Date);
    await settings({ consentRequired: false });
  }, 180_000);

  it('flags candidates due after N days, never one with an active application; lists them; keep is audited; anonymises after the grace period', async () => {
    expect((await settings({ closedApplicationDays: 30, gracePeriodDays: 7 })).status).toBe(200);
    const job = await makePipelineJob(org.id);
    const reasonId = (await t.http().get('/v1/rejection-reasons').set(bearer(recruiter))).body.data[0].id as string;
    const rejected = async () => {
      const app = await makeApplication(t, recruiter, job.id);
      const res = await t.http().post(`/v1/applications/${app.id}/reject`).set(bearer(recruiter)).send({ reasonId, expectedVersion: app.version });
      expect(res.status).toBe(200);
      return app.candidateId;
    };
    const [gone, kept, returning] = [await rejected(), await rejected(), await rejected()];
    const active = (await makeApplication(t, recruiter, job.id)).candidateId;
    const start = Date.now();
    const sweep = (days: number) => TenantContext.run(org.id, () => t.app.get(RetentionSweep).sweepOrganization(org.id, new Date(start + days * DAY)));
    const due = async () => (await t.http().get('/v1/privacy/due').set(bearer(recruiter))).body.data as Array<{ candidateId: string; candidateName: string }>;
    const name = async (id: string) => (await t.http().get(`/v1/candidates/${id}`).set(bearer(recruiter))).body.name as string;

    // Not due yet after 10 days.
    await sweep(10);
    expect(await due()).toEqual([]);

    // Due after 31 days (the application closed 30 days before), the active one never.
    await sweep(31);
    const listed = await due();
    expect(listed.map((d) => d.candidateId).sort()).toEqual([gone, kept, returning].sort());
    expect(listed.find((d) => d.candidateId === gone)?.candidateName).toBe(await name(gone));
    expect(listed.map((d) => d.candidateId)).not.toContain(active);

    // Keep one, with a reason (audited); a reason is required; a candidate not due cannot be kept.
    const auditRows = () => count('audit_log', `organization_id = $1 AND entity_type = 'retention'`, [org.id]);
    const noReason = await t.http().post(`/v1/privacy/due/${kept}/keep`).set(bearer(recruiter)).send({ reason: '  ' });
    expect([noReason.status, noReason.body.errors?.[0]?.field]).toEqual([400, 'reason']);
    const notDue = await t.http().post(`/v1/privacy/due/${active}/keep`).set(bearer(recruiter)).send({ reason: 'Talking' });
    expect([notDue.status, notDue.body.code]).toEqual([404, 'privacy.not_due']);
    expect(await auditRows()).toBe(0);
    const keep = await t.http().post(`/v1/privacy/due/${kept}/keep`).set(bearer(recruiter)).send({ reason: 'Shortlisted for the next opening', days: 90 });
    expect(keep.status).toBe(200);
    expect(keep.body).toMatchObject({ candidateId: kept, reason: 'Shortlisted for the next opening' });
    const [audit]: Array<{ actor_id: string; action: string; changes: { reason: { to: string } } }> = await (
      await testDb()
    ).query(`SELECT actor_id, action, changes FROM audit_log WHERE organization_id = $1 AND entity_type = 'retention' AND entity_id = $2`, [org.id, kept]);
    expect(audit).toMatchObject({ actor_id: recruiter.id, action: 'keep', changes: { reason: { to: 'Shortlisted for the next opening' } } });
    expect((await due()).map((d) => d.candidateId)).not.toContain(kept);

    // One applies again during the grace period.
    await makeApplication(t, recruiter, job.id, returning);

    // Within the grace period: nothing anonymised.
    await sweep(35);
    expect(await name(gone)).not.toBe('Anonymised candidate');

    // After it: anonymised; the kept one and the one who applied again are not.
    const outcome = await sweep(39);
    expect(outcome.anonymized).toBe(1);
    expect(await name(gone)).toBe('Anonymised candidate');
    expect(await name(kept)).not.toBe('Anonymised candidate');
    expect(await name(returning)).not.toBe('Anonymised candidate');
    expect(await name(active)).not.toBe('Anonymised candidate');
    expect(await due()).toEqual([]);

    // A sweep after a long downtime catches up from the data: the kept candidate is flagged again once the keep ended.
    await sweep(200);
    expect((await due()).map((d) => d.candidateId)).toEqual([kept]);
  }, 180_000);
});
