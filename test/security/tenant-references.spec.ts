import { randomUUID } from 'node:crypto';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';
import { makePipelineJob } from '../support/pipelines-fixtures.js';

const PROBLEM = /^application\/problem\+json/;
const FK_VIOLATION = '23503';

/** The rows a query returns, typed by the caller. */
async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await testDb()).query<T[]>(sql, params);
}

interface Body {
  id: string;
  version: number;
  errors?: { field: string }[];
}

/** One organization's rows of every kind the cases below refer to, inserted as real rows. */
interface World {
  org: string;
  user: string;
  office: string;
  department: string;
  reason: string;
  template: string;
  templateRevision: string;
  kit: string;
  kitRevision: string;
  job: string;
  stage: string;
  candidate: string;
  spareCandidate: string;
  application: string;
  interview: string;
  file: string;
}

async function seedWorld(org: TestOrg): Promise<World> {
  const db = await testDb();
  const one = async (sql: string, params: unknown[]): Promise<string> => (await rows<{ id: string }>(sql, params))[0].id;
  const job = await makePipelineJob(org.id);
  const [{ template_id: template, template_revision_id: templateRevision }] = await rows<{ template_id: string; template_revision_id: string }>(
    `SELECT template_id, template_revision_id FROM jobs WHERE id = $1`,
    [job.id],
  );
  const kit = randomUUID();
  const kitRevision = randomUUID();
  await db.transaction(async (m) => {
    await m.query(
      `INSERT INTO interview_kits (id, organization_id, key, title, stage_kind, latest_revision_id, latest_revision_number) VALUES ($1, $2, $3, 'Kit', 'system_design', $4, 1)`,
      [kit, org.id, unique('kit-'), kitRevision],
    );
    await m.query(`INSERT INTO interview_kit_revisions (id, organization_id, kit_id, number, content) VALUES ($1, $2, $3, 1, '{}')`, [
      kitRevision,
      org.id,
      kit,
    ]);
  });
  const candidate = async () =>
    one(`INSERT INTO candidates (organization_id, first_name, last_name, emails) VALUES ($1, 'Ada', $2, ARRAY[$3]) RETURNING id`, [
      org.id,
      unique('Lovelace'),
      `${unique('ada')}@example.test`,
    ]);
  const world = {
    org: org.id,
    user: org.admin.id,
    office: await one(`INSERT INTO offices (organization_id, name, city, region, country) VALUES ($1, 'HQ', 'Berlin', 'Berlin', 'DE') RETURNING id`, [org.id]),
    department: await one(`INSERT INTO departments (organization_id, name) VALUES ($1, $2) RETURNING id`, [org.id, unique('Engineering ')]),
    reason: await one(`INSERT INTO rejection_reasons (organization_id, label) VALUES ($1, $2) RETURNING id`, [org.id, unique('Not a fit ')]),
    template,
    templateRevision,
    kit,
    kitRevision,
    job: job.id,
    stage: job.stages[0].id,
    candidate: await candidate(),
    spareCandidate: await candidate(),
  };
  const application = await one(`INSERT INTO applications (organization_id, candidate_id, job_id, stage_id) VALUES ($1, $2, $3, $4) RETURNING id`, [
    org.id,
    world.candidate,
    world.job,
    world.stage,
  ]);
  const interview = await one(
    `INSERT INTO interviews (organization_id, application_id, candidate_id, job_id, stage_id, starts_at, ends_at, duration_minutes, reminder_due_at, escalation_due_at)
     VALUES ($1, $2, $3, $4, $5, now() + interval '1 day', now() + interval '1 day 1 hour', 60, now() + interval '2 days', now() + interval '3 days') RETURNING id`,
    [org.id, application, world.candidate, world.job, world.stage],
  );
  const file = await one(
    `INSERT INTO candidate_files (organization_id, candidate_id, file_name, content_type, size_bytes, storage_key, text_status)
     VALUES ($1, $2, 'cv.txt', 'text/plain', 3, $3, 'pending') RETURNING id`,
    [org.id, world.candidate, `test:${randomUUID()}`],
  );
  return { ...world, application, interview, file };
}

interface ReferenceCase {
  /** "child → parent", as the title says. */
  name: string;
  /** The statement run by organization `w`, naming `x`'s row where the reference goes. */
  statement: (w: World, x: World) => [string, unknown[]];
  /** What the statement would change in `w`'s organization: compared before and after the refused attempt. */
  state: (w: World) => [string, unknown[]];
}

