import type { INestApplicationContext } from '@nestjs/common';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';
import { makeJob, postingStatuses, startTestWorker, waitFor } from '../support/postings-fixtures.js';

const settingsOf = async (id: string) => (await (await testDb()).query('SELECT settings FROM organizations WHERE id = $1', [id]))[0].settings;

describe('careers page: branding, one location, one title, errors beside the fields, the cover letter kept', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let org: TestOrg;
  let recruiter: TestUser;
  let publicId: number;
  let jobId: string;
  const title = unique('Platform Engineer ');

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '127.0.0.1' });
    worker = await startTestWorker();
    org = await makeOrg(t, { name: 'Brandwerk GmbH' });
    recruiter = await makeUser(t, org, ['recruiter']);
    const job = await makeJob(org.id, {
      title,
      workModel: 'onsite',
      descriptionHtml: `<h1>${title}</h1><h2>Summary</h2><p>Run the platform.</p>`,
      office: { city: 'Berlin', region: 'Berlin', country: 'DE' },
    });
    jobId = job.id;
    const res = await t
      .http()
      .post(`/v1/jobs/${jobId}/postings`)
      .set(bearer(recruiter))
      .send({ boards: ['careers'] });
    publicId = res.body.data.find((p: { board: string }) => p.board === 'careers').publicId;
    await waitFor(
      () => postingStatuses(jobId),
      (s) => s.careers === 'live',
      20000,
      'careers posting live',
    );
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await t.close();
    await closeTestDb();
  });

  it('PATCH /v1/organization/settings takes an https logo and a readable #rrggbb accent (audited), and null clears them', async () => {
    const res = await t
      .http()
      .patch('/v1/organization/settings')
      .set(bearer(org.admin))
      .send({ logoUrl: 'https://cdn.example.com/brandwerk.png', accentColor: '#1f5fbf' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ logoUrl: 'https://cdn.example.com/brandwerk.png', accentColor: '#1f5fbf' });
    expect(await settingsOf(org.id)).toMatchObject({ logoUrl: 'https://cdn.example.com/brandwerk.png', accentColor: '#1f5fbf' });
    expect(await count('audit_log', "entity_type = 'organization' AND entity_id = $1", [org.id])).toBeGreaterThanOrEqual(1);
    const read = await t.http().get('/v1/organization/settings').set(bearer(recruiter));
    expect(read.body).toMatchObject({ logoUrl: 'https://cdn.example.com/brandwerk.png', accentColor: '#1f5fbf' });

    const other = await makeOrg(t);
    await t.http().patch('/v1/organization/settings').set(bearer(other.admin)).send({ accentColor: '#0b5cad' });
    const cleared = await t.http().patch('/v1/organization/settings').set(bearer(other.admin)).send({ accentColor: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.accentColor).toBeNull();
  });

  it.each([
    ['an http logo', { logoUrl: 'http://cdn.example.com/logo.png' }, 'logoUrl'],
    ['a javascript: logo', { logoUrl: 'javascript:alert(1)' }, 'logoUrl'],
    ['a colour name', { accentColor: 'red' }, 'accentColor'],
    ['a short colour', { accentColor: '#fff' }, 'accentColor'],
  ])('refuses %s with a 400 naming the field and writes nothing', async (_name, body, field) => {
    const before = await settingsOf(org.id);
    const res = await t.http().patch('/v1/organization/settings').set(bearer(org.admin)).send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    expect(await settingsOf(org.id)).toEqual(before);
  });

  it('refuses an accent too light for white text (422 with the contrast) and writes nothing; recruiters may not change it', async () => {
    const before = await settingsOf(org.id);
    const audits = await count('audit_log', "entity_type = 'organization' AND entity_id = $1", [org.id]);
    const res = await t.http().patch('/v1/organization/settings').set(bearer(org.admin)).send({ accentColor: '#ffd75e' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('identity.invalid_settings');
    expect(res.body.errors[0].field).toBe('accentColor');
    expect(res.body.errors[0].message).toMatch(/contrast 1\.\d:1/);
    expect(await settingsOf(org.id)).toEqual(before);
    expect(await count('audit_log', "entity_type = 'organization' AND entity_id = $1", [org.id])).toBe(audits);
    const forbidden = await t.http().patch('/v1/organization/settings').set(bearer(recruiter)).send({ accentColor: '#000000' });
    expect(forbidden.status).toBe(403);
    expect(await settingsOf(org.id)).toEqual(before);
  });

  it('renders the job page with the stylesheet file, the logo and accent, the location and title once, and Apply at the top', async () => {
    const page = await t.http().get(`/careers/${org.slug}/jobs/${publicId}`);
    expect(page.status).toBe(200);
    const html = page.text;
    const css = /<link rel="stylesheet" href="(\/careers\/assets\/careers\.css\?v=[0-9a-f]+)">/.exec(html);
    expect(css).not.toBeNull();
    expect(html).not.toMatch(/<style|<script(?! type="application\/ld\+json")/);
    expect(html).toContain('<html lang="en" style="--accent:#1f5fbf">');
    expect(html).toContain('<img src="https://cdn.example.com/brandwerk.png" alt="">');
    expect(html).toContain('Brandwerk GmbH');
    expect(html).toContain('Berlin, Germany');
    expect(html).not.toContain('Berlin, Berlin');
    // The JSON-LD data block sits in the head; the page itself names the job once, as its heading.
    const body = html.slice(html.indexOf('<body>'));
    expect(body.split(title).length - 1).toBe(1);
    expect(html.indexOf('href="#apply"')).toBeLessThan(html.indexOf('class="description"'));
    expect(html).toMatch(/<label for="f-resume">Resume<span class="req" aria-hidden="true">\*<\/span>/);

    const sheet = await t.http().get(css![1]);
    expect(sheet.status).toBe(200);
    expect(sheet.headers['content-type']).toMatch(/^text\/css/);
    expect(sheet.headers['cache-control']).toMatch(/immutable/);
    expect(sheet.text).toContain('--accent');

    const list = await t.http().get(`/careers/${org.slug}`);
    expect(list.text).toContain('Berlin, Germany');
    expect(list.text).toContain('<html lang="en" style="--accent:#1f5fbf">');
  });

  it('answers a refused application with a focused summary at the top and each sentence beside its field; nothing written', async () => {
    const apps = await count('applications', 'job_id = $1', [jobId]);
    const res = await t
      .http()
      .post(`/careers/${org.slug}/jobs/${publicId}/apply`)
      .set('x-forwarded-for', '10.9.0.1')
      .field('first_name', '')
      .field('last_name', 'Lovelace')
      .field('email', 'not-an-email')
      .field('cover_letter', 'Dear team');
    expect(res.status).toBe(400);
    const html = res.text;
    expect(html.indexOf('class="error-summary"')).toBeLessThan(html.indexOf('<h1>'));
    expect(html).toMatch(/<div class="error-summary" role="alert" tabindex="-1" autofocus/);
    expect(html).toContain('<a href="#f-first_name">First name: Enter your first name.</a>');
    expect(html).toContain('<a href="#f-email">Email: Enter an email address like name@example.com.</a>');
    expect(html).toMatch(
      /<span class="field-error" id="e-email">Enter an email address like name@example.com.<\/span><input id="f-email"[^>]*aria-invalid="true" aria-describedby="e-email"/,
    );
    expect(html).not.toMatch(/should not be empty|must be an email|first_name:/);
    // What was typed is kept.
    expect(html).toContain('value="Lovelace"');
    expect(html).toContain('>Dear team</textarea>');
    expect(await count('applications', 'job_id = $1', [jobId])).toBe(apps);
  });

  it('keeps a cover letter file: stored with the candidate, and a text letter becomes the application’s cover letter', async () => {
    const email = `${unique('ada')}@example.test`;
    const res = await t
      .http()
      .post(`/careers/${org.slug}/jobs/${publicId}/apply`)
      .set('x-forwarded-for', '10.9.0.2')
      .field('first_name', 'Ada')
      .field('last_name', 'Lovelace')
      .field('email', email)
      .field('resume_text', 'Analytical engines.')
      .attach('cover_letter', Buffer.from('Dear Brandwerk,\nI would love to run your platform.\n'), 'letter.txt');
    expect(res.status).toBe(201);
    const db = await testDb();
    const [row] = await db.query(
      `SELECT a.id, a.cover_letter, a.candidate_id FROM applications a JOIN candidate_emails e ON e.candidate_id = a.candidate_id WHERE a.job_id = $1 AND e.email = $2`,
      [jobId, email],
    );
    expect(row.cover_letter).toBe('Dear Brandwerk,\nI would love to run your platform.');
    const files = await db.query(`SELECT kind, file_name FROM candidate_files WHERE candidate_id = $1 ORDER BY kind`, [row.candidate_id]);
    expect(files).toEqual([{ kind: 'cover_letter', file_name: 'letter.txt' }]);
  });
});
