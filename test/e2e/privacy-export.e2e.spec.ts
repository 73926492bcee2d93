import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { unzipSync } from 'fflate';
import { ExportsSweep } from '../../libs/privacy/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';
import { makeApplication, makePipelineJob, PipelineJob } from '../support/pipelines-fixtures.js';
import { waitFor } from '../support/postings-fixtures.js';
import { startPrivacyWorker } from '../support/privacy-fixtures.js';

/** supertest: read a binary body as one Buffer. */
const binary = (res: import('supertest').Response, done: (error: Error | null, body: Buffer) => void) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const parts: Buffer[] = [];
  stream.on('data', (part: Buffer) => parts.push(part));
  stream.on('end', () => done(null, Buffer.concat(parts)));
};

describe('candidate data export (POST /v1/candidates/:id/export, built in the worker, downloadable for 24 h)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let org: TestOrg;
  let admin: TestUser;
  let recruiter: TestUser;
  let job: PipelineJob;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startPrivacyWorker();
    org = await makeOrg(t);
    admin = await makeUser(t, org, ['admin']);
    recruiter = await makeUser(t, org, ['recruiter']);
    job = await makePipelineJob(org.id);
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await closeTestDb();
  });

  /** A candidate with one record in every module, and two files (one larger than a chunk, so it is read in slices). */
  async function candidateWithEverything() {
    const app = await makeApplication(t, recruiter, job.id);
    const db = await testDb();
    const note = await t.http().post(`/v1/candidates/${app.candidateId}/notes`).set(bearer(recruiter)).send({ body: 'Great systems thinking, note-7731' });
    expect(note.status).toBe(201);
    const big = randomBytes(2_600_000);
    const small = Buffer.from('%PDF-1.4 resume of the candidate, sentence-4411');
    const files: Array<{ id: string; name: string; bytes: Buffer }> = [
      { id: randomUUID(), name: 'portfolio.bin', bytes: big },
      { id: randomUUID(), name: 'resume.pdf', bytes: small },
    ];
    for (const f of files) {
      await db.query(
        `INSERT INTO candidate_files (id, organization_id, candidate_id, kind, file_name, content_type, size_bytes, storage_key, text_status)
         VALUES ($1, $2, $3, 'other', $4, 'application/octet-stream', $5, $6, 'empty')`,
        [f.id, org.id, app.candidateId, f.name, f.bytes.length, `db:candidate_file_contents/${f.id}`],
      );
      await db.query(`INSERT INTO candidate_file_contents (organization_id, file_id, content) VALUES ($1, $2, $3)`, [org.id, f.id, f.bytes]);
    }
    const interviewId = randomUUID();
    await db.query(
      `INSERT INTO interviews (id, organization_id, application_id, candidate_id, job_id, stage_id, starts_at, ends_at, duration_minutes, location, reminder_due_at, escalation_due_at)
       VALUES ($1, $2, $3, $4, $5, $6, now(), now() + interval '1 hour', 60, 'Room interview-5521', now(), now())`,
      [interviewId, org.id, app.id, app.candidateId, job.id, job.stages[0].id],
    );
    await db.query(
      `INSERT INTO scorecards (organization_id, interview_id, application_id, job_id, interviewer_id, status, overall, key_takeaways, ratings, submitted_at)
       VALUES ($1, $2, $3, $4, $5, 'submitted', 'yes', 'Clear communicator takeaway-8812', '{"design": 4}', now())`,
      [org.id, interviewId, app.id, job.id, recruiter.id],
    );
    await db.query(
      `INSERT INTO hiring_decisions (organization_id, application_id, job_id, decision, rationale, decided_by) VALUES ($1, $2, $3, 'offer', 'Strong panel rationale-3390', $4)`,
      [org.id, app.id, job.id, admin.id],
    );
    await db.query(
      `INSERT INTO offers (organization_id, application_id, job_id, candidate_id, base_amount, base_currency, base_period, start_date, expires_at, notes)
       VALUES ($1, $2, $3, $4, 91234, 'EUR', 'YEAR', current_date + 30, now() + interval '7 days', 'offer-note-6620')`,
      [org.id, app.id, job.id, app.candidateId],
    );
    const [email]: Array<{ id: string }> = await db.query(
      `INSERT INTO emails (organization_id, candidate_id, application_id, to_address, subject, body, status, reply_token)
       VALUES ($1, $2, $3, 'x@example.test', 'Next steps', 'email-body-1207', 'sent', $4) RETURNING id`,
      [org.id, app.candidateId, app.id, randomUUID()],
    );
    await db.query(
      `INSERT INTO inbound_emails (organization_id, candidate_id, in_reply_to_email_id, from_address, subject, body, threaded_by)
       VALUES ($1, $2, $3, 'x@example.test', 'Re: Next steps', 'reply-body-9954', 'token')`,
      [org.id, app.candidateId, email.id],
    );
    return { ...app, files };
  }

  async function readyExport(candidateId: string): Promise<string> {
    const res = await t.http().post(`/v1/candidates/${candidateId}/export`).set(bearer(admin));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ candidateId, status: 'pending' });
    await waitFor(
      async () => (await t.http().get(`/v1/privacy/exports/${res.body.id}`).set(bearer(admin))).body,
      (body: { status: string }) => body.status !== 'pending',
      60_000,
      'export built',
    );
    return res.body.id as string;
  }

  it("zips every module's records about the candidate and the files' exact bytes, streamed into chunks", async () => {
    const candidate = await candidateWithEverything();
    const id = await readyExport(candidate.candidateId);
    const status = await t.http().get(`/v1/privacy/exports/${id}`).set(bearer(admin));
    expect(status.body).toMatchObject({ status: 'ready', failure: null });
    expect(new Date(status.body.expiresAt).getTime() - new Date(status.body.readyAt).getTime()).toBe(24 * 3600 * 1000);
    // The zip was written in 1 MB chunks, not as one value.
    expect(await count('privacy_export_chunks', 'organization_id = $1 AND export_id = $2', [org.id, id])).toBeGreaterThanOrEqual(3);

    const res = await t.http().get(`/v1/privacy/exports/${id}/download`).set(bearer(admin)).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="candidate-data-${id}.zip"`);
    const zip = unzipSync(new Uint8Array(res.body as Buffer));
    const json = (name: string): unknown => JSON.parse(Buffer.from(zip[name]).toString('utf8'));
    const text = (name: string) => Buffer.from(zip[name]).toString('utf8');

    expect(json('candidate.json')).toMatchObject({ id: candidate.candidateId });
    expect(JSON.stringify(json('candidate.json'))).not.toContain('search');
    expect(json('applications.json')).toEqual([expect.objectContaining({ id: candidate.id })]);
    expect((json('stage-history.json') as unknown[]).length).toBeGreaterThanOrEqual(1);
    expect(text('notes.json')).toContain('note-7731');
    expect((json('activity.json') as unknown[]).length).toBeGreaterThanOrEqual(1);
    expect(json('files.json')).toHaveLength(2);
    expect(text('interviews.json')).toContain('interview-5521');
    expect(text('scorecards.json')).toContain('takeaway-8812');
    expect(text('scorecards.json')).toContain('"design": 4');
    expect(text('scorecards.json')).not.toContain(recruiter.id);
    expect(text('decisions.json')).toContain('rationale-3390');
    expect(text('offers.json')).toContain('offer-note-6620');
    expect(text('emails.json')).toContain('email-body-1207');
    expect(text('email-replies.json')).toContain('reply-body-9954');
    expect(json('consents.json')).toHaveProperty('consentGiven');
    expect(zip['email-addresses.json']).toBeDefined();
    for (const f of candidate.files) {
      const entry = zip[`files/${f.id}-${f.name}`];
      expect(entry).toBeDefined();
      expect(Buffer.from(entry).equals(f.bytes)).toBe(true);
    }
  });

  it('answers 410 after the 24 hours, and the sweep deletes the bytes', async () => {
    const app = await makeApplication(t, recruiter, job.id);
    const id = await readyExport(app.candidateId);
    const db = await testDb();
    await db.query(`UPDATE privacy_exports SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    const gone = await t.http().get(`/v1/privacy/exports/${id}/download`).set(bearer(admin));
    expect(gone.status).toBe(410);
    expect(gone.body.code).toBe('privacy.export_expired');
    await worker.get(ExportsSweep).run();
    expect(await count('privacy_export_chunks', 'organization_id = $1 AND export_id = $2', [org.id, id])).toBe(0);
    const status = await t.http().get(`/v1/privacy/exports/${id}`).set(bearer(admin));
    expect(status.body.status).toBe('expired');
    expect((await t.http().get(`/v1/privacy/exports/${id}/download`).set(bearer(admin))).status).toBe(410);
  });

  it('is for admins only, and an unknown candidate is a 404 with nothing written', async () => {
    const app = await makeApplication(t, recruiter, job.id);
    const before = await count('privacy_exports', 'organization_id = $1', [org.id]);
    const outbox = await count('outbox_events', "organization_id = $1 AND event_type = 'privacy.export-build'", [org.id]);
    expect((await t.http().post(`/v1/candidates/${app.candidateId}/export`).set(bearer(recruiter))).status).toBe(403);
    const missing = await t.http().post(`/v1/candidates/${randomUUID()}/export`).set(bearer(admin));
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('privacy.candidate_not_found');
    expect((await t.http().post(`/v1/candidates/not-a-uuid/export`).set(bearer(admin))).status).toBe(404);
    expect(await count('privacy_exports', 'organization_id = $1', [org.id])).toBe(before);
    expect(await count('outbox_events', "organization_id = $1 AND event_type = 'privacy.export-build'", [org.id])).toBe(outbox);
  });
});
