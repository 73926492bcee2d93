import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';

const PROBLEM = /application\/problem\+json/;
const fields = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field);

describe('setting up an organization: invitations with a one-time password, archived units, applicant counts', () => {
  let t: TestApp;
  let org: TestOrg;
  let recruiter: TestUser;
  let templateId: string;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
    const list = await t
      .http()
      .get('/v1/templates?family=backend-developer&language=go&seniority=senior&systemType=distributed&workModel=hybrid')
      .set(bearer(recruiter));
    templateId = list.body.data[0].id;
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  const userRows = () => count('users', 'organization_id = $1', [org.id]);
  const passwordOf = async (id: string) =>
    (await (await testDb()).query<unknown[]>(`SELECT password_hash, must_change_password, token_epoch FROM users WHERE id = $1`, [id]))[0];

  describe('invitations', () => {
    it('answers a one-time password once; until the invited user chooses their own, only me and the password change are open; then old tokens end', async () => {
      const email = `${unique('invited')}@example.test`;
      const res = await t
        .http()
        .post('/v1/users/invitations')
        .set(bearer(org.admin))
        .send({ email, name: 'Ivy Invited', roles: ['recruiter'] });
      expect(res.status).toBe(201);
      expect(res.body.user).toMatchObject({ email, name: 'Ivy Invited', roles: ['recruiter'], active: true, invitationPending: true });
      const oneTime: string = res.body.oneTimePassword;
      expect(oneTime).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
      // Never stored or audited in clear.
      const [audit] = await (await testDb()).query(`SELECT action, changes::text AS changes FROM audit_log WHERE entity_id = $1`, [res.body.user.id]);
      expect(audit.action).toBe('invite');
      expect(audit.changes).not.toContain(oneTime);
      expect(JSON.stringify(await passwordOf(res.body.user.id))).not.toContain(oneTime);
      // The list tells the admin who has not chosen a password yet.
      const listed = await t.http().get('/v1/users?limit=100').set(bearer(org.admin));
      expect(listed.body.data.find((u: { id: string }) => u.id === res.body.user.id).invitationPending).toBe(true);

      const login = await t.http().post('/v1/auth/login').send({ email, password: oneTime });
      expect(login.status).toBe(200);
      const first = { token: login.body.accessToken as string };
      const blocked = await t.http().get('/v1/jobs').set(bearer(first));
      expect(blocked.status).toBe(403);
      expect(blocked.headers['content-type']).toMatch(PROBLEM);
      expect(blocked.body.code).toBe('identity.password_change_required');
      const me = await t.http().get('/v1/me').set(bearer(first));
      expect(me.status).toBe(200);
      expect(me.body.user.invitationPending).toBe(true);

      const changed = await t.http().post('/v1/auth/password').set(bearer(first)).send({ currentPassword: oneTime, newPassword: 'my-own-password-9' });
      expect(changed.status).toBe(200);
      expect((await t.http().get('/v1/jobs').set(bearer(first))).status).toBe(401);
      const fresh = { token: changed.body.accessToken as string };
      expect((await t.http().get('/v1/jobs').set(bearer(fresh))).status).toBe(200);
      expect((await t.http().get('/v1/me').set(bearer(fresh))).body.user.invitationPending).toBe(false);
      expect((await t.http().post('/v1/auth/login').send({ email, password: oneTime })).status).toBe(401);
      expect((await t.http().post('/v1/auth/login').send({ email, password: 'my-own-password-9' })).status).toBe(200);
    });

    it('refuses a wrong current password, the same password again or a short one, changing nothing', async () => {
      const email = `${unique('invited')}@example.test`;
      const res = await t
        .http()
        .post('/v1/users/invitations')
        .set(bearer(org.admin))
        .send({ email, name: 'Otto', roles: ['interviewer'] });
      const oneTime: string = res.body.oneTimePassword;
      const token = { token: (await t.http().post('/v1/auth/login').send({ email, password: oneTime })).body.accessToken as string };
      const before = await passwordOf(res.body.user.id);
      const cases: Array<[Record<string, unknown>, number, string]> = [
        [{ currentPassword: 'not-the-one-time', newPassword: 'my-own-password-9' }, 422, 'currentPassword'],
        [{ currentPassword: oneTime, newPassword: oneTime }, 422, 'newPassword'],
        [{ currentPassword: oneTime, newPassword: 'short' }, 400, 'newPassword'],
        [{ currentPassword: oneTime }, 400, 'newPassword'],
        [{ currentPassword: oneTime, newPassword: 'my-own-password-9', extra: 1 }, 400, 'extra'],
      ];
      for (const [body, status, field] of cases) {
        const bad = await t.http().post('/v1/auth/password').set(bearer(token)).send(body);
        expect(bad.status).toBe(status);
        expect(bad.headers['content-type']).toMatch(PROBLEM);
        expect(fields(bad.body)).toContain(field);
      }
      expect(await passwordOf(res.body.user.id)).toEqual(before);
      expect((await t.http().get('/v1/me').set(bearer(token))).status).toBe(200);
    });

    it('refuses bad invitations (not an admin, bad email, unknown role, no role, taken email) writing nothing', async () => {
      const before = await userRows();
      const cases: Array<[TestUser, Record<string, unknown>, number, string | null]> = [
        [recruiter, { email: `${unique('x')}@example.test`, name: 'X', roles: ['recruiter'] }, 403, null],
        [org.admin, { email: 'not-an-email', name: 'X', roles: ['recruiter'] }, 400, 'email'],
        [org.admin, { email: `${unique('x')}@example.test`, name: 'X', roles: ['owner'] }, 400, 'roles'],
        [org.admin, { email: `${unique('x')}@example.test`, name: 'X', roles: [] }, 400, 'roles'],
        [org.admin, { email: recruiter.email, name: 'X', roles: ['recruiter'] }, 409, 'email'],
        [org.admin, { email: `${unique('x')}@example.test`, name: 'X', roles: ['recruiter'], password: 'chosen-by-admin' }, 400, 'password'],
      ];
      for (const [who, body, status, field] of cases) {
        const res = await t.http().post('/v1/users/invitations').set(bearer(who)).send(body);
        expect(res.status).toBe(status);
        expect(res.headers['content-type']).toMatch(PROBLEM);
        if (field) expect(fields(res.body)).toContain(field);
        expect(res.body.oneTimePassword).toBeUndefined();
      }
      expect(await userRows()).toBe(before);
    });
  });

  describe('archiving departments and offices', () => {
    it('archives and restores; an archived unit is refused for a new job (422 beside the field, nothing written) but kept on jobs that have it', async () => {
      const department = (
        await t
          .http()
          .post('/v1/departments')
          .set(bearer(org.admin))
          .send({ name: unique('Robotics ') })
      ).body;
      const office = (
        await t
          .http()
          .post('/v1/offices')
          .set(bearer(org.admin))
          .send({ name: unique('Porto '), city: 'Porto', region: 'Porto', country: 'PT' })
      ).body;
      expect(department.archived).toBe(false);
      const job = {
        templateId,
        departmentId: department.id,
        officeIds: [office.id],
        workModel: 'hybrid',
        employmentType: 'FULL_TIME',
        seniority: 'senior',
        salary: { min: 90000, max: 110000, currency: 'EUR', period: 'YEAR' },
        openings: 1,
      };
      const existing = await t.http().post('/v1/jobs').set(bearer(recruiter)).send(job);
      expect(existing.status).toBe(201);

      const archived = await t.http().patch(`/v1/departments/${department.id}`).set(bearer(org.admin)).send({ archived: true });
      expect(archived.status).toBe(200);
      expect(archived.body).toMatchObject({ archived: true, name: department.name });
      expect((await t.http().patch(`/v1/offices/${office.id}`).set(bearer(org.admin)).send({ archived: true })).body.archived).toBe(true);
      const listed = await t.http().get('/v1/departments?limit=100').set(bearer(recruiter));
      expect(listed.body.data.find((d: { id: string }) => d.id === department.id).archived).toBe(true);

      const jobs = await count('jobs', 'organization_id = $1', [org.id]);
      const refused = await t.http().post('/v1/jobs').set(bearer(recruiter)).send(job);
      expect(refused.status).toBe(422);
      expect(refused.headers['content-type']).toMatch(PROBLEM);
      expect(refused.body.code).toBe('jobs.unit_archived');
      expect(fields(refused.body)).toEqual(['departmentId', 'officeIds.0']);
      expect(refused.body.errors[0].message).toMatch(/archived; choose another one/);
      expect(await count('jobs', 'organization_id = $1', [org.id])).toBe(jobs);

      // The job that had them keeps them through an edit.
      const edited = await t.http().patch(`/v1/jobs/${existing.body.id}`).set(bearer(recruiter)).send({ version: existing.body.version, openings: 2 });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ departmentId: department.id, officeIds: [office.id], openings: 2 });

      const restored = await t.http().patch(`/v1/departments/${department.id}`).set(bearer(org.admin)).send({ archived: false });
      expect(restored.body.archived).toBe(false);
      const bad = await t.http().patch(`/v1/departments/${department.id}`).set(bearer(org.admin)).send({ archived: 'yes' });
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toContain('archived');
      const [row] = await (await testDb()).query(`SELECT archived_at, version FROM departments WHERE id = $1`, [department.id]);
      expect(row.archived_at).toBeNull();
      expect(row.version).toBe(restored.body.version);
    });
  });

  describe('jobs list', () => {
    it('shows applicants per job, all and still in process', async () => {
      const department = (
        await t
          .http()
          .post('/v1/departments')
          .set(bearer(org.admin))
          .send({ name: unique('Counting ') })
      ).body;
      const made = await t
        .http()
        .post('/v1/jobs')
        .set(bearer(recruiter))
        .send({
          templateId,
          departmentId: department.id,
          officeIds: [],
          workModel: 'remote',
          remoteCountries: ['DE'],
          employmentType: 'FULL_TIME',
          seniority: 'senior',
          salary: { min: 90000, max: 110000, currency: 'EUR', period: 'YEAR' },
          openings: 1,
        });
      await t.http().post(`/v1/jobs/${made.body.id}/open`).set(bearer(recruiter)).send({});
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const app = await t
          .http()
          .post('/v1/applications')
          .set(bearer(recruiter))
          .send({ jobId: made.body.id, candidate: { firstName: 'Cat', lastName: unique('Count'), emails: [`${unique('c')}@example.test`] } });
        ids.push(app.body.id);
      }
      const reasons = await t.http().get('/v1/rejection-reasons').set(bearer(recruiter));
      const rejected = await t
        .http()
        .post(`/v1/applications/${ids[0]}/reject`)
        .set(bearer(recruiter))
        .send({ reasonId: reasons.body.data[0].id, expectedVersion: 1 });
      expect(rejected.status).toBe(200);
      const list = await t.http().get(`/v1/jobs?status=open&limit=100`).set(bearer(recruiter));
      const row = list.body.data.find((j: { id: string }) => j.id === made.body.id);
      expect(row).toMatchObject({ applicantCount: 3, activeApplicantCount: 2 });
      const single = await t.http().get(`/v1/jobs/${made.body.id}`).set(bearer(recruiter));
      expect(single.body).toMatchObject({ applicantCount: 3, activeApplicantCount: 2 });
      const drafts = await t.http().get(`/v1/jobs?status=draft&limit=100`).set(bearer(recruiter));
      expect(drafts.body.data.every((j: { status: string }) => j.status === 'draft')).toBe(true);
    });
  });
});
