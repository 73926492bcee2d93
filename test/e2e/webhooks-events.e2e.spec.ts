import type { INestApplicationContext } from '@nestjs/common';
import { OfferExpiry } from '../../libs/offers/src/offer-expiry.service.js';
import { ALL_DOMAIN_EVENT_TYPES, TenantContext } from '../../libs/platform/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';
import { startTestWorker, waitFor } from '../support/postings-fixtures.js';
import { TEMPLATE_SECTIONS } from '../support/tenant-fixtures.js';
import { Receiver, startReceiver, startWebhooksWorker } from '../support/webhooks-fixtures.js';

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

describe('every event type is announced by its real action', () => {
  let t: TestApp;
  let webhooksWorker: INestApplicationContext;
  let postingsWorker: INestApplicationContext;
  let org: TestOrg;
  let recruiter: TestUser;
  let interviewer: TestUser;
  let receiver: Receiver;
  let board: Receiver;
  let secret: string;

  beforeAll(async () => {
    t = await startTestApp({ EGRESS_ALLOWLIST: '127.0.0.1' });
    [webhooksWorker, postingsWorker] = await Promise.all([startWebhooksWorker(), startTestWorker()]);
    org = await makeOrg(t);
    [recruiter, interviewer] = await Promise.all([makeUser(t, org, ['recruiter']), makeUser(t, org, ['interviewer'])]);
    receiver = await startReceiver();
    board = await startReceiver(() => ({ status: 400, body: 'unknown category' }));
    const hook = await t
      .http()
      .post('/v1/webhooks')
      .set(bearer(org.admin))
      .send({ url: receiver.url, events: ['*'] });
    expect(hook.status).toBe(201);
    secret = hook.body.secret;
  });
  afterAll(async () => {
    await Promise.all([receiver.close(), board.close(), webhooksWorker.close(), postingsWorker.close()]);
    await t.close();
    await closeTestDb();
  });

  const call = async <T = { id: string; version: number }>(
    user: TestUser,
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    path: string,
    body?: object,
  ) => {
    let req = t.http()[method](path).set(bearer(user));
    if (body !== undefined) req = req.send(body);
    const res = await req;
    if (res.status < 200 || res.status > 204) throw new Error(`${method.toUpperCase()} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  };
  const admin = () => org.admin;

  it('from jobs, candidates, applications, interviews, scorecards, decisions, offers and postings; every delivery signed', async () => {
    // Jobs.
    const department = await call(recruiter, 'post', '/v1/departments', { name: unique('Engineering ') });
    const office = await call(recruiter, 'post', '/v1/offices', { name: unique('Berlin '), city: 'Berlin', region: 'Berlin', country: 'DE' });
    const template = await call(recruiter, 'post', '/v1/templates', { family: 'payments-backend', title: 'Backend', sections: TEMPLATE_SECTIONS });
    const jobBody = {
      templateId: template.id,
      title: 'Backend Engineer',
      departmentId: department.id,
      officeIds: [office.id],
      workModel: 'hybrid',
      employmentType: 'FULL_TIME',
      seniority: 'senior',
      salary: { min: 100000, max: 140000, currency: 'EUR', period: 'YEAR' },
      openings: 1,
      hiringTeam: { recruiterIds: [recruiter.id], hiringManagerIds: [], interviewerIds: [interviewer.id] },
      interviewPlan: [
        { name: 'Application review', kind: 'application_review' },
        { name: 'Technical interview', kind: 'technical_interview' },
        { name: 'Offer', kind: 'offer' },
        { name: 'Hired', kind: 'hired' },
      ],
    };
    let job = await call<{ id: string; version: number; interviewPlan: Array<{ id: string; kind: string }> }>(recruiter, 'post', '/v1/jobs', jobBody);
    job = await call(recruiter, 'patch', `/v1/jobs/${job.id}`, { version: job.version, openings: 3 });
    job = await call(recruiter, 'post', `/v1/jobs/${job.id}/open`, { version: job.version });
    job = await call(recruiter, 'post', `/v1/jobs/${job.id}/hold`, { version: job.version });
    job = await call(recruiter, 'post', `/v1/jobs/${job.id}/open`, { version: job.version });
    const stage = (kind: string) => job.interviewPlan.find((s) => s.kind === kind)!.id;
    const closing = await call(recruiter, 'post', '/v1/jobs', { ...jobBody, title: 'Platform Engineer' });
    await call(recruiter, 'post', `/v1/jobs/${closing.id}/close`, { version: closing.version, reason: 'Budget moved' });

    // Postings: live on the careers page, then closed; a partner board that rejects it: failed.
    const partner = await call(admin(), 'post', '/v1/partner-boards', { name: unique('Board '), url: board.url, secret: 'board-secret-0123456789abcdef' });
    const postings = await call<{ data: Array<{ id: string; board: string }> }>(recruiter, 'post', `/v1/jobs/${job.id}/postings`, {
      boards: ['careers', partner.id],
    });
    const careers = postings.data.find((p) => p.board === 'careers')!.id;
    await waitFor(
      async () => (await call<{ status: string }>(recruiter, 'get', `/v1/postings/${careers}`)).status,
      (s) => s === 'live',
      60000,
      'careers posting live',
    );
    await call(recruiter, 'delete', `/v1/postings/${careers}`);

    // Candidates.
    const candidate = await call(recruiter, 'post', '/v1/candidates', { firstName: 'Ada', lastName: 'Lovelace', emails: [`${unique('ada')}@example.test`] });
    await call(recruiter, 'patch', `/v1/candidates/${candidate.id}`, { version: candidate.version, location: 'London' });
    const duplicate = await call(recruiter, 'post', '/v1/candidates', { firstName: 'Ada', lastName: 'Lovelace', emails: [`${unique('ada2')}@example.test`] });
    await call(recruiter, 'post', `/v1/candidates/${candidate.id}/merge`, { otherId: duplicate.id });
    const forgotten = await call(recruiter, 'post', '/v1/candidates', { firstName: 'Mary', lastName: 'Shelley' });
    await call(admin(), 'post', `/v1/candidates/${forgotten.id}/anonymize`);

    // Applications.
    let app = await call(recruiter, 'post', '/v1/applications', { candidateId: candidate.id, jobId: job.id });
    // A spam profile with an application, deleted: one `candidate.deleted` stands for both.
    const spam = await call(recruiter, 'post', '/v1/candidates', { firstName: unique('Spam'), lastName: unique('Profile') });
    const spamApp = await call(recruiter, 'post', '/v1/applications', { candidateId: spam.id, jobId: job.id });
    await call(admin(), 'delete', `/v1/candidates/${spam.id}`);
    const reason = await call(admin(), 'post', '/v1/rejection-reasons', { label: unique('Not a fit ') });
    app = await call(recruiter, 'post', `/v1/applications/${app.id}/reject`, { reasonId: reason.id, expectedVersion: app.version });
    app = await call(recruiter, 'post', `/v1/applications/${app.id}/reopen`, { expectedVersion: app.version });
    app = await call(recruiter, 'post', `/v1/applications/${app.id}/withdraw`, { expectedVersion: app.version });
    app = await call(recruiter, 'post', `/v1/applications/${app.id}/reopen`, { expectedVersion: app.version });
    app = await call(recruiter, 'post', `/v1/applications/${app.id}/move`, { toStageId: stage('technical_interview'), expectedVersion: app.version });

    // Interviews and scorecards.
    const builtIn = await call<{ data: Array<{ id: string }> }>(recruiter, 'get', '/v1/interview-kits?builtIn=true&limit=1');
    const kit = await call<{ id: string; revision: { content: { competencies: Array<{ key: string }> } } }>(
      recruiter,
      'post',
      `/v1/interview-kits/${builtIn.data[0].id}/fork`,
      { key: unique('kit-'), title: 'Backend kit' },
    );
    const ratings = [{ competency: kit.revision.content.competencies[0].key, rating: 3 }];
    const interview = await call(recruiter, 'post', `/v1/applications/${app.id}/interviews`, {
      stageId: stage('technical_interview'),
      kitId: kit.id,
      startsAt: inHours(-2),
      durationMinutes: 60,
      interviewerIds: [interviewer.id],
      location: 'Room 1',
      allowOverlap: true,
    });
    const moved = await call(recruiter, 'patch', `/v1/interviews/${interview.id}`, { version: interview.version, location: 'Room 2' });
    void moved;
    await call(interviewer, 'post', `/v1/interviews/${interview.id}/scorecard/submit`, { ratings, keyTakeaways: 'Strong on design', overall: 'yes' });
    await call(interviewer, 'post', `/v1/interviews/${interview.id}/scorecard/corrections`, { reason: 'Typo', keyTakeaways: 'Strong on system design' });
    const spare = await call(recruiter, 'post', `/v1/applications/${app.id}/interviews`, {
      stageId: stage('technical_interview'),
      startsAt: inHours(48),
      durationMinutes: 30,
      interviewerIds: [interviewer.id],
      location: 'Room 3',
    });
    await call(recruiter, 'post', `/v1/interviews/${spare.id}/cancel`, { version: spare.version, reason: 'Not needed' });

    // Decisions and offers: one chain step (the admin), four offers for four outcomes.
    await call(admin(), 'put', '/v1/offer-settings', { approvalChain: [{ role: 'admin' }] });
    const offerFor = async (applicationId: string) => {
      await call(admin(), 'post', `/v1/applications/${applicationId}/decision`, {
        decision: 'offer',
        rationale: 'Strong system design and clear communication across every interview.',
        acknowledgeMissingFeedback: true,
      });
      return call(recruiter, 'post', `/v1/applications/${applicationId}/offers`, {
        base: { amount: 120000, currency: 'EUR', period: 'YEAR' },
        startDate: inHours(24 * 40).slice(0, 10),
        expiresAt: inHours(24 * 20),
      });
    };
    const approved = async (applicationId: string) => {
      let offer = await offerFor(applicationId);
      offer = await call(recruiter, 'post', `/v1/offers/${offer.id}/submit`, { version: offer.version });
      return call(admin(), 'post', `/v1/offers/${offer.id}/approve`, { version: offer.version });
    };
    let accepted = await approved(app.id);
    accepted = await call(recruiter, 'post', `/v1/offers/${accepted.id}/send`, { version: accepted.version });
    await call(recruiter, 'post', `/v1/offers/${accepted.id}/accept`, { version: accepted.version });

    const applicant = async () =>
      (await call(recruiter, 'post', '/v1/applications', { jobId: job.id, candidate: { firstName: 'Grace', lastName: unique('Hopper') } })).id;
    let declined = await approved(await applicant());
    declined = await call(recruiter, 'post', `/v1/offers/${declined.id}/send`, { version: declined.version });
    await call(recruiter, 'post', `/v1/offers/${declined.id}/decline`, { version: declined.version, reason: 'Took another offer' });

    let rejected = await offerFor(await applicant());
    rejected = await call(recruiter, 'post', `/v1/offers/${rejected.id}/submit`, { version: rejected.version });
    rejected = await call(admin(), 'post', `/v1/offers/${rejected.id}/reject`, { version: rejected.version, comment: 'Over budget' });
    await call(recruiter, 'post', `/v1/offers/${rejected.id}/withdraw`, { version: rejected.version, reason: 'Budget frozen' });

    const expiring = await offerFor(await applicant());
    await (await testDb()).query(`UPDATE offers SET expires_at = now() - interval '1 minute' WHERE id = $1`, [expiring.id]);
    expect(await TenantContext.run(org.id, () => t.app.get(OfferExpiry).expireIfDue(expiring.id))).toBe('expired');

    const expected = ALL_DOMAIN_EVENT_TYPES;
    const received = await waitFor(
      () => Promise.resolve(new Set(receiver.events().map((e) => e.body.type))),
      (types) => expected.every((type) => types.has(type)),
      120000,
      'every event type',
    );
    expect(expected.filter((type) => !received.has(type))).toEqual([]);
    expect(receiver.verify(secret)).toBe(receiver.received.length);

    // `data` is the resource as its GET returns it.
    const byType = (type: string) => receiver.events().filter((e) => e.body.type === type);
    const [opened] = byType('job.opened');
    expect(opened.body.data).toMatchObject({ id: job.id, status: 'open', title: 'Backend Engineer' });
    expect(byType('candidate.merged')[0].body.data).toMatchObject({ id: candidate.id, mergedCandidateId: duplicate.id });
    expect(byType('candidate.anonymized')[0].body.data).toMatchObject({ id: forgotten.id, name: 'Anonymised candidate', emails: [] });
    expect(byType('candidate.deleted').map((e) => e.body.data)).toEqual([
      { id: spam.id, deletedAt: expect.any(String), applicationIds: [spamApp.id], mergedCandidateIds: [] },
    ]);
    expect(byType('application.hired')[0].body.data).toMatchObject({ id: app.id, status: 'hired' });
    expect(byType('offer.accepted')[0].body.data).toMatchObject({ id: accepted.id, status: 'accepted' });
    expect(byType('interview.cancelled')[0].body.data).toMatchObject({ id: spare.id, status: 'cancelled' });
    expect(byType('scorecard.amended')[0].body.data).toMatchObject({ keyTakeaways: 'Strong on system design' });
    // Per aggregate, sequences count up from 1 in arrival order.
    const jobSequences = receiver
      .events()
      .filter((e) => e.body.type.startsWith('job.') && e.body.data.id === job.id)
      .map((e) => e.body.sequence);
    expect(jobSequences).toEqual(jobSequences.map((_, i) => i + 1));
  }, 300000);
});
