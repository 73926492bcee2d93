import type { INestApplicationContext } from '@nestjs/common';
import ICAL from 'ical.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';
import { makeJob, postingStatuses, startTestWorker, waitFor } from '../support/postings-fixtures.js';

/**
 * Names and other text people type end up in every panel member's calendar file. A CR, LF or
 * CRLF in one must not end its content line: each file, parsed by ical.js, holds exactly the
 * properties the interview has, and the names without their control characters.
 */
describe('iCalendar files: control characters in names never inject properties', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let org: TestOrg;
  let recruiter: TestUser;
  let panel: TestUser[];
  let panelEmails: string[];
  let job: { id: string; stageId: string };
  let publicId: number;

  // Each hostile value tries to close its line and start properties of its own.
  const USER_NAMES = ['Ann Lee\r\nATTENDEE;CN=Mallory:mailto:mallory@evil.test', 'Bob\nX-INJECTED-BY-LF:1', 'Cy\rX-INJECTED-BY-CR:1;ROLE=CHAIR'];
  const JOB_TITLE = 'Backend engineer\r\nX-INJECTED-BY-TITLE:1';
  const LOCATION = 'Room 4\rORGANIZER:mailto:boss@evil.test';
  const clean = (value: string) => value.replace(/[\r\n]+/g, ' ');
  // eslint-disable-next-line no-control-regex -- control characters are what this test looks for
  const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
    panel = [];
    for (const name of USER_NAMES) panel.push(await makeUser(t, org, ['interviewer'], name));
    panelEmails = panel.map((u) => u.email.toLowerCase());
    const fixture = await makeJob(org.id, { title: JOB_TITLE });
    const [{ id: stageId }] = await testDb().then((db) => db.query(`SELECT id FROM job_stages WHERE job_id = $1 ORDER BY position LIMIT 1`, [fixture.id]));
    job = { id: fixture.id, stageId };
    const posted = await t
      .http()
      .post(`/v1/jobs/${job.id}/postings`)
      .set(bearer(recruiter))
      .send({ boards: ['careers'] });
    expect(posted.status).toBe(202);
    publicId = posted.body.data.find((p: { board: string }) => p.board === 'careers').publicId;
    await waitFor(
      () => postingStatuses(job.id),
      (s) => s.careers === 'live',
      20000,
      'careers posting live',
    );
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await closeTestDb();
  });

  it('keeps the hostile user names as given (the API stores them; the calendar must cope)', async () => {
    const res = await t.http().get(`/v1/users/${panel[0].id}`).set(bearer(org.admin));
    expect(res.status).toBe(200);
    expect(res.body.name).toBe(USER_NAMES[0]);
  });

  const schedule = async (applicationId: string, startsAt: string) => {
    const res = await t
      .http()
      .post(`/v1/applications/${applicationId}/interviews`)
      .set(bearer(org.admin))
      .send({
        stageId: job.stageId,
        startsAt,
        durationMinutes: 45,
        interviewerIds: panel.map((u) => u.id),
        location: LOCATION,
        videoUrl: 'https://meet.example.test/room-4',
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  const calendarOf = async (interviewId: string, user: TestUser) => {
    const res = await t
      .http()
      .get(`/v1/interviews/${interviewId}/calendar.ics`)
      .set(bearer(user))
      .buffer(true)
      .parse((r, cb) => {
        let data = '';
        r.on('data', (c: Buffer) => (data += c.toString('utf8')));
        r.on('end', () => cb(null, data));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="interview.ics"');
    const text = res.body as string;
    // No bare CR or LF anywhere: only CRLF line ends.
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    return new ICAL.Component(ICAL.parse(text) as unknown[]);
  };

  /** Everything a panel member's file holds, checked against exactly what the interview has. */
  const expectExactCalendar = (calendar: ICAL.Component, candidateName: string) => {
    expect(calendar.name).toBe('vcalendar');
    expect(
      calendar
        .getAllProperties()
        .map((p) => p.name)
        .sort(),
    ).toEqual(['calscale', 'method', 'prodid', 'version']);
    const events = calendar.getAllSubcomponents();
    expect(events.map((c) => c.name)).toEqual(['vevent']);
    const event = events[0];
    expect(event.getAllSubcomponents()).toEqual([]);
    expect(
      event
        .getAllProperties()
        .map((p) => p.name)
        .sort(),
    ).toEqual(
      ['attendee', 'attendee', 'attendee', 'description', 'dtend', 'dtstamp', 'dtstart', 'location', 'sequence', 'status', 'summary', 'uid', 'url'].sort(),
    );
    const attendees = event.getAllProperties('attendee');
    expect(attendees.map((a) => String(a.getFirstValue()).toLowerCase()).sort()).toEqual(panelEmails.map((e) => `mailto:${e}`).sort());
    expect(attendees.map((a) => a.getParameter('cn')).sort()).toEqual(USER_NAMES.map(clean).sort());
    for (const attendee of attendees) {
      // Only the parameters the renderer writes: no ROLE=CHAIR or anything else smuggled in a name.
      expect(Object.keys((attendee.toJSON() as [string, Record<string, unknown>])[1]).sort()).toEqual(['cn', 'role']);
      expect(attendee.getParameter('role')).toBe('REQ-PARTICIPANT');
    }
    const summary = String(event.getFirstPropertyValue('summary'));
    const description = String(event.getFirstPropertyValue('description'));
    const location = String(event.getFirstPropertyValue('location'));
    expect(summary).toContain(candidateName);
    expect(summary).toContain(clean(JOB_TITLE));
    expect(description.split('\n')).toEqual(expect.arrayContaining([`Candidate: ${candidateName}`, `Job: ${clean(JOB_TITLE)}`]));
    expect(location).toBe(clean(LOCATION));
    for (const value of [summary, location, ...description.split('\n'), ...attendees.map((a) => String(a.getParameter('cn')))])
      expect(value).not.toMatch(CONTROL);
    expect(String(event.getFirstPropertyValue('url'))).toBe('https://meet.example.test/room-4');
  };

  it('an applicant who applied with a bare CR in their name (public apply): every panel member’s file has exactly the interview’s properties', async () => {
    const email = `${unique('grace')}@example.test`;
    const applied = await t
      .http()
      .post(`/v1/boards/${org.slug}/jobs/${publicId}`)
      .send({ first_name: 'Grace\rATTENDEE;CN=Eve:mailto:eve@evil.test', last_name: 'Hopper\rX-INJECTED-BY-CANDIDATE:1', email, resume_text: 'Compilers.' });
    expect(applied.status).toBe(201);
    const [{ id: applicationId }] = await testDb().then((db) =>
      db.query(`SELECT a.id FROM applications a JOIN candidate_emails e ON e.candidate_id = a.candidate_id WHERE a.organization_id = $1 AND e.email = $2`, [
        org.id,
        email,
      ]),
    );
    const interviewId = await schedule(applicationId, '2031-05-06T09:00:00.000Z');
    for (const member of panel) {
      expectExactCalendar(await calendarOf(interviewId, member), 'Grace ATTENDEE;CN=Eve:mailto:eve@evil.test Hopper X-INJECTED-BY-CANDIDATE:1');
    }
  });

  it('a candidate created through the API with LF and CRLF in their name: every panel member’s file has exactly the interview’s properties', async () => {
    const created = await t
      .http()
      .post('/v1/applications')
      .set(bearer(org.admin))
      .send({
        jobId: job.id,
        candidate: { firstName: 'Ada\nX-INJECTED-BY-LF:1', lastName: 'Lovelace\r\nATTENDEE:mailto:eve@evil.test', emails: [`${unique('ada')}@example.test`] },
      });
    expect(created.status).toBe(201);
    const interviewId = await schedule(created.body.id, '2031-05-07T09:00:00.000Z');
    for (const member of panel) {
      expectExactCalendar(await calendarOf(interviewId, member), 'Ada X-INJECTED-BY-LF:1 Lovelace ATTENDEE:mailto:eve@evil.test');
    }
  });

  it('a user outside the panel gets no calendar file, and reading files writes nothing', async () => {
    const outsider = await makeUser(t, org, ['interviewer'], 'Out\r\nSider');
    const [{ id: interviewId }] = await testDb().then((db) => db.query(`SELECT id FROM interviews WHERE organization_id = $1 LIMIT 1`, [org.id]));
    const before = await count('audit_log', 'organization_id = $1', [org.id]);
    expect((await t.http().get(`/v1/interviews/${interviewId}/calendar.ics`).set(bearer(outsider))).status).toBe(404);
    await calendarOf(interviewId, panel[1]);
    expect(await count('audit_log', 'organization_id = $1', [org.id])).toBe(before);
  });
});