const rowsOf = (table: string) => (w: World) => [`SELECT count(*)::int AS n FROM ${table} WHERE organization_id = $1`, [w.org]] as [string, unknown[]];

const CASES: ReferenceCase[] = [
  {
    name: 'application → job',
    statement: (w, x) => [
      `INSERT INTO applications (organization_id, candidate_id, job_id, stage_id) VALUES ($1, $2, $3, $4)`,
      [w.org, w.spareCandidate, x.job, w.stage],
    ],
    state: rowsOf('applications'),
  },
  {
    name: 'application → candidate',
    statement: (w, x) => [
      `INSERT INTO applications (organization_id, candidate_id, job_id, stage_id) VALUES ($1, $2, $3, $4)`,
      [w.org, x.spareCandidate, w.job, w.stage],
    ],
    state: rowsOf('applications'),
  },
  {
    name: 'application → stage (update)',
    statement: (w, x) => [`UPDATE applications SET stage_id = $2 WHERE id = $1`, [w.application, x.stage]],
    state: (w) => [`SELECT stage_id FROM applications WHERE id = $1`, [w.application]],
  },
  {
    name: 'application → rejection reason (update)',
    statement: (w, x) => [`UPDATE applications SET rejection_reason_id = $2 WHERE id = $1`, [w.application, x.reason]],
    state: (w) => [`SELECT rejection_reason_id FROM applications WHERE id = $1`, [w.application]],
  },
  {
    name: 'interview → application',
    statement: (w, x) => [
      `INSERT INTO interviews (organization_id, application_id, candidate_id, job_id, stage_id, starts_at, ends_at, duration_minutes, reminder_due_at, escalation_due_at)
       VALUES ($1, $2, $3, $4, $5, now(), now() + interval '1 hour', 60, now(), now())`,
      [w.org, x.application, w.candidate, w.job, w.stage],
    ],
    state: rowsOf('interviews'),
  },
  {
    name: 'interview → interview kit and revision (shared library)',
    statement: (w, x) => [
      `INSERT INTO interviews (organization_id, application_id, candidate_id, job_id, stage_id, kit_id, kit_revision_id, starts_at, ends_at, duration_minutes, reminder_due_at, escalation_due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now(), now() + interval '1 hour', 60, now(), now())`,
      [w.org, w.application, w.candidate, w.job, w.stage, x.kit, x.kitRevision],
    ],
    state: rowsOf('interviews'),
  },
  {
    name: 'interview panel → user',
    statement: (w, x) => [
      `INSERT INTO interview_interviewers (organization_id, interview_id, user_id, application_id, starts_at, ends_at) VALUES ($1, $2, $3, $4, now(), now() + interval '1 hour')`,
      [w.org, w.interview, x.user, w.application],
    ],
    state: rowsOf('interview_interviewers'),
  },
  {
    name: 'scorecard → interview',
    statement: (w, x) => [
      `INSERT INTO scorecards (organization_id, interview_id, application_id, job_id, interviewer_id) VALUES ($1, $2, $3, $4, $5)`,
      [w.org, x.interview, w.application, w.job, w.user],
    ],
    state: rowsOf('scorecards'),
  },
  {
    name: 'scorecard → interviewer (user)',
    statement: (w, x) => [
      `INSERT INTO scorecards (organization_id, interview_id, application_id, job_id, interviewer_id) VALUES ($1, $2, $3, $4, $5)`,
      [w.org, w.interview, w.application, w.job, x.user],
    ],
    state: rowsOf('scorecards'),
  },
  {
    name: 'offer → application',
    statement: (w, x) => [
      `INSERT INTO offers (organization_id, application_id, job_id, candidate_id, base_amount, base_currency, base_period, start_date, expires_at)
       VALUES ($1, $2, $3, $4, 100000, 'EUR', 'YEAR', current_date + 30, now() + interval '7 days')`,
      [w.org, x.application, w.job, w.candidate],
    ],
    state: rowsOf('offers'),
  },
  {
    name: 'job hiring team → user',
    statement: (w, x) => [`INSERT INTO job_hiring_team (organization_id, job_id, user_id, role) VALUES ($1, $2, $3, 'recruiter')`, [w.org, w.job, x.user]],
    state: rowsOf('job_hiring_team'),
  },
  {
    name: 'job hiring team → job',
    statement: (w, x) => [`INSERT INTO job_hiring_team (organization_id, job_id, user_id, role) VALUES ($1, $2, $3, 'recruiter')`, [w.org, x.job, w.user]],
    state: rowsOf('job_hiring_team'),
  },
  {
    name: 'job offices → office',
    statement: (w, x) => [`INSERT INTO job_offices (organization_id, job_id, office_id) VALUES ($1, $2, $3)`, [w.org, w.job, x.office]],
    state: rowsOf('job_offices'),
  },
  {
    name: 'job → department (update)',
    statement: (w, x) => [`UPDATE jobs SET department_id = $2 WHERE id = $1`, [w.job, x.department]],
    state: (w) => [`SELECT department_id FROM jobs WHERE id = $1`, [w.job]],
  },
  {
    name: 'job → template (shared library, update)',
    statement: (w, x) => [`UPDATE jobs SET template_id = $2, template_revision_id = $3 WHERE id = $1`, [w.job, x.template, x.templateRevision]],
    state: (w) => [`SELECT template_id, template_revision_id FROM jobs WHERE id = $1`, [w.job]],
  },
  {
    name: 'template revision → template',
    statement: (w, x) => [
      `INSERT INTO template_revisions (organization_id, template_id, number, title, sections, variables) VALUES ($1, $2, 99, 'T', '{}', '[]')`,
      [w.org, x.template],
    ],
    state: rowsOf('template_revisions'),
  },
  {
    name: 'department → parent department (update)',
    statement: (w, x) => [`UPDATE departments SET parent_id = $2 WHERE id = $1`, [w.department, x.department]],
    state: (w) => [`SELECT parent_id FROM departments WHERE id = $1`, [w.department]],
  },
  {
    name: 'candidate file → candidate',
    statement: (w, x) => [
      `INSERT INTO candidate_files (organization_id, candidate_id, file_name, content_type, size_bytes, storage_key, text_status) VALUES ($1, $2, 'cv.txt', 'text/plain', 3, 'test:x', 'pending')`,
      [w.org, x.candidate],
    ],
    state: rowsOf('candidate_files'),
  },
  {
    name: 'candidate file contents → candidate file',
    statement: (w, x) => [`INSERT INTO candidate_file_contents (organization_id, file_id, content) VALUES ($1, $2, '\\x616263')`, [w.org, x.file]],
    state: rowsOf('candidate_file_contents'),
  },
  {
    name: 'posting → job',
    statement: (w, x) => [`INSERT INTO postings (organization_id, job_id, board) VALUES ($1, $2, 'indeed')`, [w.org, x.job]],
    state: rowsOf('postings'),
  },
  {
    name: 'note → candidate',
    statement: (w, x) => [`INSERT INTO notes (organization_id, candidate_id, body) VALUES ($1, $2, 'x')`, [w.org, x.candidate]],
    state: rowsOf('notes'),
  },
  {
    name: 'activity event → application',
    statement: (w, x) => [
      `INSERT INTO activity_events (organization_id, candidate_id, application_id, kind) VALUES ($1, $2, $3, 'note_added')`,
      [w.org, w.candidate, x.application],
    ],
    state: rowsOf('activity_events'),
  },
];

