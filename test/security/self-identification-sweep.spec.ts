import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, testDb } from '../support/db.js';
import { bearer, unique } from '../support/factories.js';
import {
  buildTenantFixture,
  ID_FIELDS,
  RESOURCE_TABLES,
  settleOutbox,
  startTenantWorker,
  stopTenantWorker,
  type TenantFixture,
} from '../support/tenant-fixtures.js';

/**
 * Voluntary self-identification answers are never shown per candidate: every GET route of the API (read from
 * /docs-json, like the cross-tenant sweep), called as each role with the organization's own ids, answers none of an
 * application's survey values nor the survey row's id. The only route that names answers is the admins'
 * adverse-impact report, in aggregate (a group's name, with numbers only for five people or more).
 */
interface Operation {
  security?: unknown[];
  parameters?: Array<{ name: string; in: string }>;
}

const t: TestApp = await startTestApp();
const doc = (await t.http().get('/docs-json')).body as { paths: Record<string, Record<string, Operation>> };
const AGGREGATE_ONLY = new Set(['/v1/reports/adverse-impact']);
const ANSWERS = { race_ethnicity: 'native_hawaiian_or_pacific_islander', veteran_status: 'protected_veteran', disability: 'has_disability' };

describe('self-identification answers reach no read route', () => {
  let F: TenantFixture;
  let surveyIds: string[];

  beforeAll(async () => {
    await startTenantWorker();
    F = await buildTenantFixture(t, `Svy${unique('').replace(/[^A-Za-z0-9]/g, '')}`);
    await settleOutbox([F.org.id]);
    await stopTenantWorker();
    // The answers of the applications that have everything a reader can open: interviews, scorecards, offers, packets.
    const db = await testDb();
    const rows: Array<{ id: string }> = await db.query(
      `INSERT INTO self_identifications (organization_id, application_id, sex, race_ethnicity, veteran_status, disability)
       SELECT $1, a, 'female', $2, $3, $4 FROM unnest($5::uuid[]) AS a RETURNING id::text`,
      [
        F.org.id,
        ANSWERS.race_ethnicity,
        ANSWERS.veteran_status,
        ANSWERS.disability,
        [F.named.application, F.named.offerApplication, F.named.rejectedApplication],
      ],
    );
    surveyIds = rows.map((r) => r.id);
  }, 120_000);

  afterAll(async () => {
    await stopTenantWorker();
    await t.close();
    await closeTestDb();
  });

  /** The organization's own row for a path parameter: `{id}` by the segment before it, `{xxxId}` by its name. */
  function idFor(path: string, name: string): string | undefined {
    let table: string | undefined;
    if (name === 'id') {
      const segments = path.split('/');
      table = RESOURCE_TABLES[segments[segments.indexOf('{id}') - 1]];
    } else table = ID_FIELDS[name] || RESOURCE_TABLES[name.replace(/Id$/, 's')];
    if (!table) return undefined;
    return F.named.byTable[table] ?? F.ids[table]?.[0];
  }

  const routes = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method, op]) => method === 'get' && (op.security ?? []).length > 0 && path.startsWith('/v1/'))
      .map(([, op]) => ({ path, op })),
  );

  it('walks every signed-in read route', () => {
    expect(routes.length).toBeGreaterThan(60);
  });

  it('answers no survey value or survey id to an admin, a recruiter, a hiring manager or an interviewer', async () => {
    const roles = [F.users.admin, F.users.recruiter, F.users.hiringManager, F.users.interviewer, F.users.panelist];
    const leaks: string[] = [];
    let called = 0;
    for (const route of routes) {
      if (AGGREGATE_ONLY.has(route.path)) continue;
      const missing: string[] = [];
      const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => idFor(route.path, name) ?? (missing.push(name), name));
      if (missing.length) throw new Error(`GET ${route.path}: no id for {${missing.join('}, {')}} (see tenant-fixtures.ts)`);
      for (const user of roles) {
        const res = await t.http().get(path).set(bearer(user)).buffer(true);
        called += 1;
        const text = res.text ?? JSON.stringify(res.body);
        for (const secret of [...Object.values(ANSWERS), ...surveyIds])
          if (text.includes(secret)) leaks.push(`GET ${path} as ${user.roles.join(',')}: ${secret}`);
        if (/"(eeo_\w+|selfIdentification|raceEthnicity|veteranStatus)"\s*:/.test(text) && !path.startsWith('/v1/organization/settings'))
          leaks.push(`GET ${path} as ${user.roles.join(',')}: a survey field`);
      }
    }
    expect(called).toBeGreaterThan(300);
    expect(leaks).toEqual([]);
  });

  it('keeps them out of every event a webhook would carry and out of the audit log', async () => {
    const db = await testDb();
    const texts: Array<{ text: string }> = await db.query(
      `SELECT payload::text AS text FROM outbox_events WHERE organization_id = $1
       UNION ALL SELECT data::text FROM webhook_events WHERE organization_id = $1
       UNION ALL SELECT changes::text FROM audit_log WHERE organization_id = $1`,
      [F.org.id],
    );
    expect(texts.length).toBeGreaterThan(10);
    for (const { text } of texts) for (const secret of [...Object.values(ANSWERS), ...surveyIds]) expect(text).not.toContain(secret);
  });
});
