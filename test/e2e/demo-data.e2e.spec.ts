import { DemoOrganizationSeeder } from '../../apps/api/src/demo/demo-organization.service.js';
import { demoBanner, demoDataWanted } from '../../apps/api/src/demo/demo-data.seeder.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { unique } from '../support/factories.js';

const TABLES = [
  'users',
  'departments',
  'offices',
  'jobs',
  'candidates',
  'applications',
  'application_moves',
  'interviews',
  'scorecards',
  'hiring_decisions',
  'offers',
  'offer_approvals',
  'audit_log',
];

async function counts(organizationId: string): Promise<Record<string, number>> {
  const db = await testDb();
  const [row] = await db.query<Array<Record<string, number>>>(
    `SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t} WHERE organization_id = $1)::int AS ${t}`).join(', ')}`,
    [organizationId],
  );
  return row;
}

describe('demo organization (development start-up data)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  it('builds a living organization once: every job state, 40+ candidates in every stage over 8 weeks, interviews, scorecards, a pending decision, an offer awaiting approval and a hire; a second run adds nothing', async () => {
    const slug = unique('demo-');
    const options = { slug, name: 'Demo Robotics', domain: `${slug}.test` };
    const seeder = t.app.get(DemoOrganizationSeeder);
    const first = await seeder.seed(options);
    const org = first.organizationId;
    expect(first.created).toEqual({ users: 5, departments: 3, offices: 3, jobs: 5, applications: expect.any(Number) });
    const db = await testDb();

    const statuses = (await db.query(`SELECT status, count(*)::int AS n FROM jobs WHERE organization_id = $1 GROUP BY status`, [org])).map(
      (r: { status: string }) => r.status,
    );
    expect(statuses.sort()).toEqual(['closed', 'draft', 'on_hold', 'open']);
    expect(await count('candidates', 'organization_id = $1', [org])).toBeGreaterThanOrEqual(40);
    expect(first.created.applications).toBe(await count('applications', 'organization_id = $1', [org]));

    // Every stage of the main job holds someone.
    const empty = await db.query(
      `SELECT s.name FROM job_stages s JOIN jobs j ON j.id = s.job_id
        WHERE j.organization_id = $1 AND j.title = 'Senior Backend Engineer (Go)'
          AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.stage_id = s.id AND a.status IN ('active', 'hired'))`,
      [org],
    );
    expect(empty).toEqual([]);
    expect(await count('applications', `organization_id = $1 AND status = 'rejected'`, [org])).toBeGreaterThan(0);

    // Stage history over the past eight weeks, not all today.
    const [span] = await db.query(
      `SELECT extract(epoch FROM now() - min(moved_at)) / 86400 AS oldest, extract(epoch FROM now() - max(moved_at)) / 86400 AS newest,
              count(DISTINCT date_trunc('week', moved_at))::int AS weeks
         FROM application_moves WHERE organization_id = $1`,
      [org],
    );
    expect(Number(span.oldest)).toBeGreaterThan(42);
    expect(Number(span.oldest)).toBeLessThanOrEqual(57);
    expect(Number(span.newest)).toBeGreaterThanOrEqual(0.9);
    expect(span.weeks).toBeGreaterThanOrEqual(6);
    expect(await count('applications', `organization_id = $1 AND applied_at > now() - interval '1 day'`, [org])).toBe(0);

    // Interviews ahead and behind; scorecards submitted and owed.
    expect(await count('interviews', `organization_id = $1 AND starts_at > now() AND status = 'scheduled'`, [org])).toBeGreaterThan(0);
    expect(await count('interviews', `organization_id = $1 AND starts_at < now()`, [org])).toBeGreaterThan(0);
    expect(await count('scorecards', `organization_id = $1 AND status = 'submitted'`, [org])).toBeGreaterThan(0);
    const owed = await count(
      'interview_interviewers',
      `organization_id = $1 AND interview_id IN (SELECT id FROM interviews WHERE organization_id = $1 AND ends_at < now())
         AND NOT EXISTS (SELECT 1 FROM scorecards s WHERE s.interview_id = interview_interviewers.interview_id
                           AND s.interviewer_id = interview_interviewers.user_id AND s.status = 'submitted')`,
      [org],
    );
    expect(owed).toBeGreaterThan(0);

    // A decision waits: an application past its interviews in the hiring-manager stage, undecided.
    const pending = await count(
      'applications',
      `organization_id = $1 AND status = 'active'
         AND stage_id IN (SELECT id FROM job_stages WHERE organization_id = $1 AND kind = 'hiring_manager')
         AND NOT EXISTS (SELECT 1 FROM hiring_decisions d WHERE d.application_id = applications.id)`,
      [org],
    );
    expect(pending).toBeGreaterThanOrEqual(1);
    expect(await count('offers', `organization_id = $1 AND status = 'pending_approval'`, [org])).toBe(1);
    expect(await count('offers', `organization_id = $1 AND status = 'accepted'`, [org])).toBe(1);
    expect(await count('applications', `organization_id = $1 AND status = 'hired'`, [org])).toBe(1);

    const before = await counts(org);
    const second = await seeder.seed(options);
    expect(second).toEqual({ organizationId: org, created: { users: 0, departments: 0, offices: 0, jobs: 0, applications: 0 } });
    expect(await counts(org)).toEqual(before);
  }, 240_000);

  it('loads only in development and not with DEMO_DATA=off; the banner points at /app with a login per role', async () => {
    expect(demoDataWanted({ nodeEnv: 'development' }, {})).toBe(true);
    expect(demoDataWanted({ nodeEnv: 'development' }, { DEMO_DATA: 'off' })).toBe(false);
    expect(demoDataWanted({ nodeEnv: 'test' }, {})).toBe(false);
    expect(demoDataWanted({ nodeEnv: 'production' }, {})).toBe(false);
    const banner = demoBanner('http://localhost:3000');
    expect(banner).toContain('http://localhost:3000/app');
    for (const email of ['admin@', 'recruiter@', 'manager@', 'interviewer@', 'interviewer2@']) expect(banner).toContain(`${email}demo.hireloop.dev`);
    expect(banner).not.toContain('/v1/auth/login');

    // Other test files create organizations at the same time: count only what the seeder would add (its users).
    const demoUsers = () => count('users', `email LIKE '%@demo.hireloop.dev'`);
    const before = await demoUsers();
    const off = await startTestApp({ NODE_ENV: 'development', DEMO_DATA: 'off' });
    try {
      expect(await count('organizations', `slug = 'demo'`)).toBe(0);
      expect(await demoUsers()).toBe(before);
    } finally {
      await off.close();
    }
  });
});
