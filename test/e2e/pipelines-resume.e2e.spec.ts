import type { INestApplicationContext } from '@nestjs/common';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';
import { startFilesWorker, textRead } from '../support/files-fixtures.js';
import { makeApplication, makeCandidate, makePipelineJob, seatOnPanel } from '../support/pipelines-fixtures.js';
import { binary, makeDocx, makePdf, PNG, rareWord } from '../support/resume-fixtures.js';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('candidate resume files', () => {
  let t: TestApp;
  let org: TestOrg;
  let recruiter: TestUser;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startFilesWorker();
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
    await closeTestDb();
  });

  const upload = (user: TestUser, candidateId: string, data: Buffer, filename: string) =>
    t.http().post(`/v1/candidates/${candidateId}/resume`).set(bearer(user)).attach('resume', data, filename);
  const download = (user: TestUser, candidateId: string) => t.http().get(`/v1/candidates/${candidateId}/resume`).set(bearer(user)).buffer(true).parse(binary);
  const search = async (user: TestUser, q: string) =>
    (await t.http().get('/v1/candidates').query({ q }).set(bearer(user))).body.data.map((c: { id: string }) => c.id) as string[];

  /** What resume uploads write, in this test's organization only. */
  async function writes(candidateId: string) {
    const db = await testDb();
    const [row] = await db.query(
      `SELECT (SELECT count(*) FROM candidate_files WHERE organization_id = $1)::int AS files,
              (SELECT count(*) FROM candidate_file_contents fc JOIN candidate_files f ON f.id = fc.file_id WHERE f.organization_id = $1)::int AS contents,
              (SELECT count(*) FROM audit_log WHERE organization_id = $1)::int AS audit,
              (SELECT count(*) FROM activity_events WHERE organization_id = $1)::int AS activity,
              (SELECT count(*) FROM outbox_events WHERE organization_id = $1)::int AS outbox,
              (SELECT version FROM candidates WHERE id = $2) AS version,
              (SELECT resume_file FROM candidates WHERE id = $2) AS resume_file`,
      [org.id, candidateId],
    );
    return row;
  }

  it.each([
    ['TXT', (word: string) => Buffer.from(`Jane Doe\nSenior engineer. Knows ${word} and Postgres.\n`), 'cv.txt', 'text/plain; charset=utf-8'],
    ['DOCX', (word: string) => makeDocx(['Jane Doe', `Built ${word} pipelines at scale & more`]), 'Jane Doe – CV.docx', DOCX_TYPE],
    ['PDF', (word: string) => makePdf(`Jane Doe ${word} Kubernetes`), 'cv.pdf', 'application/pdf'],
  ])(
    'stores a %s resume: the same bytes come back as an attachment, and once the worker has read it search finds a word only in the resume',
    async (_kind, build, filename, contentType) => {
      const word = rareWord();
      const data = build(word);
      const candidate = await makeCandidate(t, recruiter);
      expect(await search(recruiter, word)).toEqual([]);

      const res = await upload(recruiter, candidate.id, data, filename);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        candidateId: candidate.id,
        kind: 'resume',
        fileName: filename,
        contentType,
        sizeBytes: data.length,
        textExtracted: false,
        textStatus: 'pending',
        textFailure: null,
        createdBy: recruiter.id,
        candidateVersion: candidate.version + 1,
      });
      // The text is read by the worker, after the request answered.
      expect((await textRead(res.body.id)).text_status).toBe('extracted');

      const got = await download(recruiter, candidate.id);
      expect(got.status).toBe(200);
      expect(got.headers['content-type']).toBe(contentType);
      expect(got.headers['content-disposition']).toMatch(/^attachment; filename="/);
      expect(got.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(filename)}`);
      expect(got.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.compare(got.body as Buffer, data)).toBe(0);

      expect(await search(recruiter, word)).toEqual([candidate.id]);
      const view = await t.http().get(`/v1/candidates/${candidate.id}`).set(bearer(recruiter));
      expect(view.body.resumeText).toContain(word);
      expect(view.body.resumeFile).toMatchObject({ fileName: filename, contentType, sizeBytes: data.length, textStatus: 'extracted', textFailure: null });
      expect(view.body.version).toBe(candidate.version + 1); // reading the text is not an edit
      const activity = await t.http().get(`/v1/candidates/${candidate.id}/activity`).set(bearer(recruiter));
      expect(activity.body.data[0]).toMatchObject({
        kind: 'candidate.resume_added',
        actorId: recruiter.id,
        subjectType: 'candidate_file',
        subjectId: res.body.id,
      });
    },
  );

  it('serves the newest resume after a second upload, and 404 for a candidate without one', async () => {
    const candidate = await makeCandidate(t, recruiter);
    expect((await download(recruiter, candidate.id)).status).toBe(404);
    const first = await upload(recruiter, candidate.id, Buffer.from('first version'), 'one.txt');
    const second = makePdf('second version');
    const again = await upload(recruiter, candidate.id, second, 'two.pdf');
    expect(again.status).toBe(201);
    await textRead(first.body.id);
    await textRead(again.body.id);
    const got = await download(recruiter, candidate.id);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(got.body as Buffer, second)).toBe(0);
  });

  it.each([
    ['PNG bytes named .pdf', PNG, 'photo.pdf', 415],
    ['a zip that is not a DOCX', makeDocx(['x']).subarray(0, 30), 'cv.docx', 415],
    ['HTML-looking binary with NULs named .txt', Buffer.from('<html>\u0000</html>'), 'cv.txt', 415],
    ['a file over 5 MB', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024, 0x20)]), 'big.pdf', 413],
  ])('refuses %s with %i and writes nothing', async (_label, data, filename, status) => {
    const candidate = await makeCandidate(t, recruiter);
    const before = await writes(candidate.id);
    const res = await upload(recruiter, candidate.id, data, filename);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors[0].field).toBe('resume');
    expect(await writes(candidate.id)).toEqual(before);
  });

  it('answers 400 without a resume file part', async () => {
    const candidate = await makeCandidate(t, recruiter);
    const res = await t.http().post(`/v1/candidates/${candidate.id}/resume`).set(bearer(recruiter)).attach('cv', Buffer.from('text'), 'cv.txt');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('cv');
  });

  it('hides another organization’s candidates (404) and writes nothing there', async () => {
    const other = await makeOrg(t);
    const stranger = await makeUser(t, other, ['recruiter']);
    const candidate = await makeCandidate(t, recruiter);
    await textRead((await upload(recruiter, candidate.id, Buffer.from('private resume'), 'cv.txt')).body.id);
    const before = await writes(candidate.id);
    expect((await download(stranger, candidate.id)).status).toBe(404);
    const res = await upload(stranger, candidate.id, Buffer.from('intruder'), 'cv.txt');
    expect(res.status).toBe(404);
    expect(await writes(candidate.id)).toEqual(before);
    const db = await testDb();
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM candidate_files WHERE organization_id = $1', [other.id]);
    expect(n).toBe(0);
  });

  it('follows the pipeline rules: hiring managers on the job read and upload; interviewers only read the candidates they interview', async () => {
    const manager = await makeUser(t, org, ['hiring_manager']);
    const panelist = await makeUser(t, org, ['interviewer']);
    const outsider = await makeUser(t, org, ['interviewer']);
    const job = await makePipelineJob(org.id, { team: [{ userId: manager.id, role: 'hiring_manager' }] });
    const app = await makeApplication(t, recruiter, job.id);
    const elsewhere = await makeApplication(t, recruiter, (await makePipelineJob(org.id)).id);
    await seatOnPanel(org.id, job.id, app, panelist.id);

    const data = Buffer.from('Resume for the panel');
    const uploaded = await upload(manager, app.candidateId, data, 'cv.txt');
    expect(uploaded.status).toBe(201);
    await textRead(uploaded.body.id);
    expect((await upload(manager, elsewhere.candidateId, data, 'cv.txt')).status).toBe(404);
    expect((await download(manager, app.candidateId)).status).toBe(200);

    const got = await download(panelist, app.candidateId);
    expect(got.status).toBe(200);
    expect(Buffer.compare(got.body as Buffer, data)).toBe(0);
    const before = await writes(app.candidateId);
    const forbidden = await upload(panelist, app.candidateId, Buffer.from('mine now'), 'cv.txt');
    expect(forbidden.status).toBe(403);
    expect((await download(outsider, app.candidateId)).status).toBe(404);
    expect((await upload(outsider, app.candidateId, Buffer.from('x'), 'cv.txt')).status).toBe(404);
    expect(await writes(app.candidateId)).toEqual(before);
  });
});
