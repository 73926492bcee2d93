import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { SEARCH_RANK_CAP } from '../../libs/pipelines/src/candidate-search.service.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';
import { makeApplication, makeCandidate, makePipelineJob, PipelineJob, pipelineWrites } from '../support/pipelines-fixtures.js';

const PROBLEM = /application\/problem\+json/;

describe('pipelines: candidates, search, duplicates, merge, notes, activity', () => {
  let t: TestApp;
  let org: TestOrg;
  let recruiter: TestUser;
  let job: PipelineJob;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
    job = await makePipelineJob(org.id);
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  describe('POST/GET/PATCH /v1/candidates', () => {
    it('creates a candidate with normalised emails, phones and tags, audited', async () => {
      const email = `${unique('Ada')}@Example.TEST`;
      const res = await t
        .http()
        .post('/v1/candidates')
        .set(bearer(recruiter))
        .send({
          firstName: 'Ada',
          lastName: 'Lovelace',
          emails: [` ${email} `],
          phones: ['+44 (20) 7946-0000'],
          tags: ['GoLang'],
          source: 'referral',
          consentGiven: true,
          retentionUntil: '2027-12-31',
        });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'Ada Lovelace',
        emails: [email.toLowerCase()],
        phones: ['+442079460000'],
        tags: ['golang'],
        consentGiven: true,
        retentionUntil: '2027-12-31',
        version: 1,
      });
      expect(res.body.consentAt).toEqual(expect.any(String));
      expect(await count('audit_log', `entity_type = 'candidate' AND entity_id = $1`, [res.body.id])).toBe(1);
      const got = await t.http().get(`/v1/candidates/${res.body.id}`).set(bearer(recruiter));
      expect(got.status).toBe(200);
      expect(got.body.applications).toEqual([]);
    });

    it('answers an email already used in the organization with 409 naming the existing candidate; nothing written', async () => {
      const existing = await makeCandidate(t, recruiter);
      const before = await pipelineWrites(org.id);
      const res = await t
        .http()
        .post('/v1/candidates')
        .set(bearer(recruiter))
        .send({ firstName: 'X', lastName: 'Y', emails: ['x-other@example.test', existing.emails[0].toUpperCase()] });
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ code: 'pipelines.email_taken', existingCandidateId: existing.id });
      expect(res.body.errors[0].field).toBe('emails.1');
      expect(await pipelineWrites(org.id)).toEqual(before);
    });

    it('lets another organization use the same email', async () => {
      const existing = await makeCandidate(t, recruiter);
      const other = await makeOrg(t);
      const res = await t.http().post('/v1/candidates').set(bearer(other.admin)).send({ firstName: 'X', lastName: 'Y', emails: existing.emails });
      expect(res.status).toBe(201);
    });

    it.each([
      ['a missing firstName', { lastName: 'Y' }, 'firstName'],
      ['a bad email', { firstName: 'X', lastName: 'Y', emails: ['nope'] }, 'emails'],
      ['a bad phone', { firstName: 'X', lastName: 'Y', phones: ['call me'] }, 'phones'],
      ['a non-http link', { firstName: 'X', lastName: 'Y', links: ['ftp://x.test'] }, 'links'],
      ['too many tags', { firstName: 'X', lastName: 'Y', tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, 'tags'],
      ['a bad retention date', { firstName: 'X', lastName: 'Y', retentionUntil: 'soon' }, 'retentionUntil'],
      [
        'a bad resume file',
        { firstName: 'X', lastName: 'Y', resumeFile: { fileName: 'cv.pdf', contentType: 'pdf', sizeBytes: -1, storageKey: 'k' } },
        'resumeFile.contentType',
      ],
      ['an unknown field', { firstName: 'X', lastName: 'Y', salary: 1 }, 'salary'],
    ])('rejects %s with 400 naming the field and writes nothing', async (_label, body, field) => {
      const before = await pipelineWrites(org.id);
      const res = await t.http().post('/v1/candidates').set(bearer(recruiter)).send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await pipelineWrites(org.id)).toEqual(before);
    });

    it('patches with the current version, 409 on a stale one, 409 on a taken email, 400 without version', async () => {
      const c = await makeCandidate(t, recruiter);
      const other = await makeCandidate(t, recruiter);
      const newEmail = `${unique('moved')}@example.test`;
      const ok = await t
        .http()
        .patch(`/v1/candidates/${c.id}`)
        .set(bearer(recruiter))
        .send({ version: 1, location: 'Lisbon', emails: [newEmail] });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ version: 2, location: 'Lisbon', emails: [newEmail] });
      expect(await count('candidate_emails', 'candidate_id = $1', [c.id])).toBe(1);
      const before = await pipelineWrites(org.id);
      const stale = await t.http().patch(`/v1/candidates/${c.id}`).set(bearer(recruiter)).send({ version: 1, location: 'Porto' });
      expect(stale.status).toBe(409);
      expect(stale.body.errors[0].field).toBe('version');
      const taken = await t.http().patch(`/v1/candidates/${c.id}`).set(bearer(recruiter)).send({ version: 2, emails: other.emails });
      expect(taken.status).toBe(409);
      expect(taken.body.existingCandidateId).toBe(other.id);
      const noVersion = await t.http().patch(`/v1/candidates/${c.id}`).set(bearer(recruiter)).send({ location: 'Porto' });
      expect(noVersion.status).toBe(400);
      expect(noVersion.body.errors[0].field).toBe('version');
      expect(await pipelineWrites(org.id)).toEqual(before);
    });

    it('answers a candidate of another organization with 404', async () => {
      const other = await makeOrg(t);
      const foreign = await makeCandidate(t, other.admin);
      expect((await t.http().get(`/v1/candidates/${foreign.id}`).set(bearer(recruiter))).status).toBe(404);
      expect((await t.http().patch(`/v1/candidates/${foreign.id}`).set(bearer(recruiter)).send({ version: 1, location: 'x' })).status).toBe(404);
    });
  });

  describe('GET /v1/candidates (search)', () => {
    let searchOrg: TestOrg;
    beforeAll(async () => {
      searchOrg = await makeOrg(t);
      const a = searchOrg.admin;
      await makeCandidate(t, a, {
        firstName: 'Katherine',
        lastName: 'Johnson',
        emails: ['kj@nasa.example'],
        tags: ['python'],
        resumeText: 'Orbital mechanics and distributed systems',
      });
      await makeCandidate(t, a, {
        firstName: 'Grace',
        lastName: 'Hopper',
        emails: ['grace@navy.example'],
        tags: ['cobol'],
        source: 'referral',
        resumeText: 'Compilers',
      });
      await makeCandidate(t, a, {
        firstName: 'Linus',
        lastName: 'Torvalds',
        emails: ['linus@kernel.example'],
        tags: ['c', 'python'],
        resumeText: 'Operating systems kernels',
      });
    });
    const search = (q: string) => t.http().get(`/v1/candidates?${q}`).set(bearer(searchOrg.admin));

    it('finds by name, prefix, typo, email part, tag word and resume stem', async () => {
      expect((await search('q=hopper')).body.data.map((c: { name: string }) => c.name)).toEqual(['Grace Hopper']);
      expect((await search('q=Torv')).body.data[0].name).toBe('Linus Torvalds');
      expect((await search('q=Catherine')).body.data[0].name).toBe('Katherine Johnson');
      expect((await search('q=navy')).body.data[0].name).toBe('Grace Hopper');
      expect((await search('q=distributed')).body.data[0].name).toBe('Katherine Johnson');
      expect((await search('q=kernel')).body.data[0].name).toBe('Linus Torvalds');
      expect((await search('q=zzzzqqq')).body.data).toEqual([]);
    });

    it('filters by tag and source and pages with a cursor', async () => {
      expect((await search('tag=python')).body.data).toHaveLength(2);
      expect((await search('source=referral')).body.data.map((c: { name: string }) => c.name)).toEqual(['Grace Hopper']);
      const first = await search('limit=2');
      expect(first.body.data).toHaveLength(2);
      const second = await search(`limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body.data).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
      const ranked = await search('q=python&limit=1');
      const next = await search(`q=python&limit=1&cursor=${ranked.body.nextCursor}`);
      expect(next.body.data).toHaveLength(1);
      expect(next.body.data[0].id).not.toBe(ranked.body.data[0].id);
    });

    it('ranks only the newest matches of a very common term, and pages through them exactly once', async () => {
      const capOrg = await makeOrg(t);
      // Seeded in SQL (an API call per row would take minutes): SEARCH_RANK_CAP + 50 matches of "polyglot".
      // The oldest one is the strongest match by name; the newest strong match sits inside the cap.
      const total = SEARCH_RANK_CAP + 50;
      const db = await testDb();
      await db.query(
        `INSERT INTO candidates (organization_id, first_name, last_name, emails, tags, resume_text, created_at)
         SELECT $1, CASE WHEN i IN (1, $2::int) THEN 'Polyglot' ELSE 'Person' || i END, 'Dev', ARRAY['p' || i || '@cap.example'],
                CASE WHEN i = 1 THEN ARRAY['veteran'] ELSE '{}'::text[] END,
                'Writes polyglot services', now() - (($2::int - i) || ' seconds')::interval
           FROM generate_series(1, $2::int) AS i`,
        [capOrg.id, total],
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      let first: { name: string }[] = [];
      do {
        const res: { status: number; body: { data: Array<{ id: string; name: string }>; nextCursor: string | null } } = await t
          .http()
          .get(`/v1/candidates?q=polyglot&limit=100${cursor ? `&cursor=${cursor}` : ''}`)
          .set(bearer(capOrg.admin));
        expect(res.status).toBe(200);
        if (seen.length === 0) first = res.body.data;
        seen.push(...res.body.data.map((c: { id: string }) => c.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(SEARCH_RANK_CAP);
      expect(new Set(seen).size).toBe(SEARCH_RANK_CAP);
      // The newest strong (name) match ranks first; the oldest one is outside the ranked set.
      expect(first[0].name).toBe('Polyglot Dev');
      const names = await db.query(`SELECT id FROM candidates WHERE organization_id = $1 AND first_name = 'Polyglot' ORDER BY created_at`, [capOrg.id]);
      expect(seen).toContain(names[1].id);
      expect(seen).not.toContain(names[0].id);
      // A narrower query still reaches the old match.
      const narrow = await t.http().get('/v1/candidates?q=polyglot&tag=veteran').set(bearer(capOrg.admin));
      expect(narrow.body.data.map((c: { id: string }) => c.id)).toContain(names[0].id);
    });

    it('rejects a bad cursor and a too-large limit with 400', async () => {
      const bad = await search('cursor=nonsense');
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('cursor');
      const big = await search('limit=1000');
      expect(big.status).toBe(400);
      expect(big.body.errors[0].field).toBe('limit');
    });
  });

  describe('duplicates and merge', () => {
    it('lists duplicates by phone and by similar name with a shared link', async () => {
      const a = await makeCandidate(t, recruiter, { firstName: 'Margaret', lastName: 'Hamilton', phones: ['+1 555 0100'], links: ['https://github.com/mh'] });
      const byPhone = await makeCandidate(t, recruiter, { firstName: 'M', lastName: 'H', phones: ['+15550100'] });
      const byNameLink = await makeCandidate(t, recruiter, { firstName: 'Margaret', lastName: 'Hamilton', links: ['https://github.com/mh/'] });
      await makeCandidate(t, recruiter, { firstName: 'Margaret', lastName: 'Hamilton' });
      const res = await t.http().get(`/v1/candidates/${a.id}/duplicates`).set(bearer(recruiter));
      expect(res.status).toBe(200);
      const found = Object.fromEntries(res.body.data.map((d: { candidate: { id: string }; reasons: string[] }) => [d.candidate.id, d.reasons]));
      expect(Object.keys(found).sort()).toEqual([byPhone.id, byNameLink.id].sort());
      expect(found[byPhone.id]).toContain('phone');
      expect(found[byNameLink.id]).toContain('name_and_link');
    });

    it('merges in one transaction: applications (same job folded into one), notes, emails, history; audited', async () => {
      const survivor = await makeCandidate(t, recruiter);
      const other = await makeCandidate(t, recruiter, { tags: ['kotlin'] });
      const otherJob = await makePipelineJob(org.id);
      const sApp = await makeApplication(t, recruiter, job.id, survivor.id);
      const oApp = await makeApplication(t, recruiter, job.id, other.id);
      const oApp2 = await makeApplication(t, recruiter, otherJob.id, other.id);
      await t.http().post(`/v1/applications/${oApp.id}/move`).set(bearer(recruiter)).send({ toStageId: job.stages[1].id, expectedVersion: 1 });
      await t.http().post(`/v1/candidates/${other.id}/notes`).set(bearer(recruiter)).send({ body: 'Met at a meetup' });
      const res = await t.http().post(`/v1/candidates/${survivor.id}/merge`).set(bearer(recruiter)).send({ otherId: other.id });
      expect(res.status).toBe(200);
      expect(res.body.emails.sort()).toEqual([...survivor.emails, ...other.emails].sort());
      expect(res.body.tags).toContain('kotlin');
      expect(res.body.applications.map((a: { id: string }) => a.id).sort()).toEqual([sApp.id, oApp2.id].sort());
      expect(await count('application_moves', `application_id = $1 AND kind = 'moved'`, [sApp.id])).toBe(1);
      expect(await count('applications', 'id = $1 AND merged_into_id = $2', [oApp.id, sApp.id])).toBe(1);
      expect(await count('notes', 'candidate_id = $1', [survivor.id])).toBe(1);
      expect(await count('candidate_emails', 'candidate_id = $1', [survivor.id])).toBe(2);
      expect(
        await count('audit_log', `entity_type = 'candidate' AND action IN ('merge', 'merged_into') AND entity_id = ANY($1)`, [[survivor.id, other.id]]),
      ).toBe(2);
      expect((await t.http().get(`/v1/candidates/${other.id}`).set(bearer(recruiter))).status).toBe(404);
    });

    it('refuses merging with itself (422), an unknown other (404) and a bad body (400), writing nothing', async () => {
      const c = await makeCandidate(t, recruiter);
      const before = await pipelineWrites(org.id);
      const self = await t.http().post(`/v1/candidates/${c.id}/merge`).set(bearer(recruiter)).send({ otherId: c.id });
      expect(self.status).toBe(422);
      expect(self.body.errors[0].field).toBe('otherId');
      const unknown = await t.http().post(`/v1/candidates/${c.id}/merge`).set(bearer(recruiter)).send({ otherId: '00000000-0000-4000-8000-000000000000' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.errors[0].field).toBe('otherId');
      const bad = await t.http().post(`/v1/candidates/${c.id}/merge`).set(bearer(recruiter)).send({ otherId: 'x' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('otherId');
      expect(await pipelineWrites(org.id)).toEqual(before);
    });
  });

  describe('notes and activity', () => {
    it('records notes and moves on the timeline, newest first, with keyset pages', async () => {
      const app = await makeApplication(t, recruiter, job.id);
      await t.http().post(`/v1/applications/${app.id}/move`).set(bearer(recruiter)).send({ toStageId: job.stages[1].id, expectedVersion: 1 });
      const note = await t.http().post(`/v1/applications/${app.id}/notes`).set(bearer(recruiter)).send({ body: 'Great system design answer', private: true });
      expect(note.status).toBe(201);
      expect(note.body).toMatchObject({ applicationId: app.id, private: true, authorId: recruiter.id });
      const activity = await t.http().get(`/v1/candidates/${app.candidateId}/activity`).set(bearer(recruiter));
      expect(activity.status).toBe(200);
      expect(activity.body.data.map((e: { kind: string }) => e.kind)).toEqual(['note.added', 'application.moved', 'application.created', 'candidate.created']);
      const page = await t.http().get(`/v1/candidates/${app.candidateId}/activity?limit=3`).set(bearer(recruiter));
      const rest = await t.http().get(`/v1/candidates/${app.candidateId}/activity?limit=3&cursor=${page.body.nextCursor}`).set(bearer(recruiter));
      expect(rest.body.data.map((e: { kind: string }) => e.kind)).toEqual(['candidate.created']);
      const notes = await t.http().get(`/v1/candidates/${app.candidateId}/notes`).set(bearer(recruiter));
      expect(notes.body.data).toHaveLength(1);
    });

    it("rejects an empty note, a note on another candidate's application, and unknown fields; nothing written", async () => {
      const c = await makeCandidate(t, recruiter);
      const app = await makeApplication(t, recruiter, job.id);
      const before = await pipelineWrites(org.id);
      const empty = await t.http().post(`/v1/candidates/${c.id}/notes`).set(bearer(recruiter)).send({ body: '   ' });
      expect(empty.status).toBe(400);
      expect(empty.body.errors[0].field).toBe('body');
      const wrongApp = await t.http().post(`/v1/candidates/${c.id}/notes`).set(bearer(recruiter)).send({ body: 'x', applicationId: app.id });
      expect(wrongApp.status).toBe(404);
      expect(wrongApp.body.errors[0].field).toBe('applicationId');
      const unknown = await t.http().post(`/v1/candidates/${c.id}/notes`).set(bearer(recruiter)).send({ body: 'x', pinned: true });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors[0].field).toBe('pinned');
      expect(await pipelineWrites(org.id)).toEqual(before);
    });
  });
});
