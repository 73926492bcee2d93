import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestUser } from '../support/factories.js';

const PROBLEM = /application\/problem\+json/;
/** The salary variables a render preview needs (a job takes them from its salary band). */
const PAY = { salaryMin: 120000, salaryMax: 160000, currency: 'EUR' };
const fields = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field);

/**
 * Templates render once: a job's text is rendered from its template revision (or the title as the
 * recruiter wrote it) and its variables, in one pass. A `{{…}}` inside a value is inserted as typed
 * and never expanded, and the stored output is never rendered again, so no edit can grow it.
 */
describe('templates render once: values are literal, stored output is never re-rendered', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  /** An organization with a recruiter, a department and a template whose title and text use companyName. */
  async function workspace(orgName?: string) {
    const org = await makeOrg(t, orgName ? { name: orgName } : {});
    const recruiter = await makeUser(t, org, ['recruiter']);
    const departmentId = (await t.http().post('/v1/departments').set(bearer(recruiter)).send({ name: 'Engineering' })).body.id as string;
    const template = await t
      .http()
      .post('/v1/templates')
      .set(bearer(recruiter))
      .send({
        family: 'payments-backend',
        title: 'Backend Engineer at {{companyName}}',
        sections: {
          summary: '{{companyName}} builds {{product}} in Go on PostgreSQL and Kafka for the {{teamName}} team.',
          responsibilities: ['Build {{product}} APIs in Go.'],
          requirements: ['Experience with PostgreSQL.'],
          skills: ['Go', 'PostgreSQL'],
          compensationNote: '{{salaryMin}}–{{salaryMax}} {{currency}} per year.',
        },
        variables: [{ name: 'product', type: 'string', required: true }],
      });
    expect(template.status).toBe(201);
    return { org, recruiter, departmentId, templateId: template.body.id as string };
  }

  const job = (w: { departmentId: string; templateId: string }, variables: Record<string, unknown>, patch: Record<string, unknown> = {}) => ({
    templateId: w.templateId,
    departmentId: w.departmentId,
    officeIds: [],
    workModel: 'remote',
    remoteCountries: ['DE'],
    employmentType: 'FULL_TIME',
    seniority: 'senior',
    salary: { min: 120000, max: 160000, currency: 'EUR', period: 'YEAR' },
    openings: 1,
    variables,
    ...patch,
  });

  /** 20 PATCH edits that leave the text alone; returns every answer. */
  async function editTwentyTimes(recruiter: TestUser, id: string, firstVersion: number) {
    const answers = [];
    for (let i = 0; i < 20; i++) {
      const res = await t
        .http()
        .patch(`/v1/jobs/${id}`)
        .set(bearer(recruiter))
        .send({ version: firstVersion + i, openings: 1 + (i % 3) });
      expect(res.status).toBe(200);
      answers.push(res.body);
    }
    return answers;
  }

  const storedTitle = async (id: string): Promise<{ title: string; description_markdown: string; version: number }> =>
    (await (await testDb()).query(`SELECT title, description_markdown, version FROM jobs WHERE id = $1`, [id]))[0];

  it('a company name holding {{companyName}} twice leaves the title and text identical over 20 PATCH edits', async () => {
    const w = await workspace();
    const companyName = '{{companyName}}{{companyName}} Corp';
    const created = await t
      .http()
      .post('/v1/jobs')
      .set(bearer(w.recruiter))
      .send(job(w, { companyName, product: 'a ledger' }));
    expect(created.status).toBe(201);
    const title = 'Backend Engineer at {{companyName}}{{companyName}} Corp';
    expect(created.body.title).toBe(title);

    const answers = await editTwentyTimes(w.recruiter, created.body.id, created.body.version);
    for (const answer of answers) {
      expect(answer.title).toBe(title);
      expect(answer.description.markdown).toBe(created.body.description.markdown);
      expect(answer.description.html).toBe(created.body.description.html);
    }
    const stored = await storedTitle(created.body.id);
    expect(stored).toEqual({ title, description_markdown: created.body.description.markdown, version: created.body.version + 20 });
  });

  it('a {{…}} inside a value appears literally in the title, the markdown, the HTML and the render preview', async () => {
    const w = await workspace();
    const variables = { companyName: 'Acme {{teamName}}', product: '{{ product }} and {{salaryMin}}' };
    const created = await t.http().post('/v1/jobs').set(bearer(w.recruiter)).send(job(w, variables));
    expect(created.status).toBe(201);
    expect(created.body.title).toBe('Backend Engineer at Acme {{teamName}}');
    expect(created.body.description.markdown).toContain('Acme {{teamName}} builds {{ product }} and {{salaryMin}} in Go');
    expect(created.body.description.markdown).toContain('for the Engineering team');
    expect(created.body.description.html).toContain('Acme {{teamName}} builds {{ product }} and {{salaryMin}} in Go');

    const preview = await t
      .http()
      .post(`/v1/templates/${w.templateId}/render`)
      .set(bearer(w.recruiter))
      .send({ variables: { ...variables, ...PAY, teamName: 'Payments' } });
    expect(preview.status).toBe(200);
    expect(preview.body.title).toBe('Backend Engineer at Acme {{teamName}}');
    expect(preview.body.markdown).toContain('Acme {{teamName}} builds {{ product }} and {{salaryMin}} in Go');
  });

  it('an organization named with {{companyName}} keeps the title identical over 20 edits, a custom title and opening the job', async () => {
    const w = await workspace('Acme {{companyName}} Robotics');
    const created = await t
      .http()
      .post('/v1/jobs')
      .set(bearer(w.recruiter))
      .send(job(w, { product: 'a ledger' }));
    expect(created.status).toBe(201);
    expect(created.body.title).toBe('Backend Engineer at Acme {{companyName}} Robotics');

    let answers = await editTwentyTimes(w.recruiter, created.body.id, created.body.version);
    expect(answers.map((a) => a.title)).toEqual(Array(20).fill('Backend Engineer at Acme {{companyName}} Robotics'));

    // A title the recruiter writes is itself rendered once, then kept as written for the next edits.
    const renamed = await t
      .http()
      .patch(`/v1/jobs/${created.body.id}`)
      .set(bearer(w.recruiter))
      .send({ version: created.body.version + 20, title: 'Staff Engineer, {{companyName}}' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.title).toBe('Staff Engineer, Acme {{companyName}} Robotics');
    answers = await editTwentyTimes(w.recruiter, created.body.id, renamed.body.version);
    expect(new Set(answers.map((a) => a.title))).toEqual(new Set(['Staff Engineer, Acme {{companyName}} Robotics']));

    const opened = await t.http().post(`/v1/jobs/${created.body.id}/open`).set(bearer(w.recruiter)).send({});
    expect(opened.status).toBe(200);
    expect(opened.body.title).toBe('Staff Engineer, Acme {{companyName}} Robotics');
    expect((await storedTitle(created.body.id)).title).toBe('Staff Engineer, Acme {{companyName}} Robotics');
  });

  it('a title longer than 200 characters once filled in is refused with 422 on title, and nothing is written', async () => {
    const w = await workspace();
    const long = 'A'.repeat(190);
    const jobs = () => count('jobs', 'organization_id = $1', [w.org.id]);
    const audits = () => count('audit_log', "organization_id = $1 AND entity_type = 'job'", [w.org.id]);
    const events = () => count('outbox_events', 'organization_id = $1', [w.org.id]);

    // On create.
    const refused = await t
      .http()
      .post('/v1/jobs')
      .set(bearer(w.recruiter))
      .send(job(w, { companyName: long, product: 'a ledger' }));
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toMatch(PROBLEM);
    expect(fields(refused.body)).toEqual(['title']);
    expect(refused.body.detail).toMatch(/title would be 210 characters long; a title can have at most 200/);
    expect(await jobs()).toBe(0);
    expect(await audits()).toBe(0);

    // On an edit: the job keeps its title, text, variables and version; no audit entry, no event.
    const created = await t
      .http()
      .post('/v1/jobs')
      .set(bearer(w.recruiter))
      .send(job(w, { companyName: 'Acme', product: 'a ledger' }));
    expect(created.status).toBe(201);
    const [before, auditsBefore, eventsBefore] = [await storedTitle(created.body.id), await audits(), await events()];
    const edit = await t
      .http()
      .patch(`/v1/jobs/${created.body.id}`)
      .set(bearer(w.recruiter))
      .send({ version: created.body.version, variables: { companyName: long, product: 'a ledger' } });
    expect(edit.status).toBe(422);
    expect(fields(edit.body)).toEqual(['title']);
    const written = `${'B'.repeat(160)} at {{companyName}} ({{product}})`; // 193 characters as written, 211 filled in
    const retitle = await t
      .http()
      .patch(`/v1/jobs/${created.body.id}`)
      .set(bearer(w.recruiter))
      .send({ version: created.body.version, title: written, variables: { companyName: 'Acme', product: 'x'.repeat(40) } });
    expect(retitle.status).toBe(422);
    expect(fields(retitle.body)).toEqual(['title']);
    expect(await storedTitle(created.body.id)).toEqual(before);
    const row = (await (await testDb()).query(`SELECT variables, title_template FROM jobs WHERE id = $1`, [created.body.id]))[0];
    expect(row).toEqual({ variables: { companyName: 'Acme', product: 'a ledger' }, title_template: null });
    expect(await audits()).toBe(auditsBefore);
    expect(await events()).toBe(eventsBefore);

    // The render preview refuses the same.
    const preview = await t
      .http()
      .post(`/v1/templates/${w.templateId}/render`)
      .set(bearer(w.recruiter))
      .send({ variables: { companyName: long, product: 'a ledger', ...PAY } });
    expect(preview.status).toBe(422);
    expect(fields(preview.body)).toEqual(['title']);
  });

  it('a value repeated by many placeholders past 250,000 characters is refused with 422 naming it, and nothing is written', async () => {
    const w = await workspace();
    const template = await t
      .http()
      .post('/v1/templates')
      .set(bearer(w.recruiter))
      .send({
        family: 'payments-backend',
        title: 'Backend Engineer',
        sections: { summary: '{{blob}} '.repeat(500), skills: ['Go'], compensationNote: '{{salaryMin}}–{{salaryMax}} {{currency}} per year.' },
        variables: [{ name: 'blob', type: 'string', required: true }],
      });
    expect(template.status).toBe(201);
    const refused = await t
      .http()
      .post('/v1/jobs')
      .set(bearer(w.recruiter))
      .send(job({ ...w, templateId: template.body.id }, { blob: 'x'.repeat(1_000) }));
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toMatch(PROBLEM);
    expect(fields(refused.body)).toEqual(['variables.blob']);
    expect(refused.body.errors[0].message).toMatch(/500,\d{3} characters long once filled in; at most 250,000/);
    expect(await count('jobs', 'organization_id = $1', [w.org.id])).toBe(0);
    expect(await count('audit_log', "organization_id = $1 AND entity_type = 'job'", [w.org.id])).toBe(0);

    const fits = await t
      .http()
      .post('/v1/jobs')
      .set(bearer(w.recruiter))
      .send(job({ ...w, templateId: template.body.id }, { blob: 'x'.repeat(400) }));
    expect(fits.status).toBe(201);
  });
});
