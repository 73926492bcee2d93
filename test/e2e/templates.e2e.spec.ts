import { BuiltInTemplatesLoader } from '../../libs/templates/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';

const PROBLEM = /application\/problem\+json/;

const SECTIONS = {
  summary: '{{companyName}} is hiring a backend engineer to build payment APIs in Go on PostgreSQL and Kafka for the {{teamName}} team.',
  responsibilities: [
    'Design and build REST APIs in Go.',
    'Own PostgreSQL schema changes and migrations.',
    'Run services on Kubernetes with good observability.',
  ],
  requirements: ['3+ years building backend services in Go.', 'Solid SQL and PostgreSQL experience.', 'Experience with Kafka or another message broker.'],
  niceToHave: ['Experience with payment systems.'],
  skills: ['Go', 'PostgreSQL', 'Kafka', 'Kubernetes'],
  interviewFocus: ['API design and data modelling for payments.'],
  compensationNote: 'The salary range is {{salaryMin}}–{{salaryMax}} {{currency}} per year.',
};

const fields = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field);

describe('templates: library, revisions, fork, render, lint', () => {
  let t: TestApp;
  let org: TestOrg;
  let recruiter: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  async function createTemplate(user: TestUser = recruiter, patch: Record<string, unknown> = {}) {
    const res = await t
      .http()
      .post('/v1/templates')
      .set(bearer(user))
      .send({ family: 'payments-backend', title: 'Backend Engineer (Payments)', seniority: 'mid', language: 'go', sections: SECTIONS, ...patch });
    expect(res.status).toBe(201);
    return res.body;
  }

  describe('built-in library', () => {
    it('is loaded at boot: 480 backend combinations and at least five adjacent families with seniority levels, none owned by an organization', async () => {
      expect(await count('templates', "built_in AND family = 'backend-developer'")).toBe(480);
      const db = await testDb();
      const families = await db.query(
        `SELECT family, array_agg(DISTINCT seniority) AS seniorities FROM templates WHERE built_in AND family <> 'backend-developer' GROUP BY family`,
      );
      expect(families.length).toBeGreaterThanOrEqual(5);
      for (const f of families) expect(f.seniorities.length).toBeGreaterThanOrEqual(2);
      expect(await count('templates', 'built_in AND organization_id IS NOT NULL')).toBe(0);
      expect(await count('templates', 'built_in AND latest_revision_id IS NULL')).toBe(0);
    });

    it('loading again at another boot is a no-op (idempotent), and a reload without the version marker inserts nothing twice', async () => {
      const loader = t.app.get(BuiltInTemplatesLoader);
      // Only the loader writes built-in templates and their revisions; other test files write their own organizations' templates.
      const builtInRevisions = () => count('template_revisions', 'template_id IN (SELECT id FROM templates WHERE built_in AND organization_id IS NULL)');
      const builtInTemplates = () => count('templates', 'built_in AND organization_id IS NULL');
      const before = [await builtInTemplates(), await builtInRevisions()];
      expect(await loader.load()).toEqual({ inserted: 0, revised: 0, skipped: true });
      const db = await testDb();
      await db.query(`DELETE FROM template_library_state`);
      expect(await loader.load()).toEqual({ inserted: 0, revised: 0, skipped: false });
      expect([await builtInTemplates(), await builtInRevisions()]).toEqual(before);
      expect(await count('template_library_state')).toBe(1);
    });

    it('addresses every combination: the four axes select exactly one template', async () => {
      const res = await t
        .http()
        .get('/v1/templates?family=backend-developer&language=go&seniority=staff&systemType=platform&workModel=remote')
        .set(bearer(recruiter));
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(1);
      expect(res.body.data[0]).toMatchObject({
        key: 'backend-developer.go.staff.platform.remote',
        builtIn: true,
        organizationId: null,
        language: 'go',
        seniority: 'staff',
        systemType: 'platform',
        workModel: 'remote',
      });
      expect(res.body.nextCursor).toBeNull();
    });

    it('reads a built-in with its latest revision; the text changes meaningfully along the axes', async () => {
      const find = async (q: string) => (await t.http().get(`/v1/templates?family=backend-developer&${q}`).set(bearer(recruiter))).body.data[0].id;
      const get = async (id: string) => (await t.http().get(`/v1/templates/${id}`).set(bearer(recruiter))).body;
      const staff = await get(await find('language=go&seniority=staff&systemType=platform&workModel=remote'));
      const junior = await get(await find('language=go&seniority=junior&systemType=platform&workModel=remote'));
      const onsite = await get(await find('language=go&seniority=staff&systemType=platform&workModel=onsite'));
      const python = await get(await find('language=python&seniority=staff&systemType=platform&workModel=remote'));
      expect(staff.latestRevision).toMatchObject({ number: 1, sections: expect.objectContaining({ summary: expect.any(String) }) });
      expect(staff.latestRevision.variables.map((v: { name: string }) => v.name)).toEqual(
        expect.arrayContaining(['companyName', 'teamName', 'location', 'salaryMin', 'salaryMax', 'currency']),
      );
      const text = (x: { latestRevision: { sections: unknown } }) => JSON.stringify(x.latestRevision.sections);
      expect(text(staff)).not.toEqual(text(junior));
      expect(text(staff)).not.toEqual(text(onsite));
      expect(text(staff)).not.toEqual(text(python));
      expect(text(staff)).toMatch(/Go/);
      expect(text(staff).toLowerCase()).toMatch(/strateg|standard|migration/);
      expect(text(staff).toLowerCase()).toMatch(/written|asynchron/);
    });

    it('filters by each axis and pages with keyset cursors', async () => {
      const first = await t.http().get('/v1/templates?family=backend-developer&seniority=junior&limit=50').set(bearer(recruiter));
      expect(first.status).toBe(200);
      expect(first.body.data).toHaveLength(50);
      expect(first.body.data.every((x: { seniority: string }) => x.seniority === 'junior')).toBe(true);
      const ids = new Set(first.body.data.map((x: { id: string }) => x.id));
      let cursor = first.body.nextCursor;
      while (cursor) {
        const next = await t.http().get(`/v1/templates?family=backend-developer&seniority=junior&limit=50&cursor=${cursor}`).set(bearer(recruiter));
        next.body.data.forEach((x: { id: string }) => ids.add(x.id));
        cursor = next.body.nextCursor;
      }
      expect(ids.size).toBe(120);
      const sys = await t.http().get('/v1/templates?systemType=data_intensive&workModel=contract&language=csharp&limit=100').set(bearer(recruiter));
      expect(sys.body.data).toHaveLength(4);
    });

    it.each([
      ['limit=101'],
      ['limit=0'],
      ['language=rust'],
      ['seniority=principal'],
      ['systemType=crud-ish'],
      ['workModel=office'],
      ['cursor=garbage'],
      ['color=blue'],
    ])('answers ?%s with 400 problem naming the field', async (query) => {
      const res = await t.http().get(`/v1/templates?${query}`).set(bearer(recruiter));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fields(res.body)).toContain(query.split('=')[0]);
    });

    it('refuses edits of a built-in with 403 and writes nothing', async () => {
      const [builtIn] = (await t.http().get('/v1/templates?family=backend-developer&limit=1').set(bearer(recruiter))).body.data;
      const before = await count('template_revisions', 'template_id = $1', [builtIn.id]);
      const res = await t.http().post(`/v1/templates/${builtIn.id}/revisions`).set(bearer(recruiter)).send({ sections: SECTIONS });
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('templates.built_in_read_only');
      expect(await count('template_revisions', 'template_id = $1', [builtIn.id])).toBe(before);
    });
  });

  describe('organization templates', () => {
    it('creates a template with revision 1, declares the standard variables and returns lint findings', async () => {
      const body = await createTemplate();
      expect(body).toMatchObject({
        organizationId: org.id,
        builtIn: false,
        family: 'payments-backend',
        latestRevisionNumber: 1,
        latestRevision: { number: 1, title: 'Backend Engineer (Payments)' },
      });
      expect(body.latestRevision.variables.map((v: { name: string }) => v.name)).toEqual(
        expect.arrayContaining(['companyName', 'salaryMin', 'salaryMax', 'currency']),
      );
      expect(body.findings).toEqual(expect.any(Array));
      expect(await count('audit_log', "entity_type = 'template' AND entity_id = $1 AND action = 'create'", [body.id])).toBe(1);
    });

    it('edits by adding immutable revisions; older revisions stay readable', async () => {
      const created = await createTemplate();
      const edited = await t
        .http()
        .post(`/v1/templates/${created.id}/revisions`)
        .set(bearer(recruiter))
        .send({ title: 'Senior Backend Engineer (Payments)', sections: { ...SECTIONS, summary: `${SECTIONS.summary} Edited.` } });
      expect(edited.status).toBe(201);
      expect(edited.body).toMatchObject({ latestRevisionNumber: 2, title: 'Senior Backend Engineer (Payments)', latestRevision: { number: 2 } });
      const list = await t.http().get(`/v1/templates/${created.id}/revisions`).set(bearer(recruiter));
      expect(list.status).toBe(200);
      expect(list.body.data.map((r: { number: number }) => r.number)).toEqual([2, 1]);
      expect(list.body.data[1].sections.summary).toBe(SECTIONS.summary);
      const db = await testDb();
      await expect(db.query(`UPDATE template_revisions SET title = 'x' WHERE id = $1`, [created.latestRevisionId])).rejects.toThrow(/immutable/);
      const paged = await t.http().get(`/v1/templates/${created.id}/revisions?limit=1`).set(bearer(recruiter));
      expect(paged.body.data).toHaveLength(1);
      const second = await t.http().get(`/v1/templates/${created.id}/revisions?limit=1&cursor=${paged.body.nextCursor}`).set(bearer(recruiter));
      expect(second.body.data[0].number).toBe(1);
      expect(second.body.nextCursor).toBeNull();
    });

    it.each([
      ['an unknown field', { colour: 'red' }, 'colour'],
      ['a bad family slug', { family: 'Payments Backend' }, 'family'],
      ['an unknown language', { language: 'rust' }, 'language'],
      ['an unknown seniority', { seniority: 'principal' }, 'seniority'],
      ['a bad variable type', { variables: [{ name: 'x', type: 'date' }] }, 'variables.0.type'],
      ['a bad variable name', { variables: [{ name: '1x', type: 'string' }] }, 'variables.0.name'],
      ['a non-string requirement', { sections: { ...SECTIONS, requirements: [42] } }, 'sections.requirements'],
      ['missing sections', { sections: undefined }, 'sections'],
    ])('rejects %s with 400 naming the field and writes nothing', async (_label, patch, field) => {
      const before = await count('templates', 'organization_id = $1', [org.id]);
      const res = await t
        .http()
        .post('/v1/templates')
        .set(bearer(recruiter))
        .send({ family: 'x', title: 'X', sections: SECTIONS, ...patch });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fields(res.body)).toContain(field);
      expect(await count('templates', 'organization_id = $1', [org.id])).toBe(before);
    });

    it.each([
      ['an unknown field', { sections: SECTIONS, colour: 'red' }, 'colour', 400],
      ['missing sections', { title: 'X' }, 'sections', 400],
      ['a bad variable type', { sections: SECTIONS, variables: [{ name: 'x', type: 'date' }] }, 'variables.0.type', 400],
      ['an undeclared placeholder', { sections: { ...SECTIONS, summary: 'Join {{squad}}.' } }, 'sections.summary', 422],
    ])('refuses a revision with %s (%s → %s) and writes no revision', async (_label, body, field, status) => {
      const created = await createTemplate();
      const revisions = () => count('template_revisions', 'template_id = $1', [created.id]);
      const res = await t.http().post(`/v1/templates/${created.id}/revisions`).set(bearer(recruiter)).send(body);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fields(res.body)).toContain(field);
      expect(await revisions()).toBe(1);
      expect((await t.http().get(`/v1/templates/${created.id}`).set(bearer(recruiter))).body.latestRevisionNumber).toBe(1);
    });

    it('rejects placeholders without a declaration and defaults of the wrong type with 422, writing nothing', async () => {
      const before = await count('templates', 'organization_id = $1', [org.id]);
      const res = await t
        .http()
        .post('/v1/templates')
        .set(bearer(recruiter))
        .send({
          family: 'x',
          title: 'X',
          sections: { ...SECTIONS, summary: 'Join {{squad}}.' },
          variables: [{ name: 'level', type: 'number', default: 'high' }],
        });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fields(res.body)).toEqual(expect.arrayContaining(['sections.summary', 'variables.0']));
      expect(await count('templates', 'organization_id = $1', [org.id])).toBe(before);
    });

    it('forks a built-in into the organization, keeping its text; the fork is editable', async () => {
      const [builtIn] = (
        await t.http().get('/v1/templates?family=backend-developer&language=java&seniority=senior&systemType=crud&workModel=hybrid').set(bearer(recruiter))
      ).body.data;
      const source = (await t.http().get(`/v1/templates/${builtIn.id}`).set(bearer(recruiter))).body;
      const fork = await t.http().post(`/v1/templates/${builtIn.id}/fork`).set(bearer(recruiter)).send({ title: 'Our Java role' });
      expect(fork.status).toBe(201);
      expect(fork.body).toMatchObject({
        organizationId: org.id,
        builtIn: false,
        forkedFromId: builtIn.id,
        title: 'Our Java role',
        language: 'java',
        latestRevisionNumber: 1,
      });
      expect(fork.body.latestRevision.sections).toEqual(source.latestRevision.sections);
      const edit = await t.http().post(`/v1/templates/${fork.body.id}/revisions`).set(bearer(recruiter)).send({ sections: SECTIONS });
      expect(edit.status).toBe(201);
      const mine = await t.http().get('/v1/templates?builtIn=false').set(bearer(recruiter));
      expect(mine.body.data.map((x: { id: string }) => x.id)).toContain(fork.body.id);
    });

    it('hides templates of another organization: 404 on read, revisions, fork, render and edit, nothing written', async () => {
      const other = await makeOrg(t);
      const theirs = await createTemplate(other.admin);
      // A fork would land in our organization, an edit in theirs: count both.
      const bothOrgs = () => count('templates', 'organization_id IN ($1, $2)', [org.id, other.id]);
      const before = await bothOrgs();
      for (const [method, path, body] of [
        ['get', `/v1/templates/${theirs.id}`, undefined],
        ['get', `/v1/templates/${theirs.id}/revisions`, undefined],
        ['post', `/v1/templates/${theirs.id}/fork`, {}],
        ['post', `/v1/templates/${theirs.id}/render`, { variables: {} }],
        ['post', `/v1/templates/${theirs.id}/revisions`, { sections: SECTIONS }],
        ['get', '/v1/templates/not-a-uuid', undefined],
        ['get', '/v1/templates/00000000-0000-4000-8000-000000000000', undefined],
      ] as const) {
        const req = method === 'get' ? t.http().get(path) : t.http().post(path).send(body);
        const res = await req.set(bearer(recruiter));
        expect(res.status).toBe(404);
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
      expect(await bothOrgs()).toBe(before);
      expect(await count('template_revisions', 'template_id = $1', [theirs.id])).toBe(1);
      const list = await t.http().get('/v1/templates?family=payments-backend&limit=100').set(bearer(recruiter));
      expect(list.body.data.every((x: { organizationId: string }) => x.organizationId === org.id)).toBe(true);
    });

    it('lets admins and recruiters in; hiring managers and interviewers get 403', async () => {
      const manager = await makeUser(t, org, ['hiring_manager']);
      const interviewer = await makeUser(t, org, ['interviewer']);
      for (const user of [manager, interviewer]) {
        expect((await t.http().get('/v1/templates').set(bearer(user))).status).toBe(403);
        const res = await t.http().post('/v1/templates').set(bearer(user)).send({ family: 'x', title: 'X', sections: SECTIONS });
        expect(res.status).toBe(403);
        expect((await t.http().post('/v1/templates/lint').set(bearer(user)).send({ markdown: 'x' })).status).toBe(403);
      }
      expect((await t.http().get('/v1/templates')).status).toBe(401);
      expect((await t.http().get('/v1/templates').set(bearer(org.admin))).status).toBe(200);
    });
  });

  describe('render', () => {
    it('substitutes variables into markdown and sanitised HTML and returns findings', async () => {
      const created = await createTemplate();
      const res = await t
        .http()
        .post(`/v1/templates/${created.id}/render`)
        .set(bearer(recruiter))
        .send({ variables: { companyName: 'Acme', salaryMin: 120000, salaryMax: 150000 } });
      expect(res.status).toBe(200);
      expect(res.body.markdown).toContain('Acme is hiring');
      expect(res.body.markdown).toContain('120,000–150,000 USD');
      expect(res.body.html).toContain('<h2>');
      expect(res.body.templateRevisionId).toBe(created.latestRevisionId);
      expect(res.body.findings).toEqual(expect.any(Array));
      expect(res.body.findings.find((f: { rule: string }) => f.rule === 'pay-range-missing')).toBeUndefined();
    });

    it('answers missing and mistyped variables with 422 naming each one', async () => {
      const created = await createTemplate();
      const res = await t
        .http()
        .post(`/v1/templates/${created.id}/render`)
        .set(bearer(recruiter))
        .send({ variables: { salaryMin: '120k', salaryMax: 150000, currency: 'usd', unknownVar: 1 } });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fields(res.body)).toEqual(expect.arrayContaining(['variables.companyName', 'variables.salaryMin', 'variables.currency', 'variables.unknownVar']));
    });

    it('answers a non-object variables with 400', async () => {
      const created = await createTemplate();
      const res = await t.http().post(`/v1/templates/${created.id}/render`).set(bearer(recruiter)).send({ variables: 'x' });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toContain('variables');
    });

    it('sanitises HTML whatever the author or the values contain', async () => {
      const created = await createTemplate(recruiter, {
        sections: {
          ...SECTIONS,
          summary: `${SECTIONS.summary} <script>alert(1)</script> <img src=x onerror="alert(2)"> [click](javascript:alert(3)) <a href="javascript:alert(4)" onclick="x()">a</a>`,
        },
      });
      const res = await t
        .http()
        .post(`/v1/templates/${created.id}/render`)
        .set(bearer(recruiter))
        .send({ variables: { companyName: '<script>alert(5)</script>', salaryMin: 1, salaryMax: 2 } });
      expect(res.status).toBe(200);
      expect(res.body.html).not.toMatch(/<script|onerror|onclick|javascript:/i);
    });

    it('renders an older revision when asked; an unknown revision is 404', async () => {
      const created = await createTemplate();
      await t
        .http()
        .post(`/v1/templates/${created.id}/revisions`)
        .set(bearer(recruiter))
        .send({ sections: { ...SECTIONS, summary: 'Second revision for {{companyName}} in Go with PostgreSQL.' } });
      const old = await t
        .http()
        .post(`/v1/templates/${created.id}/render`)
        .set(bearer(recruiter))
        .send({ revisionId: created.latestRevisionId, variables: { companyName: 'Acme', salaryMin: 1, salaryMax: 2 } });
      expect(old.body.markdown).toContain('Acme is hiring');
      const latest = await t
        .http()
        .post(`/v1/templates/${created.id}/render`)
        .set(bearer(recruiter))
        .send({ variables: { companyName: 'Acme', salaryMin: 1, salaryMax: 2 } });
      expect(latest.body.markdown).toContain('Second revision');
      const missing = await t
        .http()
        .post(`/v1/templates/${created.id}/render`)
        .set(bearer(recruiter))
        .send({ revisionId: '00000000-0000-4000-8000-000000000000', variables: {} });
      expect(missing.status).toBe(404);
    });
  });

  describe('POST /v1/templates/lint', () => {
    const rules = (body: { findings: Array<{ rule: string; severity: string }> }) => body.findings.map((f) => `${f.rule}:${f.severity}`);

    it('lints sections with a job context and returns located findings', async () => {
      const res = await t
        .http()
        .post('/v1/templates/lint')
        .set(bearer(recruiter))
        .send({
          sections: {
            ...SECTIONS,
            summary: 'We want a rockstar ninja. He will own our Go services.',
            requirements: ['5+ years of Go.'],
            compensationNote: 'Competitive.',
          },
          context: { seniority: 'junior' },
        });
      expect(res.status).toBe(200);
      expect(rules(res.body)).toEqual(expect.arrayContaining(['pay-range-missing:error', 'exclusionary-language:warning', 'experience-vs-seniority:warning']));
      const ninja = res.body.findings.find((f: { rule: string; message: string }) => f.rule === 'exclusionary-language');
      expect(ninja).toMatchObject({ section: 'summary', start: expect.any(Number), end: expect.any(Number) });
      expect(ninja.end).toBeGreaterThan(ninja.start);
    });

    it('lints markdown; a wide salary context is flagged', async () => {
      const res = await t
        .http()
        .post('/v1/templates/lint')
        .set(bearer(recruiter))
        .send({
          markdown: '## About the role\n\nBuild things.\n',
          context: { salary: { min: 50000, max: 150000, currency: 'USD' } },
        });
      expect(res.status).toBe(200);
      expect(rules(res.body)).toEqual(
        expect.arrayContaining(['pay-range-too-wide:warning', 'section-missing:warning', 'too-generic:warning', 'length:warning']),
      );
      expect(res.body.findings.every((f: { section: string }) => f.section === 'markdown' || f.section === 'document' || f.section)).toBe(true);
    });

    it('reports each rule id only where it applies: a clean description has none of them, each fault brings its own', async () => {
      const lint = async (sections: Record<string, unknown>, context: Record<string, unknown> = {}) => {
        const res = await t.http().post('/v1/templates/lint').set(bearer(recruiter)).send({ sections, context });
        expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 200, errors: undefined });
        return res.body.findings as Array<{ rule: string; severity: string; section: string; start: number; end: number; suggestion?: string }>;
      };
      const ruleIds = [
        'pay-range-missing',
        'pay-range-too-wide',
        'experience-vs-seniority',
        'too-many-requirements',
        'exclusionary-language',
        'too-generic',
        'section-missing',
        'length',
      ];
      // A built-in lints clean as sections (the library's own unit test); each fault below is one change to it.
      const [builtIn] = (
        await t.http().get('/v1/templates?family=backend-developer&language=go&seniority=senior&systemType=distributed&workModel=hybrid').set(bearer(recruiter))
      ).body.data;
      const base = (await t.http().get(`/v1/templates/${builtIn.id}`).set(bearer(recruiter))).body.latestRevision.sections;
      const context = { seniority: 'senior', salary: { min: 90000, max: 120000, currency: 'EUR' } };
      const clean = await lint(base, context);
      expect(clean.filter((f) => f.severity !== 'info').map((f) => f.rule)).toEqual([]);
      const faults: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
        ['pay-range-missing', { ...base, compensationNote: 'Competitive pay.' }, { salary: undefined }],
        ['pay-range-too-wide', base, { salary: { min: 50000, max: 120000, currency: 'EUR' } }],
        ['experience-vs-seniority', base, { seniority: 'junior' }],
        [
          'too-many-requirements',
          { ...base, requirements: Array.from({ length: 11 }, (_, i) => `Requirement ${i + 1}: PostgreSQL, Go and Kafka experience.`) },
          {},
        ],
        ['exclusionary-language', { ...base, summary: `${base.summary} We want a native speaker.` }, {}],
        [
          'too-generic',
          {
            ...SECTIONS,
            summary: 'We are hiring an engineer to join the {{teamName}} team.',
            responsibilities: ['Write code.', 'Fix bugs.', 'Attend meetings.'],
            requirements: ['Experience as a software engineer.'],
            skills: ['Teamwork'],
            niceToHave: ['Curiosity.'],
            interviewFocus: ['Your experience.'],
          },
          {},
        ],
        ['section-missing', { ...base, interviewFocus: [] }, {}],
        ['length', { ...base, summary: 'Go. '.repeat(1240) }, {}],
      ];
      for (const [rule, sections, patch] of faults) {
        const findings = await lint(sections, { ...context, ...patch });
        expect({ rule, found: findings.some((f) => f.rule === rule && f.severity !== 'info') }).toEqual({ rule, found: true });
        expect({ rule, clean: clean.some((f) => f.rule === rule && f.severity !== 'info') }).toEqual({ rule, clean: false });
        for (const f of findings) expect(ruleIds).toContain(f.rule);
      }
      const exclusionary = (await lint({ ...SECTIONS, summary: `${SECTIONS.summary} We want a native speaker.` })).find(
        (f) => f.rule === 'exclusionary-language',
      );
      expect(exclusionary).toMatchObject({ section: 'summary', suggestion: expect.any(String) });
    });

    it('makes a missing pay range an info finding when the organization does not require one', async () => {
      const relaxed = await makeOrg(t);
      const db = await testDb();
      await db.query(`UPDATE organizations SET settings = settings || '{"requirePayRange": false}' WHERE id = $1`, [relaxed.id]);
      const res = await t
        .http()
        .post('/v1/templates/lint')
        .set(bearer(relaxed.admin))
        .send({ sections: { ...SECTIONS, compensationNote: 'Competitive.' } });
      expect(rules(res.body)).toContain('pay-range-missing:info');
    });

    it.each([
      ['neither sections nor markdown', {}, 'sections'],
      ['an unknown context field', { markdown: 'x', context: { requirePayRange: false } }, 'context.requirePayRange'],
      ['a bad seniority', { markdown: 'x', context: { seniority: 'lead' } }, 'context.seniority'],
      ['a negative salary', { markdown: 'x', context: { salary: { min: -1, max: 2 } } }, 'context.salary.min'],
    ])('rejects %s with 400 naming the field', async (_label, body, field) => {
      const res = await t.http().post('/v1/templates/lint').set(bearer(recruiter)).send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fields(res.body)).toContain(field);
    });
  });
});
