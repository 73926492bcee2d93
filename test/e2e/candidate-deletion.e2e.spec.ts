import { randomInt, randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, settled, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';
import { organizationRowCounts, scan, whereIdsAppear } from '../support/personal-data.js';
import { TEMPLATE_SECTIONS } from '../support/tenant-fixtures.js';
import { postInboundEmail, rawEmail } from '../support/inbound-email.js';
import { waitFor } from '../support/postings-fixtures.js';
import { startWebhooksWorker } from '../support/webhooks-fixtures.js';
import {
  type DomainEventPayload,
  JobName,
  type OutboxJobData,
  outboxJob,
  type PendingOutboxRow,
  OUTBOX_ERASURE_LOCK,
  TenantContext,
} from '../../libs/platform/src/index.js';
import { WebhookFanOutService } from '../../libs/webhooks/src/index.js';

const INBOUND_DOMAIN = 'replies.deletion.test';
const INBOUND_EMAIL_SECRET = 'inbound-secret-deletion-0123456789';
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

interface Job {
  id: string;
  version: number;
  interviewPlan: Array<{ id: string; kind: string }>;
}

describe('deleting a candidate', () => {
  let t: TestApp;
  let org: TestOrg;
  let other: TestOrg;
  let recruiter: TestUser;
  let interviewer: TestUser;
  let job: Job;
  let kit: { id: string; competency: string };
  // This file's own webhooks worker (relay and fan-out): the announced events are fanned out while the tests run, so
  // what deletion does to them is checked, and a count can wait until they are (`quiet`) instead of racing a worker.
  let worker: INestApplicationContext;

  beforeAll(async () => {
    t = await startTestApp({ INBOUND_DOMAIN, INBOUND_EMAIL_SECRET });
    worker = await startWebhooksWorker();
    [org, other] = await Promise.all([makeOrg(t), makeOrg(t)]);
    [recruiter, interviewer] = await Promise.all([makeUser(t, org, ['recruiter']), makeUser(t, org, ['interviewer'])]);
    const department = await call(recruiter, 'post', '/v1/departments', { name: unique('Engineering ') });
    const office = await call(recruiter, 'post', '/v1/offices', { name: unique('Berlin '), city: 'Berlin', region: 'Berlin', country: 'DE' });
    const template = await call(recruiter, 'post', '/v1/templates', { family: 'payments-backend', title: 'Backend', sections: TEMPLATE_SECTIONS });
    job = await call<Job>(recruiter, 'post', '/v1/jobs', {
      templateId: template.id,
      title: 'Backend Engineer',
      departmentId: department.id,
      officeIds: [office.id],
      workModel: 'hybrid',
      employmentType: 'FULL_TIME',
      seniority: 'senior',
      salary: { min: 100000, max: 140000, currency: 'EUR', period: 'YEAR' },
      openings: 5,
      hiringTeam: { recruiterIds: [recruiter.id], hiringManagerIds: [], interviewerIds: [interviewer.id] },
      interviewPlan: [
        { name: 'Application review', kind: 'application_review' },
        { name: 'Technical interview', kind: 'technical_interview' },
        { name: 'Offer', kind: 'offer' },
        { name: 'Hired', kind: 'hired' },
      ],
    });
    job = await call<Job>(recruiter, 'post', `/v1/jobs/${job.id}/open`, { version: job.version });
    const builtIn = await call<{ data: Array<{ id: string }> }>(recruiter, 'get', '/v1/interview-kits?builtIn=true&limit=1');
    const forked = await call<{ id: string; revision: { content: { competencies: Array<{ key: string }> } } }>(
      recruiter,
      'post',
      `/v1/interview-kits/${builtIn.data[0].id}/fork`,
      { key: unique('kit-'), title: 'Backend kit' },
    );
    kit = { id: forked.id, competency: forked.revision.content.competencies[0].key };
    await call(org.admin, 'put', '/v1/offer-settings', { approvalChain: [{ role: 'admin' }] });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await closeTestDb();
  });

  async function call<T = { id: string; version: number }>(user: TestUser, method: 'get' | 'post' | 'put' | 'patch', path: string, body?: object): Promise<T> {
    let req = t.http()[method](path).set(bearer(user));
    if (body !== undefined) req = req.send(body);
    const res = await req;
    if (res.status < 200 || res.status > 204) throw new Error(`${method.toUpperCase()} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  }
  const stage = (kind: string) => job.interviewPlan.find((s) => s.kind === kind)!.id;
  const remove = (user: { token: string }, id: string) => t.http().delete(`/v1/candidates/${id}`).set(bearer(user));

  /**
   * The organization's row counts once every domain event it announced is fanned out (a `processed_events` marker for
   * each `webhooks.fan-out` outbox row) and its other background work has settled: counts taken before and after a
   * refused request then differ only by what that request wrote.
   */
  async function quiet(organizationId: string): Promise<Record<string, number>> {
    const unfanned = `organization_id = $1 AND event_type = 'webhooks.fan-out'
      AND NOT EXISTS (SELECT 1 FROM processed_events p WHERE p.consumer = 'webhooks.fan-out' AND p.event_id = outbox_events.id::text)`;
    await waitFor(
      () => count('outbox_events', unfanned, [organizationId]),
      (left) => left === 0,
      30_000,
      'the organization’s domain events to be fanned out',
    );
    return settled(() => organizationRowCounts(organizationId));
  }

  /** A candidate with an application in the technical interview stage, an interview and a submitted scorecard. */
  async function interviewed(firstName = 'Grace', lastName = unique('Hopper'), contact: object = { emails: [`${unique('gh')}@example.test`] }) {
    const candidate = await call(recruiter, 'post', '/v1/candidates', { firstName, lastName, ...contact });
    let app = await call(recruiter, 'post', '/v1/applications', { candidateId: candidate.id, jobId: job.id });
    app = await call(recruiter, 'post', `/v1/applications/${app.id}/move`, { toStageId: stage('technical_interview'), expectedVersion: app.version });
    const interview = await call(recruiter, 'post', `/v1/applications/${app.id}/interviews`, {
      stageId: stage('technical_interview'),
      kitId: kit.id,
      startsAt: inHours(-2),
      durationMinutes: 60,
      interviewerIds: [interviewer.id],
      location: 'Room 1',
      allowOverlap: true,
    });
    await call(interviewer, 'post', `/v1/interviews/${interview.id}/scorecard/submit`, {
      ratings: [{ competency: kit.competency, rating: 4, evidence: `${firstName} designed the ledger` }],
      keyTakeaways: `${firstName} ${lastName} explained the design well`,
      overall: 'yes',
    });
    return { candidate, app, interview };
  }

  /** Rows about these candidates and applications, table by table (the module that owns each does not matter here). */
  async function rowsAbout(candidateIds: string[], applicationIds: string[]): Promise<Record<string, number>> {
    const c = [org.id, candidateIds];
    const a = [org.id, applicationIds];
    const byCandidate = (table: string) => count(table, `organization_id = $1 AND candidate_id = ANY($2::uuid[])`, c);
    const byApplication = (table: string) => count(table, `organization_id = $1 AND application_id = ANY($2::uuid[])`, a);
    return {
      candidates: await count('candidates', `organization_id = $1 AND id = ANY($2::uuid[])`, c),
      candidate_emails: await byCandidate('candidate_emails'),
      candidate_files: await byCandidate('candidate_files'),
      candidate_file_contents: await count(
        'candidate_file_contents',
        `organization_id = $1 AND file_id IN (SELECT id FROM candidate_files WHERE candidate_id = ANY($2::uuid[]))`,
        c,
      ),
      notes: await byCandidate('notes'),
      activity_events: await byCandidate('activity_events'),
      applications: await count('applications', `organization_id = $1 AND id = ANY($2::uuid[])`, a),
      application_moves: await byApplication('application_moves'),
      self_identifications: await byApplication('self_identifications'),
      interviews: await byCandidate('interviews'),
      interview_interviewers: await byApplication('interview_interviewers'),
      scorecards: await byApplication('scorecards'),
      hiring_decisions: await byApplication('hiring_decisions'),
      offers: await byCandidate('offers'),
      offer_approvals: await count('offer_approvals', `organization_id = $1 AND offer_id IN (SELECT id FROM offers WHERE candidate_id = ANY($2::uuid[]))`, c),
      emails: await byCandidate('emails'),
      inbound_emails: await byCandidate('inbound_emails'),
      scheduling_requests: await byApplication('scheduling_requests'),
      privacy_exports: await byCandidate('privacy_exports'),
      privacy_requests: await byCandidate('privacy_requests'),
      notifications: await count(
        'notifications',
        `organization_id = $1 AND (payload->>'candidateId' = ANY($2::text[]) OR payload->>'applicationId' = ANY($3::text[]))`,
        [org.id, candidateIds, applicationIds],
      ),
    };
  }

  it('removes the candidate, the candidates merged into them, their applications and everything about them; one event, one audit entry', async () => {
    const first = unique('Zenobia');
    const last = unique('Quillfeather');
    const email = `${unique('zq')}@example.test`;
    const phone = `+4420${randomInt(1_000_000, 9_999_999)}`;
    const { candidate, app, interview } = await interviewed(first, last, { emails: [email], phones: [phone], location: 'Lisbon' });
    // An amended scorecard (the correction supersedes the first version), a cancelled interview, a note and a resume.
    await call(interviewer, 'post', `/v1/interviews/${interview.id}/scorecard/corrections`, {
      reason: 'Typo',
      keyTakeaways: `${first} explained it very well`,
    });
    const spare = await call(recruiter, 'post', `/v1/applications/${app.id}/interviews`, {
      stageId: stage('technical_interview'),
      startsAt: inHours(48),
      durationMinutes: 30,
      interviewerIds: [interviewer.id],
      location: 'Room 3',
    });
    await call(recruiter, 'post', `/v1/interviews/${spare.id}/cancel`, { version: spare.version, reason: `${first} asked to move it` });
    await call(recruiter, 'post', `/v1/candidates/${candidate.id}/notes`, { body: `Spoke with ${first} ${last} about the role` });
    const upload = await t
      .http()
      .post(`/v1/candidates/${candidate.id}/resume`)
      .set(bearer(recruiter))
      .attach('resume', Buffer.from(`${first} ${last}\n${email}\n`), 'resume.txt');
    expect(upload.status).toBe(201);

    // A decision and an offer not accepted; an email, the candidate's reply and a scheduling request; a data export.
    await call(org.admin, 'post', `/v1/applications/${app.id}/decision`, {
      decision: 'offer',
      rationale: `${first} ${last} showed strong system design across every interview.`,
      acknowledgeMissingFeedback: true,
    });
    let offer = await call(recruiter, 'post', `/v1/applications/${app.id}/offers`, {
      base: { amount: 120000, currency: 'EUR', period: 'YEAR' },
      startDate: inHours(24 * 40).slice(0, 10),
      expiresAt: inHours(24 * 20),
      notes: `Relocation for ${first}`,
    });
    offer = await call(recruiter, 'post', `/v1/offers/${offer.id}/submit`, { version: offer.version });
    await call(org.admin, 'post', `/v1/offers/${offer.id}/approve`, { version: offer.version });
    const sent = await call(recruiter, 'post', `/v1/applications/${app.id}/emails`, { subject: `Next steps for ${first}`, body: 'Thanks for applying.' });
    const db = await testDb();
    const [{ reply_token }]: Array<{ reply_token: string }> = await db.query(`SELECT reply_token FROM emails WHERE id = $1`, [sent.id]);
    const raw = rawEmail(
      { From: `${first} ${last} <${email}>`, To: `reply+${reply_token}@${INBOUND_DOMAIN}`, Subject: `Re: Next steps for ${first}` },
      `Monday works. ${first} ${last}, ${phone}`,
    );
    const reply = await postInboundEmail(t, raw, INBOUND_EMAIL_SECRET);
    expect(reply.status).toBe(202);
    await call(recruiter, 'post', `/v1/applications/${app.id}/scheduling-requests`, {
      stageId: stage('technical_interview'),
      kitId: kit.id,
      interviewerIds: [interviewer.id],
      durationMinutes: 45,
      windowDays: 7,
      minNoticeHours: 24,
      bufferMinutes: 10,
      location: 'Room 2',
    });
    expect((await t.http().post(`/v1/candidates/${candidate.id}/export`).set(bearer(org.admin))).status).toBe(202);
    // What other paths write (the careers form's survey, a self-service request, a notification): fixture rows.
    await db.query(`INSERT INTO self_identifications (organization_id, application_id, sex) VALUES ($1, $2, 'declined')`, [org.id, app.id]);
    const [request]: Array<{ id: string }> = await db.query(
      `INSERT INTO privacy_requests (organization_id, kind, email, candidate_id, status, deadline_at) VALUES ($1, 'access', $2, $3, 'awaiting_admin', now() + interval '30 days') RETURNING id`,
      [org.id, email, candidate.id],
    );
    await db.query(`INSERT INTO notifications (organization_id, user_id, kind, payload) VALUES ($1, $2, 'stage_sla_breached', $3)`, [
      org.id,
      recruiter.id,
      { candidateId: candidate.id, applicationId: app.id, candidateName: `${first} ${last}` },
    ]);

    // Two earlier duplicates, merged in a chain: the second into the first, then the first into the candidate.
    const older = await call(recruiter, 'post', '/v1/candidates', { firstName: first, lastName: last, phones: [phone] });
    const oldest = await call(recruiter, 'post', '/v1/candidates', { firstName: first, lastName: last, links: [`https://github.com/${last}`] });
    const oldestApp = await call(recruiter, 'post', '/v1/applications', { candidateId: oldest.id, jobId: job.id });
    await call(recruiter, 'post', `/v1/candidates/${older.id}/merge`, { otherId: oldest.id });
    await call(recruiter, 'post', `/v1/candidates/${candidate.id}/merge`, { otherId: older.id });

    // Someone else in the same job, who must keep everything.
    const bystander = await interviewed('Ada', unique('Lovelace'));
    const bystanderRows = () => rowsAbout([bystander.candidate.id], [bystander.app.id]);
    const bystanderBefore = await bystanderRows();

    const candidateIds = [candidate.id, older.id, oldest.id];
    const applicationIds = [app.id, oldestApp.id];
    const before = await rowsAbout(candidateIds, applicationIds);
    for (const [table, n] of Object.entries(before)) expect([table, n > 0]).toEqual([table, true]);
    const terms = [first, last, email, phone, phone.slice(1)];
    expect((await scan(org.id, terms)).length).toBeGreaterThan(0);
    const applicationEvents = () =>
      count('outbox_events', `organization_id = $1 AND payload->>'type' LIKE 'application.%' AND aggregate_id = ANY($2::text[])`, [org.id, applicationIds]);
    const applicationEventsBefore = await applicationEvents();

    const res = await remove(org.admin, candidate.id);
    expect([res.status, res.text]).toEqual([204, '']);

    const after = await rowsAbout(candidateIds, applicationIds);
    expect(after).toEqual(Object.fromEntries(Object.keys(before).map((table) => [table, 0])));
    expect(await bystanderRows()).toEqual(bystanderBefore);
    // The privacy request stays, as the record that it was made, without its address or the candidate.
    const [kept]: Array<{ email: string; candidate_id: string | null }> = await db.query(`SELECT email, candidate_id FROM privacy_requests WHERE id = $1`, [
      request.id,
    ]);
    expect(kept).toEqual({ email: '', candidate_id: null });
    // Nothing personal is left anywhere, and their ids only in the history: the audit log (an entry's subject, or an id it
    // recorded, e.g. a scheduling request's application) and the announced events.
    // The events announced before and by the deletion are fanned out first: what webhooks keep is checked too.
    await quiet(org.id);
    expect(await scan(org.id, terms)).toEqual([]);
    expect(await whereIdsAppear(org.id, [...candidateIds, ...applicationIds])).toEqual([
      'audit_log.changes',
      'audit_log.entity_id',
      'domain_event_sequences.aggregate_id',
      'outbox_events.aggregate_id',
      'outbox_events.payload',
      'webhook_aggregate_cursors.aggregate_key',
      'webhook_events.aggregate_id',
      'webhook_events.data',
    ]);

    const [entry]: Array<{ actor_id: string; changes: object }> = await db.query(
      `SELECT actor_id, changes FROM audit_log WHERE organization_id = $1 AND entity_type = 'candidate' AND entity_id = $2 AND action = 'delete'`,
      [org.id, candidate.id],
    );
    expect(entry).toEqual({ actor_id: org.admin.id, changes: { applications: { from: 2, to: 0 }, mergedCandidates: { from: 2, to: 0 } } });
    const events: Array<{ payload: { type: string; data: Record<string, unknown> } }> = await db.query(
      `SELECT payload FROM outbox_events WHERE organization_id = $1 AND aggregate_id = $2 AND payload->>'type' = 'candidate.deleted'`,
      [org.id, candidate.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0].payload.data).toEqual({
      id: candidate.id,
      deletedAt: expect.any(String),
      applicationIds: [...applicationIds].sort(),
      mergedCandidateIds: [older.id, oldest.id].sort(),
    });
    // `candidate.deleted` stands for the applications too: no `application.*` event for them.
    expect(await applicationEvents()).toBe(applicationEventsBefore);

    // Gone for everyone: the profile, the merged ids, search, and a second delete.
    for (const id of candidateIds) expect((await t.http().get(`/v1/candidates/${id}`).set(bearer(recruiter))).status).toBe(404);
    expect((await t.http().get(`/v1/applications/${app.id}`).set(bearer(recruiter))).status).toBe(404);
    const search = await call<{ data: Array<{ id: string }> }>(recruiter, 'get', `/v1/candidates?q=${encodeURIComponent(last)}`);
    expect(search.data).toEqual([]);
    const again = await remove(org.admin, candidate.id);
    expect([again.status, again.body.code]).toEqual([404, 'pipelines.candidate_not_found']);
  }, 180_000);

  it('a webhook fan-out the relay queued before the deletion and the worker runs after it keeps nothing of the candidate', async () => {
    const first = unique('Ottilie');
    const last = unique('Marchbank');
    const email = `${unique('om')}@example.test`;
    const candidate = await call(recruiter, 'post', '/v1/candidates', { firstName: first, lastName: last, emails: [email] });
    const db = await testDb();
    // The candidate's creation event as the relay hands it to Redis: a row stamped as relayed (no relay takes it
    // again) and the job built from it, whose payload is a copy that no erasure in Postgres can reach.
    const [relayed] = await db.query<PendingOutboxRow[]>(
      `INSERT INTO outbox_events (organization_id, aggregate_type, aggregate_id, event_type, queue, payload, dispatched_at)
       SELECT organization_id, aggregate_type, aggregate_id, event_type, queue, payload, now() FROM outbox_events
        WHERE organization_id = $1 AND aggregate_id = $2 AND event_type = $3 ORDER BY id LIMIT 1
       RETURNING id, queue, job_id, event_type, payload, run_at, organization_id, aggregate_type, aggregate_id`,
      [org.id, candidate.id, JobName.WebhooksFanOut],
    );
    const queued = outboxJob(relayed).data as unknown as OutboxJobData<DomainEventPayload>;
    expect(JSON.stringify(queued.payload)).toContain(last);

    expect((await remove(org.admin, candidate.id)).status).toBe(204);
    await TenantContext.run(org.id, () => worker.get(WebhookFanOutService).fanOut(queued));

    const [kept] = await db.query<Array<{ data: unknown }>>(`SELECT data FROM webhook_events WHERE organization_id = $1 AND id = $2`, [
      org.id,
      `evt_${relayed.id}`,
    ]);
    expect(kept).toBeDefined();
    for (const term of [first, last, email]) expect(JSON.stringify(kept.data)).not.toContain(term);

    // A queued event whose outbox row was pruned meanwhile (older than OUTBOX_RETENTION_DAYS) is not kept at all.
    const [pruned] = await db.query<PendingOutboxRow[]>(
      `INSERT INTO outbox_events (organization_id, aggregate_type, aggregate_id, event_type, queue, payload, dispatched_at)
       SELECT organization_id, aggregate_type, aggregate_id, event_type, queue, $2::jsonb, now() FROM outbox_events WHERE id = $1
       RETURNING id, queue, job_id, event_type, payload, run_at, organization_id, aggregate_type, aggregate_id`,
      [relayed.id, JSON.stringify(queued.payload)],
    );
    const stale = outboxJob(pruned).data as unknown as OutboxJobData<DomainEventPayload>;
    await db.query(`DELETE FROM outbox_events WHERE id = $1`, [pruned.id]);
    await TenantContext.run(org.id, () => worker.get(WebhookFanOutService).fanOut(stale));
    expect(await count('webhook_events', `organization_id = $1 AND id = $2`, [org.id, `evt_${pruned.id}`])).toBe(0);
    expect(await count('webhook_events', `organization_id = $1 AND data::text ILIKE $2`, [org.id, `%${last}%`])).toBe(0);
  });

  it('a deletion waits for a fan-out that is keeping the organization’s events, then erases what that fan-out kept', async () => {
    const first = unique('Philippa');
    const last = unique('Wrenfield');
    const candidate = await call(recruiter, 'post', '/v1/candidates', { firstName: first, lastName: last });
    await quiet(org.id);
    // A fan-out in flight, as `OutboxService.currentPayloads` leaves it: the organization's erasure lock held (shared)
    // while it writes an event naming the candidate, not committed yet.
    const fanOut = (await testDb()).createQueryRunner();
    await fanOut.connect();
    await fanOut.startTransaction();
    const eventId = `evt_in_flight_${randomUUID()}`;
    try {
      await fanOut.query(`SELECT pg_advisory_xact_lock_shared(${OUTBOX_ERASURE_LOCK}, hashtext($1))`, [org.id]);
      let answered = false;
      const deletion = remove(org.admin, candidate.id).then((res) => {
        answered = true;
        return res;
      });
      await new Promise((resolve) => setTimeout(resolve, 750));
      expect(answered).toBe(false);
      await fanOut.query(
        `INSERT INTO webhook_events (id, organization_id, type, aggregate_type, aggregate_id, sequence, occurred_at, data)
         VALUES ($1, $2, 'candidate.updated', 'candidate', $3, 1000000, now(), $4)`,
        [eventId, org.id, candidate.id, JSON.stringify({ id: candidate.id, firstName: first, lastName: last })],
      );
      await fanOut.commitTransaction();
      expect((await deletion).status).toBe(204);
    } finally {
      if (fanOut.isTransactionActive) await fanOut.rollbackTransaction();
      await fanOut.release();
    }
    const [kept] = await (await testDb()).query<Array<{ data: unknown }>>(`SELECT data FROM webhook_events WHERE id = $1`, [eventId]);
    expect(kept).toBeDefined();
    for (const term of [first, last]) expect(JSON.stringify(kept.data)).not.toContain(term);
  });

  it('refuses a candidate who was hired (an accepted offer): 409 saying to anonymise instead, nothing deleted', async () => {
    const { candidate, app } = await interviewed();
    await call(org.admin, 'post', `/v1/applications/${app.id}/decision`, {
      decision: 'offer',
      rationale: 'Strong system design and clear communication across every interview.',
      acknowledgeMissingFeedback: true,
    });
    let offer = await call(recruiter, 'post', `/v1/applications/${app.id}/offers`, {
      base: { amount: 120000, currency: 'EUR', period: 'YEAR' },
      startDate: inHours(24 * 40).slice(0, 10),
      expiresAt: inHours(24 * 20),
    });
    offer = await call(recruiter, 'post', `/v1/offers/${offer.id}/submit`, { version: offer.version });
    offer = await call(org.admin, 'post', `/v1/offers/${offer.id}/approve`, { version: offer.version });
    offer = await call(recruiter, 'post', `/v1/offers/${offer.id}/send`, { version: offer.version });
    await call(recruiter, 'post', `/v1/offers/${offer.id}/accept`, { version: offer.version });
    // A duplicate merged in later: the hire is still theirs.
    const duplicate = await call(recruiter, 'post', '/v1/candidates', { firstName: 'Grace', lastName: unique('Hopper') });
    await call(recruiter, 'post', `/v1/candidates/${duplicate.id}/merge`, { otherId: candidate.id });

    const rows = await quiet(org.id);
    const res = await remove(org.admin, duplicate.id);
    expect([res.status, res.body.code]).toEqual([409, 'pipelines.candidate_has_hire']);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.detail).toMatch(/hired.*Anonymise the candidate instead/);
    expect(await quiet(org.id)).toEqual(rows);
    const kept = await call<{ name: string; applications: Array<{ status: string }> }>(recruiter, 'get', `/v1/candidates/${duplicate.id}`);
    expect(kept.name).toMatch(/^Grace /);
    expect(kept.applications.map((a) => a.status)).toEqual(['hired']);
  }, 120_000);

  it('refuses a candidate with an interview still ahead: 409 saying to cancel it first, nothing deleted; once cancelled, deleted', async () => {
    const { candidate, app } = await interviewed();
    const ahead = await call(recruiter, 'post', `/v1/applications/${app.id}/interviews`, {
      stageId: stage('technical_interview'),
      startsAt: inHours(72),
      durationMinutes: 45,
      interviewerIds: [interviewer.id],
      location: 'Room 2',
    });

    const rows = await quiet(org.id);
    const refused = await remove(org.admin, candidate.id);
    expect([refused.status, refused.body.code]).toEqual([409, 'pipelines.candidate_has_upcoming_interviews']);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.detail).toMatch(/an interview still ahead\. Cancel it first/);
    expect(refused.body.upcomingInterviews).toBe(1);
    expect(await quiet(org.id)).toEqual(rows);

    await call(recruiter, 'post', `/v1/interviews/${ahead.id}/cancel`, { version: ahead.version, reason: 'The candidate withdrew' });
    const deleted = await remove(org.admin, candidate.id);
    expect(deleted.status).toBe(204);
    expect((await t.http().get(`/v1/candidates/${candidate.id}`).set(bearer(recruiter))).status).toBe(404);
  }, 120_000);

  it('is for admins: 403 to a recruiter, a hiring manager and an interviewer; an API key needs candidates:write; nothing deleted', async () => {
    const { candidate } = await interviewed();
    const manager = await makeUser(t, org, ['hiring_manager']);
    const rows = await quiet(org.id);
    for (const user of [recruiter, manager, interviewer]) {
      const res = await remove(user, candidate.id);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const key = async (scopes: string[]) => {
      const res = await t
        .http()
        .post('/v1/api-keys')
        .set(bearer(org.admin))
        .send({ name: unique('key '), scopes });
      expect(res.status).toBe(201);
      return { token: res.body.key as string };
    };
    const reader = await key(['candidates:read']);
    const refused = await remove(reader, candidate.id);
    expect([refused.status, refused.body.code]).toEqual([403, 'identity.scope_missing']);
    // Only the key itself (and its audit entry) was written.
    expect(await quiet(org.id)).toEqual({ ...rows, api_keys: rows.api_keys + 1, audit_log: rows.audit_log + 1 });

    const writer = await key(['candidates:write']);
    expect((await remove(writer, candidate.id)).status).toBe(204);
    expect(await count('candidates', 'organization_id = $1 AND id = $2', [org.id, candidate.id])).toBe(0);
    const [entry]: Array<{ actor_id: string; actor_api_key_id: string | null }> = await (
      await testDb()
    ).query(`SELECT actor_id, actor_api_key_id FROM audit_log WHERE organization_id = $1 AND entity_id = $2 AND action = 'delete'`, [org.id, candidate.id]);
    expect(entry.actor_id).toBe(org.admin.id);
    expect(entry.actor_api_key_id).not.toBeNull();
  }, 120_000);

  it('answers 404 for an unknown id, another organization’s candidate and a candidate merged into another; nothing deleted', async () => {
    const { candidate } = await interviewed();
    const merged = await call(recruiter, 'post', '/v1/candidates', { firstName: 'Grace', lastName: unique('Hopper') });
    await call(recruiter, 'post', `/v1/candidates/${candidate.id}/merge`, { otherId: merged.id });
    const rows = await quiet(org.id);
    const otherRows = await quiet(other.id);
    for (const [user, id] of [
      [other.admin, candidate.id],
      [org.admin, randomUUID()],
      [org.admin, merged.id],
      [org.admin, 'not-an-id'],
    ] as const) {
      const res = await remove(user, id);
      expect([id, res.status]).toEqual([id, 404]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await quiet(org.id)).toEqual(rows);
    expect(await quiet(other.id)).toEqual(otherRows);
    expect((await t.http().get(`/v1/candidates/${candidate.id}`).set(bearer(recruiter))).status).toBe(200);
  }, 120_000);
});
