import { NotificationsService } from '../../libs/pipelines/src/index.js';
import { TenantContext } from '../../libs/platform/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';

describe('notifications: the bell (unread count, mark read, mark all read)', () => {
  let t: TestApp;
  let org: TestOrg;
  let recruiter: TestUser;
  let other: TestUser;

  const notify = (user: TestUser, candidateName: string) =>
    TenantContext.run(org.id, () =>
      t.app.get(NotificationsService).notify({
        organizationId: org.id,
        userIds: [user.id],
        kind: 'scorecard_reminder',
        payload: { interviewId: null, candidateName, jobTitle: 'Backend Engineer', dueAt: new Date().toISOString() },
        dedupeKey: unique('bell-'),
      }),
    );

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter'], 'Rita Recruiter');
    other = await makeUser(t, org, ['recruiter'], 'Otto Other');
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  it("GET /v1/notifications/unread-count counts only the signed-in user's unread notifications", async () => {
    expect((await t.http().get('/v1/notifications/unread-count').set(bearer(recruiter))).body).toEqual({ unreadCount: 0 });
    await notify(recruiter, 'Ada Applicant');
    await notify(recruiter, 'Grace Applicant');
    await notify(other, 'Linus Applicant');

    const mine = await t.http().get('/v1/notifications/unread-count').set(bearer(recruiter));
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({ unreadCount: 2 });
    expect((await t.http().get('/v1/notifications/unread-count').set(bearer(other))).body).toEqual({ unreadCount: 1 });
    // The admin of the same organization has none: the count is per user, not per organization.
    expect((await t.http().get('/v1/notifications/unread-count').set(bearer(org.admin))).body).toEqual({ unreadCount: 0 });

    const list = await t.http().get('/v1/notifications?limit=10').set(bearer(recruiter));
    expect(list.body.unreadCount).toBe(2);
    const read = await t.http().post(`/v1/notifications/${list.body.data[0].id}/read`).set(bearer(recruiter));
    expect(read.status).toBe(200);
    expect((await t.http().get('/v1/notifications/unread-count').set(bearer(recruiter))).body).toEqual({ unreadCount: 1 });

    const all = await t.http().post('/v1/notifications/read-all').set(bearer(recruiter));
    expect(all.body).toEqual({ updated: 1 });
    expect((await t.http().get('/v1/notifications/unread-count').set(bearer(recruiter))).body).toEqual({ unreadCount: 0 });
    // Marking all read touched nobody else's notifications.
    expect((await t.http().get('/v1/notifications/unread-count').set(bearer(other))).body).toEqual({ unreadCount: 1 });
    expect(await count('notifications', 'organization_id = $1 AND read_at IS NULL', [org.id])).toBe(1);
  });

  it('refuses the count without a signed-in user (401 problem+json)', async () => {
    const res = await t.http().get('/v1/notifications/unread-count');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it("marking another user's notification read is a 404 and changes nothing", async () => {
    const theirs = await t.http().get('/v1/notifications?unread=true').set(bearer(other));
    const id = theirs.body.data[0].id as string;
    const res = await t.http().post(`/v1/notifications/${id}/read`).set(bearer(recruiter));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('pipelines.notification_not_found');
    expect(await count('notifications', 'id = $1 AND read_at IS NULL', [id])).toBe(1);
  });
});
