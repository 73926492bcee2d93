import type { INestApplicationContext } from '@nestjs/common';
import ICAL from 'ical.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';
import { startMailWorker, TestSmtp } from '../support/mail-fixtures.js';
import { makeApplication, makePipelineJob, PipelineJob } from '../support/pipelines-fixtures.js';
import { waitFor } from '../support/postings-fixtures.js';

const INBOUND_DOMAIN = 'replies.scheduling.test';
const DAY = 86_400_000;

interface Slot {
  value: string;
  label: string;
}

/** The times a page offers: each button's instant and its spoken label. */
function slotsOf(html: string): Slot[] {
  return [...html.matchAll(/name="startsAt" value="([^"]+)" aria-label="([^"]+)"/g)].map((m) => ({ value: m[1], label: m[2] }));
}

describe('self-scheduling: working hours, the scheduling link, booking, moving and cancelling', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let smtp: TestSmtp;
  let org: TestOrg;
  let admin: TestUser;
  let recruiter: TestUser;
  let job: PipelineJob;

  beforeAll(async () => {
    smtp = new TestSmtp();
    const port = await smtp.start();
    t = await startTestApp({ INBOUND_DOMAIN });
    worker = await startMailWorker({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Hireloop <jobs@hireloop.test>', INBOUND_DOMAIN });
    org = await makeOrg(t);
    admin = org.admin;
    recruiter = await makeUser(t, org, ['recruiter'], 'Rita Recruiter');
    job = await makePipelineJob(org.id);
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await smtp?.close();
    await closeTestDb();
  });

  const technical = () => job.stages.find((s) => s.kind === 'technical_interview')!.id;

  async function newApplication(): Promise<{ id: string; to: string }> {
    const app = await makeApplication(t, recruiter, job.id);
    const db = await testDb();
    const [c]: Array<{ emails: string[] }> = await db.query('SELECT emails FROM candidates WHERE id = $1', [app.candidateId]);
    return { id: app.id, to: c.emails[0] };
  }

  function requestBody(interviewerIds: string[], overrides: Record<string, unknown> = {}) {
    return { stageId: technical(), interviewerIds, durationMinutes: 60, windowDays: 7, minNoticeHours: 0, bufferMinutes: 0, location: 'Room 3', ...overrides };
  }

  async function request(applicationId: string, body: Record<string, unknown>): Promise<{ id: string; path: string; token: string }> {
    const res = await t.http().post(`/v1/applications/${applicationId}/scheduling-requests`).set(bearer(recruiter)).send(body);
    expect(res.status).toBe(201);
    const token = String(res.body.link).split('/schedule/')[1];
    return { id: res.body.id, path: `/schedule/${token}`, token };
  }

  const writes = async () => ({
    requests: await count('scheduling_requests', 'organization_id = $1', [org.id]),
    interviews: await count('interviews', 'organization_id = $1', [org.id]),
    emails: await count('emails', 'organization_id = $1', [org.id]),
    audit: await count('audit_log', 'organization_id = $1', [org.id]),
    outbox: await count('outbox_events', 'organization_id = $1', [org.id]),
  });

  /** The counts once they have not moved for a second: the mail worker has caught up with what came before (a "nothing written" check compares with these). */
  const settledWrites = async () => {
    let last = JSON.stringify(await writes());
    for (let still = 0, tries = 0; still < 2 && tries < 120; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const next = JSON.stringify(await writes());
      still = next === last ? still + 1 : 0;
      last = next;
    }
    return JSON.parse(last) as Awaited<ReturnType<typeof writes>>;
  };

  describe('working hours', () => {
    it('each user sets their own time zone and weekly hours; admins may set anyone’s; the defaults are Monday to Friday 09:00–17:00 UTC', async () => {
      const ivan = await makeUser(t, org, ['interviewer'], 'Ivan');
      const before = await t.http().get('/v1/me/working-hours').set(bearer(ivan));
      expect(before.status).toBe(200);
      expect(before.body).toMatchObject({
        userId: ivan.id,
        timeZone: 'UTC',
        isDefault: true,
        workingHours: { mon: [{ from: '09:00', to: '17:00' }], sat: [] },
      });
      const set = await t
        .http()
        .patch('/v1/me/working-hours')
        .set(bearer(ivan))
        .send({
          timeZone: 'Europe/Berlin',
          workingHours: {
            mon: [
              { from: '08:00', to: '12:00' },
              { from: '13:00', to: '16:30' },
            ],
            tue: [{ from: '10:00', to: '18:00' }],
          },
        });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({
        timeZone: 'Europe/Berlin',
        isDefault: false,
        workingHours: {
          mon: [
            { from: '08:00', to: '12:00' },
            { from: '13:00', to: '16:30' },
          ],
          wed: [],
        },
      });
      const byAdmin = await t.http().patch(`/v1/users/${ivan.id}/working-hours`).set(bearer(admin)).send({ timeZone: 'America/New_York' });
      expect(byAdmin.status).toBe(200);
      expect(byAdmin.body).toMatchObject({ timeZone: 'America/New_York', workingHours: { tue: [{ from: '10:00', to: '18:00' }] } });
      expect((await t.http().get(`/v1/users/${ivan.id}/working-hours`).set(bearer(admin))).body.timeZone).toBe('America/New_York');
      expect((await t.http().patch(`/v1/users/${ivan.id}/working-hours`).set(bearer(recruiter)).send({ timeZone: 'UTC' })).status).toBe(403);
    });

    it.each([
      ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      ['a time zone with odd characters', { timeZone: '../../etc/passwd' }, 'timeZone'],
      ['a range ending before it starts', { workingHours: { mon: [{ from: '17:00', to: '09:00' }] } }, 'workingHours.mon.0.to'],
      [
        'overlapping ranges',
        {
          workingHours: {
            tue: [
              { from: '09:00', to: '13:00' },
              { from: '12:00', to: '15:00' },
            ],
          },
        },
        'workingHours.tue.1.from',
      ],
      ['a time that is not a time', { workingHours: { wed: [{ from: '9am', to: '17:00' }] } }, 'workingHours.wed.0.from'],
      ['a day that is not a weekday', { workingHours: { funday: [] } }, 'workingHours.funday'],
      ['too many ranges', { workingHours: { thu: Array.from({ length: 5 }, (_, i) => ({ from: `0${i}:00`, to: `0${i}:30` })) } }, 'workingHours.thu'],
      ['an extra member in a range', { workingHours: { fri: [{ from: '09:00', to: '10:00', colour: 'red' }] } }, 'workingHours.fri.0'],
    ])('refuses %s with 422 naming the field, and writes nothing', async (_what, body, field) => {
      const user = await makeUser(t, org, ['interviewer'], 'Una');
      const audit = await count('audit_log', 'organization_id = $1', [org.id]);
      const res = await t.http().patch('/v1/me/working-hours').set(bearer(user)).send(body);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('identity.invalid_working_hours');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      const db = await testDb();
      const [row]: Array<{ time_zone: string | null; working_hours: unknown }> = await db.query('SELECT time_zone, working_hours FROM users WHERE id = $1', [
        user.id,
      ]);
      expect(row).toEqual({ time_zone: null, working_hours: null });
      expect(await count('audit_log', 'organization_id = $1', [org.id])).toBe(audit);
    });
  });

  describe('slots', () => {
    it('offers the Berlin interviewer’s working hours, in New York time, across the March clock changes, minus an interview and its buffer', async () => {
      const berlin = await makeUser(t, org, ['interviewer'], 'Berta Berlin');
      expect((await t.http().patch('/v1/me/working-hours').set(bearer(berlin)).send({ timeZone: 'Europe/Berlin' })).status).toBe(200);
      const app = await newApplication();
      const req = await request(app.id, requestBody([berlin.id], { bufferMinutes: 30 }));
      // The window is moved to late March 2027 (Berlin changes its clocks on 28 March, New York already did on 14 March).
      const db = await testDb();
      await db.query(`UPDATE scheduling_requests SET window_starts_at = '2027-03-22T00:00:00Z', window_ends_at = '2027-04-03T00:00:00Z' WHERE id = $1`, [
        req.id,
      ]);
      // Berta already interviews someone else on Tuesday 23 March, 10:00–11:00 Berlin (09:00–10:00Z).
      const other = await newApplication();
      const busy = await t
        .http()
        .post(`/v1/applications/${other.id}/interviews`)
        .set(bearer(recruiter))
        .send({ stageId: technical(), startsAt: '2027-03-23T09:00:00Z', durationMinutes: 60, interviewerIds: [berlin.id], location: 'Room 1' });
      expect(busy.status).toBe(201);

      const page = await t.http().get(`${req.path}?tz=America/New_York`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Choose a time for your interview');
      expect(page.text).toContain('Times are shown in America/New York');
      const slots = slotsOf(page.text);
      const on = (day: string) => slots.filter((s) => s.value.startsWith(day));
      // Monday 22 March: Berlin on CET (09:00 = 08:00Z), New York on EDT: 04:00.
      expect(on('2027-03-22')[0]).toEqual({ value: '2027-03-22T08:00:00.000Z', label: expect.stringContaining('04:00') as string });
      expect(on('2027-03-22').at(-1)!.value).toBe('2027-03-22T15:00:00.000Z');
      // Tuesday 23 March: busy 09:00–10:00Z widened by 30 minutes each side; 60 minutes fit again from 10:30Z.
      expect(on('2027-03-23').map((s) => s.value.slice(11, 16))).toEqual([
        '10:30',
        '11:00',
        '11:30',
        '12:00',
        '12:30',
        '13:00',
        '13:30',
        '14:00',
        '14:30',
        '15:00',
      ]);
      // No weekend.
      expect([...on('2027-03-27'), ...on('2027-03-28')]).toEqual([]);
      // Monday 29 March: Berlin on CEST (09:00 = 07:00Z), New York: 03:00.
      expect(on('2027-03-29')[0]).toEqual({ value: '2027-03-29T07:00:00.000Z', label: expect.stringContaining('03:00') as string });
      expect(on('2027-03-29').at(-1)!.value).toBe('2027-03-29T14:00:00.000Z');
      // The same times in Berlin read 09:00 on both sides of the change.
      const inBerlin = slotsOf((await t.http().get(`${req.path}?tz=Europe/Berlin`)).text);
      expect(inBerlin.find((s) => s.value === '2027-03-22T08:00:00.000Z')!.label).toContain('09:00');
      expect(inBerlin.find((s) => s.value === '2027-03-29T07:00:00.000Z')!.label).toContain('09:00');
    });

    it('serves the page without inline script, with a time-zone select and the detection script as a file', async () => {
      const ivy = await makeUser(t, org, ['interviewer'], 'Ivy');
      const req = await request((await newApplication()).id, requestBody([ivy.id]));
      const page = await t.http().get(req.path);
      expect(page.status).toBe(200);
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.text).toMatch(/<label for="tz">Your time zone<select id="tz" name="tz" data-chosen="false">/);
      expect(page.text).not.toMatch(/<script>|<script [^>]*>[^<]+<\/script>|onclick=/);
      const script = page.text.match(/<script src="([^"]+)"/)![1];
      const js = await t.http().get(script);
      expect(js.status).toBe(200);
      expect(js.headers['content-type']).toContain('javascript');
      expect(page.text).toContain('<meta name="viewport"');
    });
  });

  describe('booking', () => {
    it('two candidates racing for one interviewer’s slot: one 201 with a confirmation, one 409 with fresh slots, exactly one interview; the invitation arrives with a calendar file', async () => {
      const ines = await makeUser(t, org, ['interviewer'], 'Ines');
      const [a, b] = [await newApplication(), await newApplication()];
      const [ra, rb] = [await request(a.id, requestBody([ines.id])), await request(b.id, requestBody([ines.id]))];
      // The link reaches the candidate by email.
      const linkMail = await waitFor(
        () => Promise.resolve(smtp.to(a.to).find((m) => m.text?.includes(ra.path))),
        (m) => m !== undefined,
        60_000,
        'scheduling email',
      );
      expect(linkMail!.subject).toMatch(/^Choose a time to talk about /);

      const slot = slotsOf((await t.http().get(`${ra.path}?tz=UTC`)).text)[0].value;
      expect(slotsOf((await t.http().get(`${rb.path}?tz=UTC`)).text)[0].value).toBe(slot);
      const [resA, resB] = await Promise.all([
        t.http().post(ra.path).type('form').send({ startsAt: slot, tz: 'UTC' }),
        t.http().post(rb.path).type('form').send({ startsAt: slot, tz: 'UTC' }),
      ]);
      const statuses = [resA.status, resB.status].sort();
      expect(statuses).toEqual([201, 409]);
      const [won, lost] = resA.status === 201 ? [resA, resB] : [resB, resA];
      const winner = resA.status === 201 ? a : b;
      expect(won.text).toContain('Your interview is booked');
      expect(won.text).toContain('An invitation for your calendar is on its way');
      expect(lost.text).toContain('That time was just taken');
      const fresh = slotsOf(lost.text).map((s) => s.value);
      expect(fresh.length).toBeGreaterThan(0);
      expect(fresh).not.toContain(slot);
      expect(await count('interviews', 'organization_id = $1 AND starts_at = $2', [org.id, slot])).toBe(1);
      expect(await count('scheduling_requests', "organization_id = $1 AND id = ANY($2::uuid[]) AND status = 'booked'", [org.id, [ra.id, rb.id]])).toBe(1);

      // Booked as if the recruiter had scheduled it: attributed to them, recorded as the candidate's choice, announced.
      const db = await testDb();
      const [interview]: Array<{ id: string; created_by: string }> = await db.query(
        'SELECT id, created_by FROM interviews WHERE organization_id = $1 AND starts_at = $2',
        [org.id, slot],
      );
      expect(interview.created_by).toBe(recruiter.id);
      const audit: Array<{ actor_id: string; changes: Record<string, unknown> }> = await db.query(
        `SELECT actor_id, changes FROM audit_log WHERE entity_type = 'interview' AND entity_id = $1 AND action = 'create'`,
        [interview.id],
      );
      expect(audit).toHaveLength(1);
      expect(audit[0].actor_id).toBe(recruiter.id);
      expect(audit[0].changes.bookedBy).toEqual({ to: 'candidate' });
      expect(
        await count(
          'outbox_events',
          "organization_id = $1 AND event_type = 'webhooks.fan-out' AND aggregate_id = $2 AND payload->>'type' = 'interview.scheduled'",
          [org.id, interview.id],
        ),
      ).toBe(1);

      const invitation = await waitFor(
        () => Promise.resolve(smtp.to(winner.to).find((m) => m.attachments.some((x) => x.contentType.startsWith('text/calendar')))),
        (m) => m !== undefined,
        60_000,
        'invitation with a calendar file',
      );
      const ics = invitation!.attachments.find((x) => x.contentType.startsWith('text/calendar'))!;
      const calendar = new ICAL.Component(ICAL.parse(ics.content.toString('utf8')));
      const event = calendar.getFirstSubcomponent('vevent')!;
      expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
      expect(event.getFirstPropertyValue('uid')).toBe(`interview-${interview.id}@hireloop`);
      expect((event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(slot);
    });

    it('the candidate moves the interview and then cancels it from the same link; after the cut-off neither is possible', async () => {
      const olga = await makeUser(t, org, ['interviewer'], 'Olga');
      const app = await newApplication();
      const req = await request(app.id, requestBody([olga.id], { minNoticeHours: 2 }));
      const [first, , third] = slotsOf((await t.http().get(`${req.path}?tz=UTC`)).text).map((s) => s.value);
      expect((await t.http().post(req.path).type('form').send({ startsAt: first, tz: 'UTC' })).status).toBe(201);

      const booked = await t.http().get(`${req.path}?tz=UTC`);
      expect(booked.text).toContain('Your interview is booked');
      expect(booked.text).toContain('Cancel my interview');
      expect(booked.text).toContain('Choose another time');
      const moved = await t.http().post(req.path).type('form').send({ startsAt: third, tz: 'UTC' });
      expect(moved.status).toBe(200);
      expect(moved.text).toContain('Your interview is booked');
      const db = await testDb();
      const interviewOf = async () =>
        (
          await db.query<Array<{ id: string; starts_at: Date; status: string; version: number }>>(
            'SELECT i.id, i.starts_at, i.status, i.version FROM interviews i JOIN scheduling_requests r ON r.interview_id = i.id WHERE r.id = $1',
            [req.id],
          )
        )[0];
      expect(await interviewOf()).toMatchObject({ starts_at: new Date(third), status: 'scheduled', version: 2 });
      expect(await count('interviews', 'organization_id = $1 AND application_id = $2', [org.id, app.id])).toBe(1);

      const cancelled = await t.http().post(`${req.path}/cancel`).type('form').send({ tz: 'UTC' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.text).toContain('Your interview is cancelled');
      expect(await interviewOf()).toMatchObject({ status: 'cancelled' });
      const again = await t.http().post(`${req.path}/cancel`).type('form').send({ tz: 'UTC' });
      expect(again.text).toContain('This interview is cancelled');
      expect((await t.http().post(req.path).type('form').send({ startsAt: first, tz: 'UTC' })).text).toContain('This interview is cancelled');
      expect(await count('interviews', "organization_id = $1 AND application_id = $2 AND status = 'scheduled'", [org.id, app.id])).toBe(0);

      // Past the cut-off (the notice before the interview), the link only shows the booking.
      const lateApplication = await newApplication();
      const late = await request(lateApplication.id, requestBody([olga.id]));
      const slot = slotsOf((await t.http().get(`${late.path}?tz=UTC`)).text)[0].value;
      expect((await t.http().post(late.path).type('form').send({ startsAt: slot, tz: 'UTC' })).status).toBe(201);
      await db.query('UPDATE scheduling_requests SET min_notice_hours = 336 WHERE id = $1', [late.id]);
      const page = await t.http().get(`${late.path}?tz=UTC`);
      expect(page.text).not.toContain('Cancel my interview');
      // The mail worker is still writing what the bookings, the move and the cancellation above send (emails, their
      // audit and outbox rows): wait for the late booking's invitation and for the counts to stop moving.
      await waitFor(
        () => count('emails', "organization_id = $1 AND application_id = $2 AND kind = 'interview_invitation'", [org.id, lateApplication.id]),
        (n) => n > 0,
        60_000,
        'the late booking’s invitation',
      );
      const before = await settledWrites();
      const refused = await t.http().post(`${late.path}/cancel`).type('form').send({ tz: 'UTC' });
      expect(refused.status).toBe(409);
      expect(refused.text).toContain('can no longer be changed online');
      expect(await writes()).toEqual(before);
    });
  });

  describe('links that do not work', () => {
    it('a tampered or malformed token shows a friendly page and writes nothing', async () => {
      const ida = await makeUser(t, org, ['interviewer'], 'Ida');
      const req = await request((await newApplication()).id, requestBody([ida.id]));
      const slot = slotsOf((await t.http().get(req.path)).text)[0].value;
      const tampered = req.token.slice(0, -1) + (req.token.endsWith('A') ? 'B' : 'A');
      const before = await settledWrites();
      for (const path of [`/schedule/${tampered}`, '/schedule/not-a-token', `/schedule/${'x'.repeat(90)}`]) {
        const page = await t.http().get(path);
        expect(page.status).toBe(404);
        expect(page.text).toContain('This link does not work');
        const post = await t.http().post(path).type('form').send({ startsAt: slot });
        expect(post.status).toBe(404);
        expect((await t.http().post(`${path}/cancel`).type('form').send({})).status).toBe(404);
      }
      expect(await writes()).toEqual(before);
    });

    it('an expired link says so, offers nothing and books nothing', async () => {
      const eve = await makeUser(t, org, ['interviewer'], 'Eve');
      const req = await request((await newApplication()).id, requestBody([eve.id]));
      const slot = slotsOf((await t.http().get(req.path)).text)[0].value;
      const db = await testDb();
      await db.query(
        `UPDATE scheduling_requests SET window_ends_at = now() - interval '1 minute', window_starts_at = now() - interval '2 days' WHERE id = $1`,
        [req.id],
      );
      const before = await settledWrites();
      const page = await t.http().get(req.path);
      expect(page.status).toBe(410);
      expect(page.text).toContain('This link has expired');
      expect(slotsOf(page.text)).toEqual([]);
      const post = await t.http().post(req.path).type('form').send({ startsAt: slot });
      expect(post.status).toBe(410);
      expect(await writes()).toEqual(before);
    });

    it.each([
      ['no time at all', {}],
      ['a time that is not a time', { startsAt: 'tomorrow at nine' }],
      ['a time off the half-hour grid', { startsAt: 'GRID' }],
      ['a time outside the window', { startsAt: new Date(Date.now() + 60 * DAY).toISOString().slice(0, 11) + '10:00:00.000Z' }],
      ['a time nobody is working', { startsAt: 'NIGHT' }],
    ])('booking %s is refused with the times offered again, nothing written', async (_what, body: Record<string, string>) => {
      const nia = await makeUser(t, org, ['interviewer'], 'Nia');
      const req = await request((await newApplication()).id, requestBody([nia.id]));
      const first = new Date(slotsOf((await t.http().get(req.path)).text)[0].value);
      const send = { ...body };
      if (send.startsAt === 'GRID') send.startsAt = new Date(first.getTime() + 7 * 60_000).toISOString();
      if (send.startsAt === 'NIGHT')
        send.startsAt = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate(), 2, 0) + DAY).toISOString();
      const before = await settledWrites();
      const res = await t.http().post(req.path).type('form').send(send);
      expect([409, 422]).toContain(res.status);
      expect(res.text).toMatch(/not one we offered|just taken/);
      expect(slotsOf(res.text).length).toBeGreaterThan(0);
      expect(await writes()).toEqual(before);
    });
  });

  describe('asking for a time', () => {
    it('answers the request with its link once, and lists it with where it went', async () => {
      const ian = await makeUser(t, org, ['interviewer'], 'Ian');
      const app = await newApplication();
      const res = await t
        .http()
        .post(`/v1/applications/${app.id}/scheduling-requests`)
        .set(bearer(recruiter))
        .send(requestBody([ian.id]));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'open',
        applicationId: app.id,
        interviewers: [{ id: ian.id, name: 'Ian' }],
        sentTo: app.to,
        durationMinutes: 60,
      });
      expect(res.body.link).toMatch(/\/schedule\/[A-Za-z0-9_-]{43}$/);
      const list = await t.http().get(`/v1/applications/${app.id}/scheduling-requests`).set(bearer(recruiter));
      expect(list.status).toBe(200);
      expect(list.body.data).toHaveLength(1);
      expect(list.body.data[0]).toMatchObject({ id: res.body.id, status: 'open', sentTo: app.to });
      expect(list.body.data[0].link).toBeUndefined();
      const db = await testDb();
      const [row]: Array<{ token_hash: Buffer }> = await db.query('SELECT token_hash FROM scheduling_requests WHERE id = $1', [res.body.id]);
      expect(row.token_hash.toString('utf8')).not.toContain(String(res.body.link).split('/schedule/')[1]);
    });

    it.each([
      ['a window over 30 days', { windowDays: 31 }, 400, 'windowDays'],
      [
        'more than 10 interviewers',
        { interviewerIds: Array.from({ length: 11 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) },
        400,
        'interviewerIds',
      ],
      ['an interview under 15 minutes', { durationMinutes: 10 }, 400, 'durationMinutes'],
      ['a negative buffer', { bufferMinutes: -5 }, 400, 'bufferMinutes'],
      ['no place and no video link', { location: undefined }, 422, 'location'],
      ['a notice as long as the window', { windowDays: 2, minNoticeHours: 48 }, 422, 'minNoticeHours'],
      ['a stage of another job', { stageId: 'OTHER_STAGE' }, 422, 'stageId'],
      ['an unknown interviewer', { interviewerIds: ['00000000-0000-4000-8000-000000000001'] }, 422, 'interviewerIds.0'],
      ['an unknown kit', { kitId: '00000000-0000-4000-8000-000000000009' }, 422, 'kitId'],
      ['an unknown field', { colour: 'red' }, 400, 'colour'],
    ])('refuses %s, naming the field, and writes nothing', async (_what, overrides: Record<string, unknown>, status, field) => {
      const ola = await makeUser(t, org, ['interviewer'], 'Ola');
      const app = await newApplication();
      const body: Record<string, unknown> = requestBody([ola.id], overrides);
      if (body.stageId === 'OTHER_STAGE') body.stageId = (await makePipelineJob(org.id)).stages[0].id;
      const before = await settledWrites();
      const res = await t.http().post(`/v1/applications/${app.id}/scheduling-requests`).set(bearer(recruiter)).send(body);
      expect(res.status).toBe(status);
      expect(JSON.stringify(res.body.errors ?? [])).toContain(field);
      expect(await writes()).toEqual(before);
    });

    it('interviewers may not ask, and another organization’s application is a 404', async () => {
      const ivo = await makeUser(t, org, ['interviewer'], 'Ivo');
      const app = await newApplication();
      const before = await settledWrites();
      expect(
        (
          await t
            .http()
            .post(`/v1/applications/${app.id}/scheduling-requests`)
            .set(bearer(ivo))
            .send(requestBody([ivo.id]))
        ).status,
      ).toBe(403);
      const other = await makeOrg(t);
      const res = await t
        .http()
        .post(`/v1/applications/${app.id}/scheduling-requests`)
        .set(bearer(other.admin))
        .send(requestBody([other.admin.id]));
      expect(res.status).toBe(404);
      expect(await writes()).toEqual(before);
    });
  });
});
