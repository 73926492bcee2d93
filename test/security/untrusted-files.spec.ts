import { createDeflate, deflateRawSync } from 'node:zlib';
import type { INestApplicationContext } from '@nestjs/common';
import { DEFAULT_SANDBOX_LIMITS, extractInSandbox, MEMORY_REASON, TIMEOUT_REASON } from '../../libs/pipelines/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';
import { fileText, startFilesWorker, StoredFileText } from '../support/files-fixtures.js';
import { makeCandidate } from '../support/pipelines-fixtures.js';
import { makeJob, postingStatuses, startTestWorker, waitFor } from '../support/postings-fixtures.js';
import { makeDocx, makePdf, PNG, rareWord } from '../support/resume-fixtures.js';

/** Tests that wait for the worker's sandbox (its own limit is 20 s a file; other test files share the workers). */
const SLOW = 120_000;

// ---- attack files, generated here ---------------------------------------------------------------

/** A PDF whose page tree repeats one child ten times per level: `levels` levels claim 10^levels pages in ~1 KB. */
function pageTreeBomb(levels: number): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>'];
  for (let level = 0; level < levels; level++) {
    const kid = `${3 + level} 0 R`;
    objects.push(`<< /Type /Pages ${level ? `/Parent ${1 + level} 0 R ` : ''}/Kids [${Array(10).fill(kid).join(' ')}] /Count ${10 ** (levels - level)} >>`);
  }
  objects.push(`<< /Type /Page /Parent ${1 + levels} 0 R /MediaBox [0 0 612 792] >>`);
  return pdfOf(objects.map((body) => Buffer.from(body, 'latin1')));
}

/** A one-page PDF whose content stream inflates to `megabytes` MB of spaces (about 1 KB per MB compressed). */
async function flateBombPdf(megabytes: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => deflate.on('end', resolve));
  const spaces = Buffer.alloc(1024 * 1024, 0x20);
  for (let i = 0; i < megabytes; i++) if (!deflate.write(spaces)) await new Promise((resolve) => deflate.once('drain', resolve));
  deflate.end();
  await ended;
  const stream = Buffer.concat(chunks);
  return pdfOf([
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>'),
    Buffer.concat([Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream, Buffer.from('\nendstream')]),
  ]);
}

