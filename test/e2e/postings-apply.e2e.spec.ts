import type { INestApplicationContext } from '@nestjs/common';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';
import { makeJob, postingStatuses, startTestWorker, waitFor } from '../support/postings-fixtures.js';
import { makeDocx, rareWord } from '../support/resume-fixtures.js';
import { startFilesWorker, textRead } from '../support/files-fixtures.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('public apply', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let filesWorker: INestApplicationContext;
  let org: TestOrg;
  let recruiter: TestUser;
  let jobId: string;
  let publicId: number;
  let indeedPublicId: number;

  beforeAll(async () => {
    // Applicants reach the API through a reverse proxy on loopback, which names them in X-Forwarded-For:
    // each test is its own applicant with its own per-address budget.
    t = await startTestApp({ TRUST_PROXY: '127.0.0.1' });
    worker = await startTestWorker();
    filesWorker = await startFilesWorker();
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
    jobId = (await makeJob(org.id)).id;
    const res = await t
      .http()
      .post(`/v1/jobs/${jobId}/postings`)
      .set(bearer(recruiter))
      .send({ boards: ['careers', 'indeed'] });
    publicId = res.body.data.find((p: { board: string }) => p.board === 'careers').publicId;
    indeedPublicId = res.body.data.find((p: { board: string }) => p.board === 'indeed').publicId;
    await waitFor(
      () => postingStatuses(jobId),
      (s) => s.careers === 'live' && s.indeed === 'live',
      20000,
      'live',
    );
  });
  afterAll(async () => {
    await filesWorker?.close();
    await worker?.close();
    await t.close();
    await closeTestDb();
  });

  const applyUrl = () => `/v1/boards/${org.slug}/jobs/${publicId}`;
  /** What an application writes, in this test's organization only (other files run in parallel on the same database). */
  const writes = async () => ({
    candidates: await count('candidates', 'organization_id = $1', [org.id]),
    applications: await count('applications', 'organization_id = $1', [org.id]),
    files: await count('candidate_files', 'organization_id = $1', [org.id]),
  });
  const applications = (email: string) =>
    count('applications a JOIN candidate_emails e ON e.candidate_id = a.candidate_id', 'a.job_id = $1 AND e.email = $2', [jobId, email.toLowerCase()]);

  it('creates the candidate and an application in the first stage from JSON, with the board as source; twice → 409', async () => {
    const email = `${unique('Ann')}@Example.test`;
    const res = await t
      .http()
      .post(applyUrl())
      .set('x-forwarded-for', '10.1.0.1')
      .send({ first_name: 'Ann', last_name: 'Lee', email, resume_text: 'Ten years of Go and Postgres.', source: 'indeed' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ success: true });
    const db = await testDb();
    const [app] = await db.query(
      `SELECT a.source, s.position FROM applications a JOIN job_stages s ON s.id = a.stage_id JOIN candidate_emails e ON e.candidate_id = a.candidate_id WHERE a.job_id = $1 AND e.email = $2`,
      [jobId, email.toLowerCase()],
    );
    expect(app).toEqual({ source: 'indeed', position: 0 });
    const again = await t
      .http()
      .post(applyUrl())
      .set('x-forwarded-for', '10.1.0.1')
      .send({ first_name: 'Ann', last_name: 'Lee', email: email.toUpperCase(), resume_text: 'again' });
    expect(again.status).toBe(409);
    expect(again.body.detail ?? again.body.message).toEqual(expect.any(String));
    expect(await applications(email)).toBe(1);
  });

  it('takes a multipart application with a PDF resume checked by content', async () => {
    const email = `${unique('pdf')}@example.test`;
    const res = await t
      .http()
      .post(applyUrl())
      .set('x-forwarded-for', '10.1.0.2')
      .field('first_name', 'Pat')
      .field('last_name', 'Doe')
      .field('email', email)
      .attach('resume', PDF, { filename: 'cv.txt', contentType: 'text/plain' });
    expect(res.status).toBe(201);
    expect(await applications(email)).toBe(1);
  });

  it('keeps a DOCX resume with the application; the worker then makes its text searchable', async () => {
    const email = `${unique('docx')}@example.test`;
    const word = rareWord();
    const docx = makeDocx(['Dee Ocx', `Shipped ${word} in production`]);
    const res = await t
      .http()
      .post(applyUrl())
      .set('x-forwarded-for', '10.1.0.6')
      .field('first_name', 'Dee')
      .field('last_name', 'Ocx')
      .field('email', email)
      .attach('resume', docx, 'dee.docx');
    expect(res.status).toBe(201);
    const db = await testDb();
    const [{ id: fileId }] = await db.query(
      `SELECT f.id FROM candidate_files f JOIN candidate_emails e ON e.candidate_id = f.candidate_id WHERE f.organization_id = $1 AND e.email = $2`,
      [org.id, email],
    );
    expect((await textRead(fileId)).text_status).toBe('extracted');
    const [file] = await db.query(
      `SELECT f.file_name, f.content_type, fc.content, c.resume_text, c.resume_file->>'storageKey' = f.storage_key AS current
         FROM candidate_files f JOIN candidate_file_contents fc ON fc.file_id = f.id JOIN candidates c ON c.id = f.candidate_id
         JOIN candidate_emails e ON e.candidate_id = c.id WHERE f.organization_id = $1 AND e.email = $2`,
      [org.id, email],
    );
    expect(file).toMatchObject({
      file_name: 'dee.docx',
      content_type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      current: true,
    });
    expect(Buffer.compare(file.content, docx)).toBe(0);
    expect(file.resume_text).toContain(word);
    const found = await t.http().get('/v1/candidates').query({ q: word }).set(bearer(recruiter));
    expect(found.body.data).toHaveLength(1);
  });

  it.each([
    ['an executable named .pdf', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]), 'cv.pdf', 415],
    ['a 6 MB file', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(6 * 1024 * 1024, 0x20)]), 'big.pdf', 413],
    ['a binary file named .txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]), 'binary.txt', 415],
  ])('rejects %s and writes nothing', async (_label, data, filename, status) => {
    const email = `${unique('bad')}@example.test`;
    const before = await writes();
    const res = await t
      .http()
      .post(applyUrl())
      .set('x-forwarded-for', '10.1.0.3')
      .field('first_name', 'X')
      .field('last_name', 'Y')
      .field('email', email)
      .attach('resume', data, filename);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors[0].field).toBe('resume');
    expect(await count('candidate_emails', 'email = $1', [email])).toBe(0);
    expect(await count('candidate_files', 'organization_id = $1 AND file_name = $2', [org.id, filename])).toBe(0);
    expect(await writes()).toEqual(before);
  });

  it.each([
    ['missing first_name', { last_name: 'Y', resume_text: 'x' }, 'first_name'],
    ['bad email', { first_name: 'X', last_name: 'Y', email: 'nope', resume_text: 'x' }, 'email'],
    ['no resume', { first_name: 'X', last_name: 'Y' }, 'resume'],
    ['unknown field', { first_name: 'X', last_name: 'Y', resume_text: 'x', salary: 1 }, 'salary'],
    ['missing last_name', { first_name: 'X', resume_text: 'x' }, 'last_name'],
    ['missing email', { first_name: 'X', last_name: 'Y', resume_text: 'x', email: undefined }, 'email'],
  ])('answers %s with 400 naming the field, writing nothing', async (_label, body, field) => {
    const email = `${unique('v')}@example.test`;
    const before = await writes();
    const res = await t
      .http()
      .post(applyUrl())
      .set('x-forwarded-for', '10.1.0.4')
      .send({ email, ...body });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await count('candidate_emails', 'email = $1', [email])).toBe(0);
    expect(await writes()).toEqual(before);
  });

  it('silently drops a bot that fills the honeypot', async () => {
    const email = `${unique('bot')}@example.test`;
    const before = await writes();
    const res = await t
      .http()
      .post(applyUrl())
      .set('x-forwarded-for', '10.1.0.5')
      .send({ first_name: 'B', last_name: 'Ot', email, resume_text: 'x', website: 'http://spam.example' });
    expect(res.status).toBe(201);
    expect(await count('candidate_emails', 'email = $1', [email])).toBe(0);
    expect(await writes()).toEqual(before);
  });

  it('throttles per email and per IP with 429 and Retry-After', async () => {
    const email = `${unique('many')}@example.test`;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await t.http().post(applyUrl()).set('x-forwarded-for', `10.2.0.${i}`).send({ first_name: 'M', last_name: 'Any', email, resume_text: 'x' });
      statuses.push(res.status);
    }
    expect(statuses[0]).toBe(201);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    const ipStatuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await t
        .http()
        .post(applyUrl())
        .set('x-forwarded-for', '10.3.0.1')
        .send({ first_name: 'I', last_name: 'P', email: `${unique('ip')}@example.test`, resume_text: 'x' });
      ipStatuses.push(res.status);
      if (res.status === 429) expect(res.headers['retry-after']).toEqual(expect.any(String));
    }
    expect(ipStatuses.filter((s) => s === 429).length).toBeGreaterThan(0);
  });

  it('takes the careers page form post without JavaScript and answers a confirmation page', async () => {
    const email = `${unique('form')}@example.test`;
    const page = await t.http().get(`/careers/${org.slug}/jobs/${publicId}?source=linkedin`);
    expect(page.text).toContain('name="source" value="linkedin"');
    const res = await t
      .http()
      .post(`/careers/${org.slug}/jobs/${publicId}/apply`)
      .set('x-forwarded-for', '10.4.0.1')
      .field('source', 'linkedin')
      .field('first_name', 'Form')
      .field('last_name', 'User')
      .field('email', email)
      .field('phone', '')
      .field('website', '')
      .field('resume_text', 'Built queues at scale.')
      .attach('resume', Buffer.alloc(0), '');
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('Thank you for applying');
    const db = await testDb();
    const [row] = await db.query(
      `SELECT a.source FROM applications a JOIN candidate_emails e ON e.candidate_id = a.candidate_id WHERE a.job_id = $1 AND e.email = $2`,
      [jobId, email],
    );
    expect(row.source).toBe('linkedin');
    const twice = await t
      .http()
      .post(`/careers/${org.slug}/jobs/${publicId}/apply`)
      .set('x-forwarded-for', '10.4.0.1')
      .field('first_name', 'Form')
      .field('last_name', 'User')
      .field('email', email)
      .field('resume_text', 'x');
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('already applied');
    const before = await writes();
    const invalid = await t
      .http()
      .post(`/careers/${org.slug}/jobs/${publicId}/apply`)
      .set('x-forwarded-for', '10.4.0.2')
      .field('first_name', 'F')
      .field('last_name', 'U')
      .field('email', 'bad');
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('role="alert"');
    expect(await writes()).toEqual(before);
  });

  it('accepts applications through another board’s posting id and refuses a closed posting with 410', async () => {
    const email = `${unique('ind')}@example.test`;
    expect(
      (
        await t
          .http()
          .post(`/v1/boards/${org.slug}/jobs/${indeedPublicId}`)
          .set('x-forwarded-for', '10.5.0.1')
          .send({ first_name: 'I', last_name: 'N', email, resume_text: 'x' })
      ).status,
    ).toBe(201);
    const db = await testDb();
    const [row] = await db.query(`SELECT a.source FROM applications a JOIN candidate_emails e ON e.candidate_id = a.candidate_id WHERE e.email = $1`, [email]);
    expect(row.source).toBe('indeed');
    const [{ id }] = await db.query('SELECT id FROM postings WHERE public_id = $1', [indeedPublicId]);
    await t.http().delete(`/v1/postings/${id}`).set(bearer(recruiter));
    await waitFor(
      () => postingStatuses(jobId),
      (s) => s.indeed === 'closed',
      15000,
      'closed',
    );
    const res = await t
      .http()
      .post(`/v1/boards/${org.slug}/jobs/${indeedPublicId}`)
      .set('x-forwarded-for', '10.5.0.2')
      .send({ first_name: 'L', last_name: 'Ate', email: `${unique('late')}@example.test`, resume_text: 'x' });
    expect(res.status).toBe(410);
  });
});