/** Runs a statement inside a transaction that is always rolled back; the SQLSTATE it failed with, or null. */
async function tryRolledBack(sql: string, params: unknown[]): Promise<string | null> {
  const runner = (await testDb()).createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    await runner.query(sql, params);
    await runner.query('SET CONSTRAINTS ALL IMMEDIATE');
    return null;
  } catch (error) {
    return (error as { driverError?: { code?: string } }).driverError?.code ?? 'unknown';
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

/** Runs a statement on its own (committed if it succeeds); the SQLSTATE it failed with, or null. */
async function tryCommitted(sql: string, params: unknown[]): Promise<string | null> {
  try {
    await (await testDb()).query(sql, params);
    return null;
  } catch (error) {
    return (error as { driverError?: { code?: string } }).driverError?.code ?? 'unknown';
  }
}

describe('tenant references: no row refers to another organization’s row', () => {
  let t: TestApp;
  let orgA: TestOrg;
  let orgB: TestOrg;
  let a: World;
  let b: World;

  beforeAll(async () => {
    t = await startTestApp();
    [orgA, orgB] = [await makeOrg(t), await makeOrg(t)];
    [a, b] = [await seedWorld(orgA), await seedWorld(orgB)];
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await closeTestDb();
  });

  describe('the catalog', () => {
    interface ForeignKey {
      name: string;
      child: string;
      parent: string;
      columns: string[];
      parent_columns: string[];
    }
    let scoped: Map<string, boolean>;
    let foreignKeys: ForeignKey[];

    beforeAll(async () => {
      const db = await testDb();
      const columns: { table_name: string; nullable: boolean }[] = await db.query(
        `SELECT table_name, is_nullable = 'YES' AS nullable FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'organization_id'`,
      );
      scoped = new Map(columns.map((c) => [c.table_name, c.nullable]));
      foreignKeys = await db.query(
        `SELECT c.conname AS name, c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
                (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS columns,
                (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS parent_columns
           FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`,
      );
    });

    /** organization_id paired with organization_id, and the reference itself paired with id. */
    const composite = (fk: ForeignKey) =>
      fk.columns.length === 2 && fk.columns.indexOf('organization_id') >= 0 && fk.parent_columns[fk.columns.indexOf('organization_id')] === 'organization_id';

    it('finds the organization-scoped tables and their foreign keys (the checks below have something to check)', () => {
      expect(scoped.size).toBeGreaterThan(25);
      expect(foreignKeys.filter((fk) => scoped.has(fk.child) && scoped.has(fk.parent)).length).toBeGreaterThan(70);
    });

    it('every foreign key between two organization-scoped tables whose parent is never shared includes organization_id on both sides', () => {
      const offending = foreignKeys
        .filter((fk) => scoped.has(fk.child) && scoped.get(fk.parent) === false && !composite(fk))
        // A child with shared (NULL-organization) rows keeps a single-column key next to its composite twin.
        .filter(
          (fk) => !(scoped.get(fk.child) && foreignKeys.some((other) => other.child === fk.child && composite(other) && other.columns.includes(fk.columns[0]))),
        )
        .map((fk) => `${fk.child}.${fk.columns.join(',')} → ${fk.parent} (${fk.name})`);
      expect(offending).toEqual([]);
    });

    it('every reference into a table with shared built-in rows is checked by the shared_or_same_organization trigger', async () => {
      const db = await testDb();
      const triggers: { child: string; args: string }[] = await db.query(
        `SELECT t.tgrelid::regclass::text AS child, encode(t.tgargs, 'escape') AS args
           FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = 'shared_or_same_organization' AND t.tgconstraint <> 0`,
      );
      const checked = new Set(triggers.map((tr) => `${tr.child}:${tr.args.split('\\000').slice(0, 2).join(':')}`));
      const references = foreignKeys.filter((fk) => scoped.has(fk.child) && scoped.get(fk.parent) === true);
      expect(references.length).toBeGreaterThanOrEqual(10);
      const unchecked = references
        .filter((fk) => !checked.has(`${fk.child}:${fk.columns[0]}:${fk.parent}`))
        .map((fk) => `${fk.child}.${fk.columns[0]} → ${fk.parent}`);
      expect(unchecked).toEqual([]);
    });

    it('every table that refers to an organization-scoped table has organization_id itself', () => {
      const unscoped = foreignKeys.filter((fk) => scoped.has(fk.parent) && !scoped.has(fk.child)).map((fk) => `${fk.child} → ${fk.parent}`);
      expect(unscoped).toEqual([]);
    });
  });

  describe('direct SQL', () => {
    it.each(CASES.map((c) => [c.name, c] as const))(
      '%s: naming the own organization’s row works, another organization’s fails with a foreign-key violation and writes nothing',
      async (_name, c) => {
        expect(await tryRolledBack(...c.statement(a, a))).toBeNull();
        const before = await rows(...c.state(a));
        expect(await tryCommitted(...c.statement(a, b))).toBe(FK_VIOLATION);
        expect(await rows(...c.state(a))).toEqual(before);
      },
    );

    it('a built-in template and interview kit may be used by every organization', async () => {
      const [tpl] = await rows<{ id: string; latest_revision_id: string }>(
        `SELECT id, latest_revision_id FROM templates WHERE organization_id IS NULL ORDER BY key LIMIT 1`,
      );
      const [kit] = await rows<{ id: string; latest_revision_id: string }>(
        `SELECT id, latest_revision_id FROM interview_kits WHERE organization_id IS NULL ORDER BY key LIMIT 1`,
      );
      expect(
        await tryRolledBack(`UPDATE jobs SET template_id = $2, template_revision_id = $3 WHERE id = $1`, [a.job, tpl.id, tpl.latest_revision_id]),
      ).toBeNull();
      expect(
        await tryRolledBack(`UPDATE interviews SET kit_id = $2, kit_revision_id = $3 WHERE id = $1`, [a.interview, kit.id, kit.latest_revision_id]),
      ).toBeNull();
    });

    it('an organization’s own template or kit cannot be recorded as a built-in one’s revision or fork', async () => {
      const [builtIn] = await rows<{ id: string }>(`SELECT id FROM templates WHERE organization_id IS NULL ORDER BY key LIMIT 1`);
      const before = await count('template_revisions', 'template_id = $1', [a.template]);
      // A revision claiming to be shared (no organization) of an organization's template.
      expect(
        await tryCommitted(`INSERT INTO template_revisions (template_id, number, title, sections, variables) VALUES ($1, 99, 'T', '{}', '[]')`, [a.template]),
      ).toBe(FK_VIOLATION);
      expect(await count('template_revisions', 'template_id = $1', [a.template])).toBe(before);
      // Forking: an organization's template may come from a built-in one, never from another organization's.
      expect(await tryRolledBack(`UPDATE templates SET forked_from_id = $2 WHERE id = $1`, [a.template, builtIn.id])).toBeNull();
      expect(await tryCommitted(`UPDATE templates SET forked_from_id = $2 WHERE id = $1`, [a.template, b.template])).toBe(FK_VIOLATION);
      expect(await count('templates', 'id = $1 AND forked_from_id IS NOT NULL', [a.template])).toBe(0);
      expect(await tryCommitted(`UPDATE interview_kits SET forked_from = $2 WHERE id = $1`, [a.kit, b.kit])).toBe(FK_VIOLATION);
      expect(await count('interview_kits', 'id = $1 AND forked_from IS NOT NULL', [a.kit])).toBe(0);
    });

    it('deleting a user still clears only the reference (ON DELETE SET NULL keeps organization_id)', async () => {
      const db = await testDb();
      const [{ id: userId }] = await rows<{ id: string }>(
        `INSERT INTO users (organization_id, email, name, password_hash, roles) VALUES ($1, $2, 'Gone', 'x', ARRAY['recruiter']) RETURNING id`,
        [a.org, `${unique('gone')}@example.test`],
      );
      const [{ id: candidateId }] = await rows<{ id: string }>(
        `INSERT INTO candidates (organization_id, first_name, last_name, emails, created_by) VALUES ($1, 'Kim', 'Created', ARRAY[$2], $3) RETURNING id`,
        [a.org, `${unique('kim')}@example.test`, userId],
      );
      await db.query(`DELETE FROM users WHERE id = $1`, [userId]);
      const [row] = await rows(`SELECT organization_id, created_by FROM candidates WHERE id = $1`, [candidateId]);
      expect(row).toEqual({ organization_id: a.org, created_by: null });
    });
  });

  describe('through the API', () => {
    let recruiter: TestUser;
    let manager: TestUser;
    let theirRecruiter: TestUser;
    let builtInTemplateId: string;

    beforeAll(async () => {
      recruiter = await makeUser(t, orgA, ['recruiter']);
      manager = await makeUser(t, orgA, ['hiring_manager']);
      theirRecruiter = await makeUser(t, orgB, ['recruiter', 'hiring_manager', 'interviewer']);
      const [tpl] = await rows<{ id: string }>(`SELECT id FROM templates WHERE organization_id IS NULL ORDER BY key LIMIT 1`);
      builtInTemplateId = tpl.id;
    });

    const validJob = (patch: Record<string, unknown> = {}) => ({
      templateId: builtInTemplateId,
      departmentId: a.department,
      officeIds: [a.office],
      workModel: 'hybrid',
      employmentType: 'FULL_TIME',
      seniority: 'senior',
      salary: { min: 120000, max: 160000, currency: 'EUR', period: 'YEAR' },
      openings: 1,
      hiringTeam: { recruiterIds: [recruiter.id], hiringManagerIds: [manager.id], interviewerIds: [] },
      ...patch,
    });
    const jobWrites = async () => ({
      jobs: await count('jobs', 'organization_id = $1', [a.org]),
      offices: await count('job_offices', 'organization_id = $1', [a.org]),
      team: await count('job_hiring_team', 'organization_id = $1', [a.org]),
      audit: await count('audit_log', 'organization_id = $1', [a.org]),
    });

    it('creates a job from its own rows (the control: the payload below is valid)', async () => {
      const res = await t.http().post('/v1/jobs').set(bearer(recruiter)).send(validJob());
      expect(res.status).toBe(201);
      expect(await count('job_offices', 'job_id = $1 AND organization_id = $2', [(res.body as Body).id, a.org])).toBe(1);
    });

    it.each([
      ['office', () => ({ officeIds: [a.office, b.office] }), 'officeIds.1'],
      ['department', () => ({ departmentId: b.department }), 'departmentId'],
      [
        'hiring-team recruiter',
        () => ({ hiringTeam: { recruiterIds: [theirRecruiter.id], hiringManagerIds: [manager.id], interviewerIds: [] } }),
        'hiringTeam.recruiterIds.0',
      ],
      [
        'hiring-team interviewer',
        () => ({ hiringTeam: { recruiterIds: [recruiter.id], hiringManagerIds: [manager.id], interviewerIds: [theirRecruiter.id] } }),
        'hiringTeam.interviewerIds.0',
      ],
    ])('job create naming another organization’s %s answers 4xx naming the field and writes nothing', async (_label, patch, field) => {
      const before = await jobWrites();
      const res = await t.http().post('/v1/jobs').set(bearer(recruiter)).send(validJob(patch()));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(((res.body as Body).errors ?? []).map((e) => e.field)).toContain(field);
      expect(await jobWrites()).toEqual(before);
    });

    it('job update naming another organization’s office or hiring manager answers 4xx and changes nothing', async () => {
      const res = await t.http().post('/v1/jobs').set(bearer(recruiter)).send(validJob());
      expect(res.status).toBe(201);
      const created = res.body as Body;
      const before = await jobWrites();
      for (const patch of [
        { officeIds: [b.office] },
        { hiringTeam: { recruiterIds: [recruiter.id], hiringManagerIds: [theirRecruiter.id], interviewerIds: [] } },
      ]) {
        const res = await t.http().patch(`/v1/jobs/${created.id}`).set(bearer(recruiter)).send(patch);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
      expect(await jobWrites()).toEqual(before);
      const [job] = await rows<{ version: number }>(`SELECT version FROM jobs WHERE id = $1`, [created.id]);
      expect(job.version).toBe(created.version);
    });

    it('rejecting with another organization’s rejection reason answers 4xx and leaves the application active', async () => {
      const writes = async () => ({
        moves: await count('application_moves', 'organization_id = $1', [a.org]),
        audit: await count('audit_log', 'organization_id = $1', [a.org]),
        outbox: await count('outbox_events', 'organization_id = $1', [a.org]),
      });
      const before = await writes();
      const res = await t.http().post(`/v1/applications/${a.application}/reject`).set(bearer(orgA.admin)).send({ reasonId: b.reason });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      const [app] = await rows(`SELECT status, rejection_reason_id FROM applications WHERE id = $1`, [a.application]);
      expect(app).toEqual({ status: 'active', rejection_reason_id: null });
      expect(await writes()).toEqual(before);
    });

    it('moving an application to another organization’s stage answers 4xx and leaves it where it was', async () => {
      const [{ version }] = await rows<{ version: number }>(`SELECT version FROM applications WHERE id = $1`, [a.application]);
      const res = await t.http().post(`/v1/applications/${a.application}/move`).set(bearer(orgA.admin)).send({ toStageId: b.stage, expectedVersion: version });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(await count('applications', 'id = $1 AND stage_id = $2', [a.application, a.stage])).toBe(1);
    });

    it('applying a candidate of this organization to another organization’s job, or another’s candidate to this job, answers 4xx and writes nothing', async () => {
      const before = await count('applications', 'organization_id IN ($1, $2)', [a.org, b.org]);
      for (const body of [
        { candidateId: a.spareCandidate, jobId: b.job },
        { candidateId: b.spareCandidate, jobId: a.job },
      ]) {
        const res = await t.http().post('/v1/applications').set(bearer(orgA.admin)).send(body);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
      expect(await count('applications', 'organization_id IN ($1, $2)', [a.org, b.org])).toBe(before);
    });
  });
});