function pdfOf(objects: Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  let length = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const part = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(part);
    length += part.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/**
 * A ZIP holding one deflated `word/document.xml` whose central directory lists it `times` times
 * (every listing pointing at the same bytes), declaring `declaredSize` bytes each.
 */
function zipListing(deflated: Buffer, declaredSize: number, times: number): Buffer {
  const name = Buffer.from('word/document.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(declaredSize, 22);
  local.writeUInt16LE(name.length, 26);
  const central: Buffer[] = [];
  for (let i = 0; i < times; i++) {
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(deflated.length, 20);
    entry.writeUInt32LE(declaredSize, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(0, 42); // every listing: the same local header
    central.push(entry, name);
  }
  const directory = Buffer.concat(central);
  const directoryOffset = local.length + name.length + deflated.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(times, 8);
  end.writeUInt16LE(times, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return Buffer.concat([local, name, deflated, directory, end]);
}

const DOCUMENT_XML_MB = 50;
let zipBomb: Buffer | undefined;
/** ~50 KB: one ~50 MB document.xml, deflated, listed 40 times in the central directory (2 GB claimed). */
function docxZipBomb(): Buffer {
  return (zipBomb ??= buildDocxZipBomb());
}
function buildDocxZipBomb(): Buffer {
  const xml = Buffer.alloc(DOCUMENT_XML_MB * 1024 * 1024, 0x20);
  xml.write('<w:document><w:body><w:p><w:r><w:t>');
  return zipListing(deflateRawSync(xml, { level: 9 }), xml.length, 40);
}

/** A DOCX whose directory claims a 1 KB document.xml that really inflates to 50 MB. */
function docxLyingAboutItsSize(): Buffer {
  return zipListing(deflateRawSync(Buffer.alloc(DOCUMENT_XML_MB * 1024 * 1024, 0x20), { level: 9 }), 1024, 1);
}

// ---------------------------------------------------------------------------------------------------

describe('untrusted files are parsed only in the worker, in a sandbox with limits', () => {
  let t: TestApp;
  let postingsWorker: INestApplicationContext;
  let filesWorker: INestApplicationContext;
  let org: TestOrg;
  let recruiter: TestUser;
  let jobId: string;
  let publicId: number;
  let nextIp = 1;
  const freshIp = () => `10.77.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`;

  beforeAll(async () => {
    // The tests speak for many applicants through X-Forwarded-For, from a trusted loopback proxy.
    t = await startTestApp({ TRUST_PROXY: '127.0.0.1,::1' });
    postingsWorker = await startTestWorker();
    filesWorker = await startFilesWorker();
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
    jobId = (await makeJob(org.id)).id;
    const res = await t
      .http()
      .post(`/v1/jobs/${jobId}/postings`)
      .set(bearer(recruiter))
      .send({ boards: ['careers'] });
    publicId = res.body.data[0].publicId;
    await waitFor(
      () => postingStatuses(jobId),
      (s) => s.careers === 'live',
      20000,
      'live',
    );
  }, 60_000);
  afterAll(async () => {
    await filesWorker?.close();
    await postingsWorker?.close();
    await t.close();
    await closeTestDb();
  });

  const applyUrl = () => `/v1/boards/${org.slug}/jobs/${publicId}`;
  const applyJson = (email: string, resume: Buffer, filename: string, extra: Record<string, unknown> = {}, ip = freshIp()) =>
    t
      .http()
      .post(applyUrl())
      .set('x-forwarded-for', ip)
      .send({ first_name: 'Ann', last_name: 'Applicant', email, resume_content: resume.toString('base64'), resume_content_filename: filename, ...extra });
  const applyMultipart = (email: string, resume: Buffer, filename: string, ip = freshIp()) =>
    t
      .http()
      .post(applyUrl())
      .set('x-forwarded-for', ip)
      .attach('resume', resume, filename)
      .field('first_name', 'Ann')
      .field('last_name', 'Applicant')
      .field('email', email);
  const upload = (candidateId: string, data: Buffer, filename: string) =>
    t.http().post(`/v1/candidates/${candidateId}/resume`).set(bearer(recruiter)).attach('resume', data, filename);
  const search = async (q: string) =>
    (await t.http().get('/v1/candidates').query({ q }).set(bearer(recruiter))).body.data.map((c: { id: string }) => c.id) as string[];

  /** What applications and uploads write, in this test's organization only. */
  const writes = async () => ({
    candidates: await count('candidates', 'organization_id = $1', [org.id]),
    applications: await count('applications', 'organization_id = $1', [org.id]),
    files: await count('candidate_files', 'organization_id = $1', [org.id]),
    contents: await count('candidate_file_contents fc JOIN candidate_files f ON f.id = fc.file_id', 'f.organization_id = $1', [org.id]),
  });

  async function appliedFile(email: string): Promise<{ fileId: string; candidateId: string; applicationId: string; content: Buffer }> {
    const db = await testDb();
    const [row] = await db.query(
      `SELECT f.id AS file_id, f.candidate_id, a.id AS application_id, fc.content
         FROM candidate_emails e JOIN candidate_files f ON f.candidate_id = e.candidate_id JOIN candidate_file_contents fc ON fc.file_id = f.id
         JOIN applications a ON a.candidate_id = e.candidate_id
        WHERE e.organization_id = $1 AND e.email = $2`,
      [org.id, email.toLowerCase()],
    );
    return { fileId: row.file_id, candidateId: row.candidate_id, applicationId: row.application_id, content: row.content };
  }

  /**
   * Waits for the worker to read the file while asking the API's `/health/live` over and over (the API
   * and this worker share one process here, so a blocked event loop would stall both). Returns the
   * outcome, every health status seen, and how many health answers came while the file was still pending.
   */
  async function readWhileProbingHealth(fileId: string): Promise<{ outcome: StoredFileText; healthStatuses: number[]; answeredWhilePending: number }> {
    const healthStatuses: number[] = [];
    let answeredWhilePending = 0;
    const deadline = Date.now() + 90_000;
    for (;;) {
      const health = await t.http().get('/health/live');
      healthStatuses.push(health.status);
      const outcome = await fileText(fileId);
      if (outcome.text_status !== 'pending') return { outcome, healthStatuses, answeredWhilePending };
      answeredWhilePending++;
      if (Date.now() > deadline) throw new Error(`file ${fileId} still pending`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const BOMBS: Array<[string, () => Buffer | Promise<Buffer>, string, RegExp]> = [
    ['a PDF whose page tree claims 100,000 pages', () => pageTreeBomb(5), 'cv.pdf', /100,000 pages/],
    ['a PDF whose page tree claims 1,000,000 pages', () => pageTreeBomb(6), 'cv.pdf', /1,000,000 pages/],
    ['a DOCX listing one ~50 MB document.xml 40 times', docxZipBomb, 'cv.docx', /same part more than once|unpack/],
  ];

  describe.each(BOMBS)('%s', (_label, build, filename, reason) => {
    let bomb: Buffer;
    beforeAll(async () => {
      bomb = await build();
    });

    it(
      'sent to public apply as resume_content: answered at once, stored, then failed by the worker with a reason, nothing indexed, /health/live answering',
      async () => {
        expect(bomb.length).toBeLessThan(100 * 1024);
        const email = `${unique('bomb')}@example.test`;
        const res = await applyJson(email, bomb, filename);
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ success: true });

        const stored = await appliedFile(email);
        expect(Buffer.compare(stored.content, bomb)).toBe(0);
        const { outcome, healthStatuses } = await readWhileProbingHealth(stored.fileId);
        expect(healthStatuses.every((status) => status === 200)).toBe(true);
        expect(outcome.text_status).toBe('failed');
        expect(outcome.text_failure).toMatch(reason);
        expect(outcome.resume_text).toBeNull();

        const candidate = await t.http().get(`/v1/candidates/${stored.candidateId}`).set(bearer(recruiter));
        expect(candidate.body.resumeText).toBeNull();
        expect(candidate.body.resumeFile).toMatchObject({
          fileName: filename,
          sizeBytes: bomb.length,
          textStatus: 'failed',
          textFailure: expect.stringMatching(reason),
        });
      },
      SLOW,
    );

    it(
      'uploaded by a recruiter: 201 with textStatus pending, then failed with a reason; the file downloads unchanged and nothing is indexed',
      async () => {
        const candidate = await makeCandidate(t, recruiter);
        const res = await upload(candidate.id, bomb, filename);
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ candidateId: candidate.id, sizeBytes: bomb.length, textStatus: 'pending', textExtracted: false, textFailure: null });

        const { outcome, healthStatuses } = await readWhileProbingHealth(res.body.id);
        expect(healthStatuses.every((status) => status === 200)).toBe(true);
        expect(outcome).toMatchObject({ text_status: 'failed', resume_text: null });
        expect(outcome.text_failure).toMatch(reason);
        const download = await t
          .http()
          .get(`/v1/candidates/${candidate.id}/resume`)
          .set(bearer(recruiter))
          .buffer(true)
          .parse((r, done) => {
            const chunks: Buffer[] = [];
            r.on('data', (c: Buffer) => chunks.push(c));
            r.on('end', () => done(null, Buffer.concat(chunks)));
          });
        expect(Buffer.compare(download.body as Buffer, bomb)).toBe(0);
      },
      SLOW,
    );
  });

  it(
    'kills a reader that goes past its memory limit (a PDF stream inflating to 1 GB), keeps the file with the reason, and /health/live answers meanwhile',
    async () => {
      const bomb = await flateBombPdf(1024);
      const candidate = await makeCandidate(t, recruiter);
      const res = await upload(candidate.id, bomb, 'stream.pdf');
      expect(res.status).toBe(201);
      expect(res.body.textStatus).toBe('pending');

      const { outcome, healthStatuses, answeredWhilePending } = await readWhileProbingHealth(res.body.id);
      expect(answeredWhilePending).toBeGreaterThan(0);
      expect(healthStatuses.every((status) => status === 200)).toBe(true);
      expect(outcome.text_status).toBe('failed');
      expect([MEMORY_REASON, TIMEOUT_REASON]).toContain(outcome.text_failure);
      expect(outcome.resume_text).toBeNull();
    },
    SLOW,
  );

  it('kills a reader past its wall-clock limit: the 100,000-page tree read without a page limit', async () => {
    const outcome = await extractInSandbox('pdf', pageTreeBomb(5), { ...DEFAULT_SANDBOX_LIMITS, maxPdfPages: 10_000_000, timeoutMs: 2_000 });
    expect(outcome.status).toBe('failed');
    expect([TIMEOUT_REASON, MEMORY_REASON]).toContain((outcome as { reason: string }).reason);
  });

  it('stops inflating a DOCX entry at its declared size when the directory lies about it', async () => {
    const outcome = await extractInSandbox('docx', docxLyingAboutItsSize());
    expect(outcome).toEqual({ status: 'failed', reason: expect.stringMatching(/more than it declares/) });
  });

  describe.each([
    ['TXT', (word: string) => Buffer.from(`Jane Doe\nKnows ${word} and Postgres.\n`), 'cv.txt'],
    ['DOCX', (word: string) => makeDocx(['Jane Doe', `Built ${word} pipelines`]), 'cv.docx'],
    ['PDF', (word: string) => makePdf(`Jane Doe ${word} Kubernetes`), 'cv.pdf'],
  ])('a normal %s resume', (_kind, build, filename) => {
    it(
      'sent to public apply (multipart) is extracted by the worker and becomes searchable',
      async () => {
        const word = rareWord();
        const email = `${unique('ok')}@example.test`;
        const res = await applyMultipart(email, build(word), filename);
        expect(res.status).toBe(201);
        const stored = await appliedFile(email);
        const { outcome } = await readWhileProbingHealth(stored.fileId);
        expect(outcome).toMatchObject({ text_status: 'extracted', text_failure: null });
        expect(outcome.resume_text).toContain(word);
        expect(await search(word)).toEqual([stored.candidateId]);
      },
      SLOW,
    );

    it(
      'uploaded by a recruiter is pending at first, then extracted and searchable',
      async () => {
        const word = rareWord();
        const candidate = await makeCandidate(t, recruiter);
        const res = await upload(candidate.id, build(word), filename);
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ textStatus: 'pending', textExtracted: false });
        const { outcome } = await readWhileProbingHealth(res.body.id);
        expect(outcome.text_status).toBe('extracted');
        expect(await search(word)).toEqual([candidate.id]);
        const view = await t.http().get(`/v1/candidates/${candidate.id}`).set(bearer(recruiter));
        expect(view.body.resumeText).toContain(word);
        expect(view.body.resumeFile).toMatchObject({ fileName: filename, textStatus: 'extracted', textFailure: null });
      },
      SLOW,
    );
  });

  describe('cover letters', () => {
    it.each([
      ['cover_letter_text (Greenhouse)', 'cover_letter_text'],
      ['cover_letter (the careers form)', 'cover_letter'],
    ])('keeps a pasted %s on the application and returns it when the application is read', async (_label, field) => {
      const email = `${unique('cover')}@example.test`;
      const letter = `Dear team,\n\nI would love to build ${rareWord()} with you.\n— Ann`;
      const res = await t
        .http()
        .post(applyUrl())
        .set('x-forwarded-for', freshIp())
        .send({ first_name: 'Ann', last_name: 'Letter', email, resume_text: 'Go and Postgres.', [field]: letter });
      expect(res.status).toBe(201);
      const db = await testDb();
      const [row] = await db.query(
        `SELECT a.id FROM applications a JOIN candidate_emails e ON e.candidate_id = a.candidate_id WHERE a.organization_id = $1 AND e.email = $2`,
        [org.id, email],
      );
      const read = await t.http().get(`/v1/applications/${row.id}`).set(bearer(recruiter));
      expect(read.status).toBe(200);
      expect(read.body.coverLetter).toBe(letter);
    });

    it.each([
      ['a NUL character', 'Dear team,\u0000 hello', 'cover_letter_text'],
      ['more than 20,000 characters', 'x'.repeat(20_001), 'cover_letter_text'],
      ['a NUL character in the careers field', 'a\u0000b', 'cover_letter'],
    ])('refuses a cover letter with %s: 400 naming the field, nothing written', async (_label, letter, field) => {
      const email = `${unique('badcover')}@example.test`;
      const before = await writes();
      const res = await t
        .http()
        .post(applyUrl())
        .set('x-forwarded-for', freshIp())
        .send({ first_name: 'Ann', last_name: 'Letter', email, resume_text: 'Go.', [field]: letter });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await count('candidate_emails', 'email = $1', [email])).toBe(0);
      expect(await writes()).toEqual(before);
    });
  });

  describe('public apply takes its budgets before reading a file', () => {
    it('an address over its budget gets 429 for a bomb or an unsupported file (not 415), and nothing is written', async () => {
      const ip = freshIp();
      for (let i = 0; i < 20; i++) {
        const spent = await t.http().post(applyUrl()).set('x-forwarded-for', ip).send({ first_name: 'Spend' });
        expect(spent.status).toBe(400);
      }
      const before = await writes();
      const email = `${unique('throttled')}@example.test`;
      const png = await applyMultipart(email, PNG, 'cv.pdf', ip);
      expect(png.status).toBe(429);
      expect(png.headers['retry-after']).toEqual(expect.any(String));
      const bomb = await applyMultipart(email, docxZipBomb(), 'cv.docx', ip);
      expect(bomb.status).toBe(429);
      const json = await applyJson(email, pageTreeBomb(6), 'cv.pdf', {}, ip);
      expect(json.status).toBe(429);
      const careersForm = await t
        .http()
        .post(`/careers/${org.slug}/jobs/${publicId}/apply`)
        .set('x-forwarded-for', ip)
        .attach('resume', PNG, 'cv.pdf')
        .field('first_name', 'Ann')
        .field('last_name', 'A')
        .field('email', email);
      expect(careersForm.status).toBe(429);
      expect(await count('candidate_emails', 'email = $1', [email])).toBe(0);
      expect(await writes()).toEqual(before);
    });

    it('an email over its budget gets 429 before its file is decoded or checked, from any address, and nothing is written', async () => {
      const email = `${unique('often')}@example.test`;
      const first = await t
        .http()
        .post(applyUrl())
        .set('x-forwarded-for', freshIp())
        .send({ first_name: 'Ann', last_name: 'Often', email, resume_text: 'Go.' });
      expect(first.status).toBe(201);
      for (let i = 0; i < 4; i++) {
        const again = await t
          .http()
          .post(applyUrl())
          .set('x-forwarded-for', freshIp())
          .send({ first_name: 'Ann', last_name: 'Often', email, resume_text: 'Go.' });
        expect(again.status).toBe(409);
      }
      const before = await writes();
      const png = await applyMultipart(email, PNG, 'cv.pdf');
      expect(png.status).toBe(429);
      const bomb = await applyJson(email, docxZipBomb(), 'cv.docx');
      expect(bomb.status).toBe(429);
      expect(await writes()).toEqual(before);
    });
  });
});
