import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';
import { hoursFromNow, makePipeline, Pipeline } from './interviews-fixtures.js';

const PROBLEM = /application\/problem\+json/;

describe('interviews: scheduling, reschedule, cancel, my interviews, calendar', () => {
  let t: TestApp;
  let org: TestOrg;
  let recruiter: TestUser;
  let ann: TestUser;
  let bob: TestUser;
  let manager: TestUser;
  let p: Pipeline;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t);
    [recruiter, ann, bob, manager] = await Promise.all([
      makeUser(t, org, ['recruiter']),
      makeUser(t, org, ['interviewer'], 'Ann Interviewer'),
      makeUser(t, org, ['interviewer'], 'Bob Interviewer'),
      makeUser(t, org, ['hiring_manager']),
    ]);
    p = await makePipeline(org, { recruiters: [recruiter.id] });
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  /** Rows of this test's organization only: test files running at the same time write their own organizations' rows. */
  const orgRows = (table: string) => count(table, 'organization_id = $1', [org.id]);
  /**
   * Everything scheduling, rescheduling or cancelling writes, for this organization, plus the interviews' state. Not the
   * invitation emails (their audit and outbox rows): those are queued later by whichever worker takes the notify job
   * (other test files run workers on this run's queues), so they may land between two snapshots.
   */
  const notEmail = (table: string, column: string) => count(table, `organization_id = $1 AND ${column} <> 'email'`, [org.id]);
  const written = async () => [
    ...(await Promise.all(['interviews', 'interview_interviewers', 'activity_events'].map(orgRows))),
    await notEmail('audit_log', 'entity_type'),
    await notEmail('outbox_events', 'aggregate_type'),
    JSON.stringify(
      await (await testDb()).query(`SELECT id, status, version, starts_at, duration_minutes FROM interviews WHERE organization_id = $1 ORDER BY id`, [org.id]),
    ),
  ];

  const schedule = (body: Record<string, unknown>, user: TestUser = recruiter, applicationId = p.applicationId) =>
    t
      .http()
      .post(`/v1/applications/${applicationId}/interviews`)
      .set(bearer(user))
      .send({ stageId: p.stageId, durationMinutes: 60, videoUrl: 'https://meet.example.test/abc', ...body });

  it('schedules with the stage’s kit pinned, audits it, notifies the panel through the outbox', async () => {
    const res = await schedule({ startsAt: hoursFromNow(24), interviewerIds: [ann.id, bob.id] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      applicationId: p.applicationId,
      candidate: { name: 'Grace Hopper' },
      stage: { id: p.stageId, name: 'System design' },
      kit: { key: 'rate-limiter-design', revisionId: expect.any(String) },
      durationMinutes: 60,
      status: 'scheduled',
      version: 1,
    });
    expect(res.body.interviewers.map((i: { id: string }) => i.id).sort()).toEqual([ann.id, bob.id].sort());
    expect(await count('audit_log', "entity_type = 'interview' AND entity_id = $1 AND action = 'create'", [res.body.id])).toBe(1);
    expect(await count('outbox_events', "aggregate_id = $1 AND event_type = 'interviews.notify-interviewers'", [res.body.id])).toBe(1);
    expect(
      await count(
        'outbox_events',
        "aggregate_id = $1 AND event_type IN ('scorecards.reminder','scorecards.escalation') AND run_at IS NOT NULL AND job_id IS NOT NULL",
        [res.body.id],
      ),
    ).toBe(2);
    expect(await count('activity_events', "subject_id = $1 AND kind = 'interview.scheduled'", [res.body.id])).toBe(1);
  });

  it('answers a double booking with 409 naming the interviewer, writes nothing; allowOverlap books anyway', async () => {
    const startsAt = hoursFromNow(48);
    expect((await schedule({ startsAt, interviewerIds: [ann.id] })).status).toBe(201);
    const before = await orgRows('interviews');
    const overlapping = await schedule({ startsAt: new Date(new Date(startsAt).getTime() + 30 * 60_000).toISOString(), interviewerIds: [bob.id, ann.id] });
    expect(overlapping.status).toBe(409);
    expect(overlapping.headers['content-type']).toMatch(PROBLEM);
    expect(overlapping.body.code).toBe('interviews.double_booked');
    expect(overlapping.body.errors).toEqual([expect.objectContaining({ field: 'interviewerIds.1' })]);
    expect(await orgRows('interviews')).toBe(before);
    const back = await schedule({ startsAt: new Date(new Date(startsAt).getTime() + 60 * 60_000).toISOString(), interviewerIds: [ann.id] });
    expect(back.status).toBe(201); // back-to-back is not an overlap
    const forced = await schedule({ startsAt, interviewerIds: [ann.id], allowOverlap: true });
    expect(forced.status).toBe(201);
  });

  it.each<{ label: string; patch: Record<string, unknown>; status: number; field: string }>([
    { label: 'no interviewers', patch: { interviewerIds: [] }, status: 400, field: 'interviewerIds' },
    { label: 'a bad startsAt', patch: { startsAt: 'tomorrow' }, status: 400, field: 'startsAt' },
    { label: 'a too long duration', patch: { durationMinutes: 600 }, status: 400, field: 'durationMinutes' },
    { label: 'an unknown field', patch: { room: 'B' }, status: 400, field: 'room' },
    { label: 'neither location nor video', patch: { videoUrl: undefined }, status: 422, field: 'location' },
    { label: 'a stage of another job', patch: { stageId: '00000000-0000-4000-8000-000000000000' }, status: 422, field: 'stageId' },
    { label: 'an unknown kit', patch: { kitId: '00000000-0000-4000-8000-000000000000' }, status: 404, field: 'kitId' },
  ])('rejects $label with $status naming $field and writes nothing', async ({ patch, status, field }) => {
    const before = [await orgRows('interviews'), await orgRows('outbox_events'), await orgRows('audit_log')];
    const res = await schedule({ startsAt: hoursFromNow(72), interviewerIds: [ann.id], ...patch });
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect([await orgRows('interviews'), await orgRows('outbox_events'), await orgRows('audit_log')]).toEqual(before);
  });

  it('refuses interviewers who are not active users of the organization (422, field path)', async () => {
    const other = await makeOrg(t);
    const outsider = await makeUser(t, other, ['interviewer']);
    const gone = await makeUser(t, org, ['interviewer']);
    await t.http().patch(`/v1/users/${gone.id}`).set(bearer(org.admin)).send({ active: false });
    const before = await orgRows('interviews');
    const res = await schedule({ startsAt: hoursFromNow(80), interviewerIds: [ann.id, outsider.id, gone.id] });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['interviewerIds.1', 'interviewerIds.2']);
    expect(await orgRows('interviews')).toBe(before);
  });

  it('is closed to interviewers (403), to hiring managers of other jobs and other organizations (404)', async () => {
    const before = await written();
    expect((await schedule({ startsAt: hoursFromNow(90), interviewerIds: [ann.id] }, ann)).status).toBe(403);
    expect((await schedule({ startsAt: hoursFromNow(90), interviewerIds: [ann.id] }, manager)).status).toBe(404);
    const other = await makeOrg(t);
    expect((await schedule({ startsAt: hoursFromNow(90), interviewerIds: [ann.id] }, other.admin)).status).toBe(404);
    expect(await written()).toEqual(before);
    expect(await count('interviews', 'organization_id = $1', [other.id])).toBe(0);
    const own = await makePipeline(org, { hiringManagers: [manager.id] });
    const res = await t
      .http()
      .post(`/v1/applications/${own.applicationId}/interviews`)
      .set(bearer(manager))
      .send({ stageId: own.stageId, startsAt: hoursFromNow(95), durationMinutes: 45, interviewerIds: [bob.id], location: 'Room 4' });
    expect(res.status).toBe(201);
  });

  it('reschedules with the version (audited, notified, reminders moved); a stale version is 409 and changes nothing', async () => {
    const created = await schedule({ startsAt: hoursFromNow(120), interviewerIds: [ann.id] });
    const id = created.body.id;
    const moved = await t
      .http()
      .patch(`/v1/interviews/${id}`)
      .set(bearer(recruiter))
      .send({ version: 1, startsAt: hoursFromNow(122), interviewerIds: [ann.id, bob.id] });
    expect(moved.status).toBe(200);
    expect(moved.body.version).toBe(2);
    expect(moved.body.interviewers).toHaveLength(2);
    expect(
      await count(
        'audit_log',
        "entity_type = 'interview' AND entity_id = $1 AND action = 'reschedule' AND changes ? 'startsAt' AND changes ? 'interviewerIds'",
        [id],
      ),
    ).toBe(1);
    expect(await count('outbox_events', "aggregate_id = $1 AND event_type = 'scorecards.reminder'", [id])).toBe(2);
    const before = await written();
    const stale = await t.http().patch(`/v1/interviews/${id}`).set(bearer(recruiter)).send({ version: 1, durationMinutes: 30 });
    expect(stale.status).toBe(409);
    expect(stale.headers['content-type']).toMatch(PROBLEM);
    expect(stale.body.errors[0].field).toBe('version');
    expect((await t.http().get(`/v1/interviews/${id}`).set(bearer(recruiter))).body.durationMinutes).toBe(60);
    const missingVersion = await t.http().patch(`/v1/interviews/${id}`).set(bearer(recruiter)).send({ durationMinutes: 30 });
    expect(missingVersion.status).toBe(400);
    expect(missingVersion.body.errors[0].field).toBe('version');
    expect((await t.http().patch(`/v1/interviews/${id}`).set(bearer(ann)).send({ version: 2, durationMinutes: 30 })).status).toBe(403);
    expect(await written()).toEqual(before);
  });

  it('cancels with a reason (audited, notified); needs a reason; cancelling twice is 409', async () => {
    const created = await schedule({ startsAt: hoursFromNow(130), interviewerIds: [bob.id] });
    const id = created.body.id;
    const before = await written();
    const noReason = await t.http().post(`/v1/interviews/${id}/cancel`).set(bearer(recruiter)).send({});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    expect(await written()).toEqual(before);
    const res = await t.http().post(`/v1/interviews/${id}/cancel`).set(bearer(recruiter)).send({ reason: 'Candidate asked to move to next week' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: 'Candidate asked to move to next week' });
    expect(await count('audit_log', "entity_type = 'interview' AND entity_id = $1 AND action = 'cancel'", [id])).toBe(1);
    expect(await count('outbox_events', "aggregate_id = $1 AND event_type = 'interviews.notify-interviewers' AND payload->>'change' = 'cancelled'", [id])).toBe(
      1,
    );
    const afterCancel = await written();
    expect((await t.http().post(`/v1/interviews/${id}/cancel`).set(bearer(recruiter)).send({ reason: 'again' })).status).toBe(409);
    expect(await written()).toEqual(afterCancel);
    // The slot is free again.
    expect((await schedule({ startsAt: hoursFromNow(130), interviewerIds: [bob.id] })).status).toBe(201);
  });

  it('lists my interviews in a window with what I need, and lets interviewers read the application through pipelines', async () => {
    const from = hoursFromNow(200);
    const a = await schedule({ startsAt: hoursFromNow(201), interviewerIds: [ann.id] });
    await schedule({ startsAt: hoursFromNow(202), interviewerIds: [bob.id] });
    await schedule({ startsAt: hoursFromNow(203), interviewerIds: [ann.id] });
    const res = await t
      .http()
      .get('/v1/interviews')
      .query({ mine: 'true', from, to: hoursFromNow(210), limit: 1 })
      .set(bearer(ann));
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({
      id: a.body.id,
      candidate: { name: 'Grace Hopper' },
      job: { id: p.jobId },
      stage: { name: 'System design' },
      kit: { key: 'rate-limiter-design' },
      myScorecard: { status: 'none', due: false },
    });
    const next = await t
      .http()
      .get('/v1/interviews')
      .query({ mine: 'true', from, to: hoursFromNow(210), cursor: res.body.nextCursor })
      .set(bearer(ann));
    expect(next.body.data).toHaveLength(1);
    expect(next.body.nextCursor).toBeNull();
    // An interviewer sees only their own, even without mine=true.
    const all = await t
      .http()
      .get('/v1/interviews')
      .query({ from, to: hoursFromNow(210) })
      .set(bearer(bob));
    expect(all.body.data).toHaveLength(1);
    expect((await t.http().get(`/v1/interviews/${a.body.id}`).set(bearer(bob))).status).toBe(404);
    const appRead = await t.http().get(`/v1/applications/${p.applicationId}`).set(bearer(ann));
    expect(appRead.status).toBe(200);
    const bad = await t.http().get('/v1/interviews').query({ from: 'yesterday' }).set(bearer(ann));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('from');
  });

  it('serves an RFC 5545 calendar event: CRLF, folded lines, UID, DTSTAMP, UTC times', async () => {
    const created = await schedule({
      startsAt: '2031-03-04T09:30:00.000Z',
      durationMinutes: 45,
      interviewerIds: [ann.id],
      videoUrl: `https://meet.example.test/${'x'.repeat(120)}`,
    });
    const res = await t
      .http()
      .get(`/v1/interviews/${created.body.id}/calendar.ics`)
      .set(bearer(ann))
      .buffer(true)
      .parse((r, cb) => {
        let data = '';
        r.on('data', (c: Buffer) => (data += c.toString('utf8')));
        r.on('end', () => cb(null, data));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const text: string = res.body;
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded).toContain(`UID:interview-${created.body.id}@hireloop`);
    expect(unfolded).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
    expect(unfolded).toContain('DTSTART:20310304T093000Z');
    expect(unfolded).toContain('DTEND:20310304T101500Z');
    expect(unfolded).toContain(`URL:https://meet.example.test/${'x'.repeat(120)}`);
    expect(unfolded).toContain('SUMMARY:Interview: Grace Hopper');
    expect((await t.http().get(`/v1/interviews/${created.body.id}/calendar.ics`).set(bearer(bob))).status).toBe(404);
  });
});
