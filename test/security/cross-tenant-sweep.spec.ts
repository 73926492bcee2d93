/**
 * The cross-tenant sweep. Generated from the API's own OpenAPI document (`/docs-json`): every route that
 * takes an id (a path parameter, an id in its query string or in its body) is called by every role of
 * organization B with the ids organization A has, and must answer as if those rows did not exist:
 * 404 problem+json for an id in the path (403 only where the route documents it, for a role it refuses
 * whatever the id), never a 2xx showing A's data, never a 5xx, and A's and B's rows exactly as before.
 *
 * A new route is swept the day it is added. When the sweep cannot build a request for it (a path segment
 * or id field it does not know, a write without a body below), its test fails and says what to add:
 * a resource in RESOURCE_TABLES / ID_FIELDS and a row in buildTenantFixture (test/support/tenant-fixtures.ts),
 * or a valid body in BODIES here.
 */
import type { Response } from 'supertest';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, testDb } from '../support/db.js';
import { bearer, makeUser, TestUser, unique } from '../support/factories.js';
import { makePdf } from '../support/resume-fixtures.js';
import {
  buildTenantFixture,
  ID_FIELDS,
  RESOURCE_TABLES,
  settleOutbox,
  startTenantWorker,
  stopTenantWorker,
  TEMPLATE_SECTIONS,
  TenantFixture,
} from '../support/tenant-fixtures.js';

/** The parts of a JSON Schema the sweep reads. */
interface Schema {
  $ref?: string;
  format?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
}
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Operation {
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses?: Record<string, unknown>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}
/** A JSON request body (or a node inside one). */
type Json = unknown;
type Body = Record<string, unknown> | undefined;
interface Route {
  method: Method;
  path: string;
  key: string;
  op: Operation;
}
/** Current version of a row, for bodies that must carry it to reach the id check. */
type VersionOf = (table: string, id: string) => Promise<number>;
type BodyBuilder = (f: TenantFixture, version: VersionOf, pathId: string) => Promise<Body> | Body;

const PROBLEM = /application\/problem\+json/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const dateIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/**
 * A valid body for every write the sweep sends, built from one organization's fixture (A's ids for the
 * path sweep, B's own for the body-id sweep), so the request gets past validation to the id check.
 */
const BODIES: Record<string, BodyBuilder> = {
  'POST /v1/applications/{id}/emails': () => ({ subject: 'A note from another organization', body: 'Hello.' }),
  'POST /v1/applications/bulk-email': (f) => ({ applicationIds: [f.named.application], subject: 'A note from another organization', body: 'Hello.' }),
  'PATCH /v1/email-templates/{id}': () => ({ name: 'Renamed by another organization' }),
  'POST /v1/privacy/requests/{id}/reject': () => ({ reason: 'Rejected by another organization' }),
  'POST /v1/email-templates/{id}/preview': (f) => ({ applicationId: f.named.application }),
  'POST /v1/inbox/{id}/assign': (f) => ({ candidateId: f.named.candidate }),
  'PATCH /v1/users/{id}': () => ({ name: 'Renamed by another organization' }),
  'PATCH /v1/users/{id}/working-hours': () => ({ timeZone: 'Europe/Berlin' }),
  'PATCH /v1/me/working-hours': () => ({ timeZone: 'Europe/Berlin' }),
  'POST /v1/applications/{id}/scheduling-requests': (f) => ({
    stageId: f.named.stages.technical,
    kitId: f.named.kit,
    interviewerIds: [f.users.interviewer.id],
    durationMinutes: 45,
    windowDays: 7,
    minNoticeHours: 24,
    bufferMinutes: 10,
    location: 'Room 2',
  }),
  'POST /v1/templates/{id}/revisions': () => ({ sections: TEMPLATE_SECTIONS }),
  'POST /v1/templates/{id}/fork': () => ({ title: 'Forked' }),
  'POST /v1/templates/{id}/render': (f, _v, id) => ({ variables: {}, revisionId: id === f.named.template ? f.named.templateRevision : undefined }),
  'POST /v1/jobs': (f) => ({
    templateId: f.named.template,
    title: 'Another job',
    departmentId: f.named.department,
    officeIds: [f.named.office],
    workModel: 'hybrid',
    employmentType: 'FULL_TIME',
    seniority: 'senior',
    openings: 1,
    hiringTeam: { recruiterIds: [f.users.recruiter.id], hiringManagerIds: [f.users.hiringManager.id], interviewerIds: [f.users.interviewer.id] },
  }),
  'PATCH /v1/jobs/{id}': async (f, v, id) => ({
    version: await v('jobs', id),
    title: 'Renamed job',
    departmentId: f.named.department,
    officeIds: [f.named.office],
    hiringTeam: { recruiterIds: [f.users.recruiter.id], hiringManagerIds: [f.users.hiringManager.id], interviewerIds: [f.users.interviewer.id] },
  }),
  'PUT /v1/jobs/{id}/stages': async (f, v, id) => ({
    version: await v('jobs', id),
    stages: [
      { id: f.named.secondJobStage, name: 'Application review', kind: 'application_review' },
      { name: 'Hired', kind: 'hired' },
    ],
  }),
  'POST /v1/jobs/{id}/open': async (_f, v, id) => ({ version: await v('jobs', id) }),
  'POST /v1/jobs/{id}/hold': async (_f, v, id) => ({ version: await v('jobs', id) }),
  'POST /v1/jobs/{id}/close': async (_f, v, id) => ({ reason: 'Position filled', version: await v('jobs', id) }),
  'POST /v1/departments': (f) => ({ name: unique('Dept '), parentId: f.named.department }),
  'PATCH /v1/departments/{id}': (f, _v, id) => ({ name: unique('Dept '), parentId: id === f.named.department ? f.named.parentDepartment : f.named.department }),
  'POST /v1/offices': (f) => ({ name: unique('Office '), city: 'Paris', region: 'IDF', country: 'FR', parentId: f.named.office }),
  'PATCH /v1/offices/{id}': (f, _v, id) => ({ name: unique('Office '), parentId: id === f.named.office ? f.named.parentOffice : f.named.office }),
  'PATCH /v1/candidates/{id}': async (_f, v, id) => ({ version: await v('candidates', id), location: 'Lisbon' }),
  'POST /v1/candidates/{id}/merge': (f, _v, id) => ({ otherId: id === f.named.otherCandidate ? f.named.candidate : f.named.otherCandidate }),
  'POST /v1/candidates/{id}/notes': (f, _v, id) => ({ body: 'A note', applicationId: id === f.named.candidate ? f.named.application : undefined }),
  'POST /v1/candidates/{id}/resume': () => ({}),
  'POST /v1/applications': (f) => ({ candidateId: f.named.otherCandidate, jobId: f.named.secondJob }),
  'POST /v1/applications/bulk': (f) => ({ action: 'move', ids: [f.named.application], toStageId: f.named.stages.screen }),
  'POST /v1/applications/{id}/move': async (f, v, id) => ({ toStageId: f.named.stages.screen, expectedVersion: await v('applications', id) }),
  'POST /v1/applications/{id}/reject': async (f, v, id) => ({ reasonId: f.named.rejectionReason, expectedVersion: await v('applications', id) }),
  'POST /v1/applications/{id}/withdraw': async (_f, v, id) => ({ expectedVersion: await v('applications', id) }),
  'POST /v1/applications/{id}/reopen': async (_f, v, id) => ({ expectedVersion: await v('applications', id) }),
  'POST /v1/applications/{id}/notes': () => ({ body: 'A note' }),
  'POST /v1/interview-kits/{id}/revisions': (f) => ({ ...f.kitContent, title: 'Revised kit' }),
  'POST /v1/interview-kits/{id}/fork': () => ({ key: unique('fork-'), title: 'Forked kit' }),
  'POST /v1/applications/{id}/interviews': (f) => ({
    stageId: f.named.stages.technical,
    kitId: f.named.kit,
    startsAt: dateIn(5),
    durationMinutes: 45,
    interviewerIds: [f.users.interviewer.id],
    location: 'Room 2',
    allowOverlap: true,
  }),
  'PATCH /v1/interviews/{id}': async (f, v, id) => ({ version: await v('interviews', id), location: 'Room 9', interviewerIds: [f.users.interviewer.id] }),
  'POST /v1/interviews/{id}/cancel': async (_f, v, id) => ({ reason: 'Candidate asked to move it', version: await v('interviews', id) }),
  'PUT /v1/interviews/{id}/scorecard': () => ({ keyTakeaways: 'Overwritten' }),
  'POST /v1/interviews/{id}/scorecard/submit': (f) => ({ ratings: [{ competency: f.kitCompetency, rating: 2 }], keyTakeaways: 'Submitted', overall: 'no' }),
  'POST /v1/interviews/{id}/scorecard/corrections': () => ({ reason: 'Typo', keyTakeaways: 'Corrected' }),
  'POST /v1/applications/{id}/decision': () => ({
    decision: 'offer',
    rationale: 'Strong system design and clear communication across every interview.',
    acknowledgeMissingFeedback: true,
  }),
  'POST /v1/applications/{id}/offers': () => ({
    base: { amount: 110000, currency: 'EUR', period: 'YEAR' },
    startDate: dateIn(40).slice(0, 10),
    expiresAt: dateIn(20),
  }),
  'PATCH /v1/offers/{id}': async (_f, v, id) => ({ version: await v('offers', id), notes: 'Changed' }),
  'POST /v1/offers/{id}/submit': async (_f, v, id) => ({ version: await v('offers', id) }),
  'POST /v1/offers/{id}/approve': async (_f, v, id) => ({ version: await v('offers', id), comment: 'ok' }),
  'POST /v1/offers/{id}/reject': async (_f, v, id) => ({ version: await v('offers', id), comment: 'no' }),
  'POST /v1/offers/{id}/send': async (_f, v, id) => ({ version: await v('offers', id) }),
  'POST /v1/offers/{id}/accept': async (_f, v, id) => ({ version: await v('offers', id) }),
  'POST /v1/offers/{id}/decline': async (_f, v, id) => ({ version: await v('offers', id), reason: 'Took another offer' }),
  'POST /v1/offers/{id}/withdraw': async (_f, v, id) => ({ version: await v('offers', id), reason: 'Budget frozen' }),
  'PUT /v1/offer-settings': (f) => ({ approvalChain: [{ userId: f.users.hiringManager.id }, { role: 'admin' }] }),
  'POST /v1/jobs/{id}/postings': () => ({ boards: ['careers'] }),
  'PATCH /v1/partner-boards/{id}': () => ({ name: unique('Board ') }),
  'PATCH /v1/webhooks/{id}': () => ({ description: 'Changed by another organization' }),
  'POST /v1/webhooks/{id}/replay': () => ({ since: dateIn(-1) }),
  'PATCH /v1/privacy/settings': () => ({ gracePeriodDays: 7 }),
  'POST /v1/privacy/due/{candidateId}/keep': () => ({ reason: 'Still in touch about another role' }),
};

/**
 * Bodies for id fields the route's usual body leaves out (an alternative to another field, or one that
 * only some actions take), keyed by route and field: the body-id sweep sends A's id in each of them.
 */
const FIELD_BODIES: Record<string, BodyBuilder> = {
  // An email's templateId names an email template; the sweep fills in a job template of A (refused all the same).
  'POST /v1/applications/{id}/emails templateId': (f) => ({ templateId: f.named.template, subject: 'Hello', body: 'Hello.' }),
  'POST /v1/applications/bulk-email templateId': (f) => ({
    applicationIds: [f.named.application],
    templateId: f.named.template,
    subject: 'Hello',
    body: 'Hello.',
  }),
  'POST /v1/jobs templateRevisionId': (f, v, id) => ({
    ...(BODIES['POST /v1/jobs'](f, v, id) as object),
    templateId: undefined,
    templateRevisionId: f.named.templateRevision,
  }),
  'PATCH /v1/jobs/{id} templateRevisionId': async (f, v, id) => ({ version: await v('jobs', id), templateRevisionId: f.named.templateRevision }),
  'POST /v1/applications/bulk reasonId': (f) => ({ action: 'reject', ids: [f.named.application], reasonId: f.named.rejectionReason }),
  'POST /v1/applications/{id}/decision reasonId': (f) => ({
    decision: 'reject',
    rationale: 'Not enough depth in system design for this level.',
    reasonId: f.named.rejectionReason,
    acknowledgeMissingFeedback: true,
  }),
  'POST /v1/offers/{id}/decline reasonId': async (f, v, id) => ({ version: await v('offers', id), reasonId: f.named.rejectionReason }),
};

/** Body fields that name a row: by field name (ID_FIELDS), `parentId` as the route's own resource, `stages[].id` a stage. */
function idFieldTable(name: string, parent: string | undefined, routeTable: string | undefined): string | undefined {
  if (name === 'parentId') return routeTable;
  if (name === 'id') return parent === 'stages' ? 'job_stages' : undefined;
  if (name === 'userId') return 'users';
  return ID_FIELDS[name] || undefined;
}

// Jest collects `it`s synchronously, so the document is fetched before the suite is declared.
const t: TestApp = await startTestApp();
const docResponse = await t.http().get('/docs-json');
if (docResponse.status !== 200) throw new Error(`/docs-json answered ${docResponse.status}`);
const doc = docResponse.body as OpenApiDocument;

describe('cross-tenant sweep: another organization’s ids answer 404 and write nothing', () => {
  let A: TenantFixture;
  let B: TenantFixture;
  let bRoles: { role: string; user: TestUser }[];
  let aIds: Set<string>;
  let snapshotSql: string;

  beforeAll(async () => {
    await startTenantWorker();
    const mark = unique('Zq').replace(/[^A-Za-z0-9]/g, '');
    [A, B] = await Promise.all([buildTenantFixture(t, `Aorg${mark}`), buildTenantFixture(t, `Borg${mark}`)]);
    bRoles = [
      { role: 'admin', user: B.users.admin },
      { role: 'recruiter', user: B.users.recruiter },
      { role: 'hiring_manager', user: B.users.hiringManager },
      { role: 'interviewer', user: B.users.interviewer },
      // An admin of B on no hiring team: nothing of B makes A's rows visible to them either.
      { role: 'admin (no team)', user: await makeUser(t, B.org, ['admin'], 'Bea Admin') },
    ];
    await settleOutbox([A.org.id, B.org.id]);
    await stopTenantWorker();
    aIds = await allIds(A.org.id);
    snapshotSql = await buildSnapshotSql();
  }, 120_000);

  afterAll(async () => {
    await stopTenantWorker();
    await t.close();
    await closeTestDb();
  });

  // ---------------------------------------------------------------------------------------------
  // What the sweep checks on every answer.

  /** Every uuid of a row of the organization (any table with an `id` and `organization_id`). */
  async function allIds(orgId: string): Promise<Set<string>> {
    const db = await testDb();
    const tables: { table_name: string }[] = await db.query(
      `SELECT c.table_name FROM information_schema.columns c
        WHERE c.table_schema = 'public' AND c.column_name = 'id' AND c.data_type = 'uuid'
          AND EXISTS (SELECT 1 FROM information_schema.columns o WHERE o.table_schema = 'public' AND o.table_name = c.table_name AND o.column_name = 'organization_id')`,
    );
    const ids = new Set<string>([orgId]);
    for (const { table_name } of tables) {
      const rows: { id: string }[] = await db.query(`SELECT id::text FROM ${table_name} WHERE organization_id = $1`, [orgId]);
      for (const row of rows) ids.add(row.id);
    }
    return ids;
  }

  const WORKER_CACHES = new Set(['board_feeds']);

  /**
   * One query hashing every row an organization owns: tables with `organization_id`, the organization
   * itself, and child tables scoped through their foreign key to such a table.
   */
  async function buildSnapshotSql(): Promise<string> {
    const db = await testDb();
    const columns: { table_name: string; column_name: string }[] = await db.query(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'`,
    );
    const fks: { table_name: string; column_name: string; ref_table: string; ref_column: string }[] = await db.query(
      `SELECT kcu.table_name, kcu.column_name, ccu.table_name AS ref_table, ccu.column_name AS ref_column
         FROM information_schema.table_constraints tc
         JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
         JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
        WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'`,
    );
    const tables = [...new Set(columns.map((c) => c.table_name))].sort();
    const hasOrg = new Set(columns.filter((c) => c.column_name === 'organization_id').map((c) => c.table_name));
    const parts: string[] = [];
    for (const table of tables) {
      // Derived caches the worker rebuilds on its own schedule (a board's feed XML), not written by any request:
      // another test file's worker may rebuild A's feed mid-sweep, which says nothing about the request swept.
      if (WORKER_CACHES.has(table)) continue;
      let where: string | undefined;
      if (table === 'organizations') where = 'x.id = $1';
      else if (hasOrg.has(table)) where = 'x.organization_id = $1';
      else {
        const fk = fks.find((k) => k.table_name === table && hasOrg.has(k.ref_table) && k.column_name !== 'organization_id');
        if (fk) where = `x.${fk.column_name} IN (SELECT ${fk.ref_column} FROM ${fk.ref_table} WHERE organization_id = $1)`;
      }
      if (!where) continue;
      parts.push(
        `SELECT '${table}' AS t, count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${table} x WHERE ${where}`,
      );
    }
    return parts.join(' UNION ALL ');
  }

  /** Both organizations' rows, taken together. */
  const snapshots = () => Promise.all([snapshot(A.org.id), snapshot(B.org.id)]);

  async function snapshot(orgId: string): Promise<Record<string, string>> {
    const db = await testDb();
    const rows: { t: string; n: number; h: string }[] = await db.query(snapshotSql, [orgId]);
    return Object.fromEntries(rows.map((r) => [r.t, `${r.n}:${r.h}`]));
  }

  const version: VersionOf = async (table, id) => {
    const db = await testDb();
    const [row]: ({ version: number } | undefined)[] = await db.query(`SELECT version FROM ${table} WHERE id = $1`, [id]);
    return row?.version ?? 1;
  };

  /** A's data in an answer to B: its marker, or an id of A's that B did not send. */
  function leaks(res: Response, sent: string): string[] {
    const text = res.text ?? JSON.stringify(res.body ?? '');
    const found: string[] = [];
    if (text.toLowerCase().includes(A.marker.toLowerCase())) found.push(`the name marker ${A.marker}`);
    for (const id of text.match(UUID) ?? []) if (aIds.has(id.toLowerCase()) && !sent.includes(id.toLowerCase())) found.push(`A's id ${id}`);
    return found;
  }

  /** The same request from every role of B at once (nothing they send may succeed, so their order does not matter). */
  async function asEveryRole(probe: (who: { role: string; user: TestUser }) => Promise<void>): Promise<void> {
    await Promise.all(bRoles.map(probe));
  }

  /** A bulk action answers 200 with one result per item: refused means every item failed. */
  function refusedEveryItem(res: Response): boolean {
    const results = (res.body as { results?: { ok?: boolean; status?: number }[] } | undefined)?.results;
    return Array.isArray(results) && results.length > 0 && results.every((r) => r.ok === false && (r.status ?? 0) >= 400 && (r.status ?? 0) < 500);
  }

  // ---------------------------------------------------------------------------------------------
  // Building requests from the document.

  function resolveSchema(schema: Schema | undefined): Schema | undefined {
    let s = schema;
    while (s?.$ref) s = doc.components.schemas[s.$ref.split('/').pop()!];
    return s;
  }

  /** The table a path parameter names: `{id}` by the segment before it (the last one for a route without), `{jobId}` by its name. */
  function pathParamTable(path: string, name: string): string | undefined {
    if (name === 'id') {
      const segments = path.split('/');
      const at = segments.indexOf('{id}');
      return RESOURCE_TABLES[at < 0 ? segments[segments.length - 1] : segments[at - 1]];
    }
    return ID_FIELDS[name] || RESOURCE_TABLES[name.replace(/Id$/, 's')];
  }

  /** Paths to id fields in a body (recursively through arrays and nested objects). */
  function bodyIdFields(
    body: Json,
    routeTable: string | undefined,
    parent?: string,
    prefix: (string | number)[] = [],
  ): { at: (string | number)[]; table: string }[] {
    const out: { at: (string | number)[]; table: string }[] = [];
    if (Array.isArray(body)) body.forEach((item: Json, i) => out.push(...bodyIdFields(item, routeTable, parent, [...prefix, i])));
    else if (body && typeof body === 'object') {
      for (const [key, value] of Object.entries(body as Record<string, Json>)) {
        const table = idFieldTable(key, parent, routeTable);
        if (table && (typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))))
          out.push({ at: [...prefix, key], table });
        else out.push(...bodyIdFields(value, routeTable, key, [...prefix, key]));
      }
    }
    return out;
  }

  function withField(body: Body, at: (string | number)[], value: string): Body {
    const copy = structuredClone(body);
    let target = copy as Record<string | number, Json>;
    for (const step of at.slice(0, -1)) target = target[step] as Record<string | number, Json>;
    const last = at[at.length - 1];
    target[last] = Array.isArray(target[last]) ? [value] : value;
    return copy;
  }

  function send(route: Route, user: TestUser, path: string, body: Body, query: Record<string, string> = {}) {
    const req = t.http()[route.method](path).query(query).set(bearer(user));
    const content = route.op.requestBody?.content ?? {};
    if (content['multipart/form-data']) {
      return req.attach('resume', makePdf('Resume sent across organizations'), { filename: 'resume.pdf', contentType: 'application/pdf' });
    }
    return body === undefined ? req : req.send(body);
  }

  const isWrite = (route: Route) => route.method !== 'get';
  const documents403 = (route: Route) => Boolean(route.op.responses?.['403']);
  const pathParams = (route: Route) => (route.op.parameters ?? []).filter((p) => p.in === 'path');
  const routeTable = (route: Route) => pathParamTable(route.path, 'id');

  function bodyFor(route: Route): BodyBuilder | undefined {
    if (!route.op.requestBody) return () => undefined;
    return BODIES[route.key];
  }

  /** A's ids for a path parameter, or an error telling the developer what the sweep needs. */
  function idsOfA(route: Route, param: string): string[] {
    const table = pathParamTable(route.path, param);
    if (!table)
      throw new Error(
        `${route.key}: the sweep does not know which rows {${param}} names. Add its path segment to RESOURCE_TABLES (or the parameter to ID_FIELDS) in test/support/tenant-fixtures.ts and create a row of it in buildTenantFixture.`,
      );
    if (!A.ids[table]?.length)
      throw new Error(
        `${route.key}: organization A has no ${table} to sweep {${param}} with. Create one in buildTenantFixture (test/support/tenant-fixtures.ts).`,
      );
    return A.ids[table];
  }

  const missingBody = (route: Route) =>
    `${route.key} takes a request body the sweep cannot build: add a valid body for it to BODIES in test/security/cross-tenant-sweep.spec.ts`;

  function substitute(route: Route, ids: Record<string, string>): string {
    return route.path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name]);
  }

  // ---------------------------------------------------------------------------------------------
  // The generated tests: one per route (and per id field of a body, per id in a query string).

  const routes: Route[] = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({ method: method as Method, path, key: `${method.toUpperCase()} ${path}`, op })),
  );

  const authenticated = routes.filter((r) => (r.op.security ?? []).length > 0);
  const withPathId = authenticated.filter((r) => pathParams(r).length > 0);
  const idQueryParams = (r: Route) =>
    (r.op.parameters ?? []).filter((p) => p.in === 'query' && (p.name in ID_FIELDS || /Id$/.test(p.name) || p.schema?.format === 'uuid'));

  it('finds routes to sweep in the document', () => {
    expect(withPathId.length).toBeGreaterThan(50);
  });

  it('fails a route it cannot build ids or a body for, saying which fixture to add', () => {
    const route = (method: Method, path: string): Route => ({ method, path, key: `${method.toUpperCase()} ${path}`, op: {} });
    expect(() => idsOfA(route('get', '/v1/widgets/{id}'), 'id')).toThrow(
      /GET \/v1\/widgets\/\{id\}: the sweep does not know which rows \{id\} names\. Add .* RESOURCE_TABLES/,
    );
    expect(() => idsOfA(route('get', '/v1/jobs/{id}/gadgets/{gadgetId}'), 'gadgetId')).toThrow(/does not know which rows \{gadgetId\} names/);
    const write = { ...route('post', '/v1/widgets/{id}/polish'), op: { requestBody: { content: { 'application/json': { schema: {} } } } } };
    expect(bodyFor(write)).toBeUndefined();
    expect(missingBody(write)).toMatch(/POST \/v1\/widgets\/\{id\}\/polish takes a request body .* add a valid body for it to BODIES/);
  });

  for (const route of withPathId)
    describe(`${route.key} with organization A’s ids`, () => {
      it(`answers 404 and writes nothing to every role of organization B for every id of A`, async () => {
        const params: Record<string, string[]> = {};
        for (const p of pathParams(route)) params[p.name] = idsOfA(route, p.name);
        const builder = bodyFor(route);
        if (!builder) throw new Error(missingBody(route));
        const before = await snapshots();
        const failures: string[] = [];
        const names = Object.keys(params);
        // Every combination is one id per parameter; routes take one id today.
        const combos: Record<string, string>[] = names.reduce<Record<string, string>[]>(
          (acc, name) => acc.flatMap((c) => params[name].map((id) => ({ ...c, [name]: id }))),
          [{}],
        );
        for (const combo of combos) {
          const path = substitute(route, combo);
          const body = await builder(A, version, combo.id ?? Object.values(combo)[0]);
          const sent = `${path} ${JSON.stringify(body ?? '')}`.toLowerCase();
          await asEveryRole(async ({ role, user }) => {
            const res = await send(route, user, path, body);
            const allowed = role.startsWith('admin') || !documents403(route) ? [404] : [404, 403];
            if (!allowed.includes(res.status)) failures.push(`${role} ${path}: ${res.status} ${res.text.slice(0, 200)}`);
            else if (!PROBLEM.test(String(res.headers['content-type']))) failures.push(`${role} ${path}: ${res.status} is not problem+json`);
            const leaked = leaks(res, sent);
            if (leaked.length) failures.push(`${role} ${path}: the answer shows ${leaked.join(', ')}`);
          });
        }
        expect(failures).toEqual([]);
        expect(await snapshots()).toEqual(before);
      });
    });

  /** Writes whose body names rows: each id field in turn gets A's id, the rest of the request is B's own. */
  const bodyProbes = authenticated
    .filter((r) => isWrite(r) && r.op.requestBody && !r.op.requestBody.content['multipart/form-data'])
    .flatMap((route) => {
      const builder = BODIES[route.key];
      const fields = schemaIdFields(route);
      if (!builder) return fields.length ? [{ route, field: null as string | null }] : [];
      return fields.map((field) => ({ route, field }));
    });

  /** Names of id-like properties anywhere in a route's request body schema. */
  function schemaIdFields(route: Route): string[] {
    const found = new Set<string>();
    const seen = new Set<unknown>();
    const walk = (schema: Schema | undefined, parent?: string) => {
      const s = resolveSchema(schema);
      if (!s || seen.has(s)) return;
      seen.add(s);
      for (const [name, prop] of Object.entries(s.properties ?? {})) {
        const p = resolveSchema(prop);
        const isId = idFieldTable(name, parent, 'x') !== undefined || p?.format === 'uuid' || p?.items?.format === 'uuid';
        if (isId && !(name === 'id' && parent !== 'stages')) found.add(parent ? `${parent}.${name}` : name);
        walk(p?.items ?? p, name);
        for (const alt of [...(p?.oneOf ?? []), ...(p?.anyOf ?? []), ...(p?.allOf ?? [])]) walk(alt, name);
      }
    };
    const content = route.op.requestBody?.content ?? {};
    for (const media of Object.values(content)) walk(media.schema);
    return [...found];
  }

  for (const { route } of bodyProbes.filter((p) => p.field === null)) {
    it(`${route.key} has a body for the sweep`, () => {
      throw new Error(missingBody(route));
    });
  }

  for (const { route, field } of bodyProbes.filter((p): p is { route: Route; field: string } => p.field !== null))
    describe(`${route.key} body ${field} from organization A`, () => {
      it('is refused for every role of organization B without a 5xx, showing nothing of A and writing nothing', async () => {
        const table = routeTable(route);
        const ownPath = route.path.includes('{') ? substitute(route, { id: table ? B.named.byTable[table] : '' }) : route.path;
        if (route.path.includes('{') && !(table && B.named.byTable[table]))
          throw new Error(`${route.key}: no row of organization B for {id}; add ${table ?? 'its resource'} to buildTenantFixture's byTable.`);
        const build = FIELD_BODIES[`${route.key} ${field}`] ?? BODIES[route.key];
        const own = await build(B, version, B.named.byTable[table ?? ''] ?? '');
        const targets = bodyIdFields(own, table).filter((f) => f.at.filter((s) => typeof s === 'string').join('.') === field);
        if (targets.length === 0)
          throw new Error(
            `${route.key}: its body in BODIES does not fill ${field}; set it there, or add a body that does to FIELD_BODIES as '${route.key} ${field}'.`,
          );
        const before = await snapshots();
        const failures: string[] = [];
        for (const target of targets) {
          const foreign = A.ids[target.table]?.[0];
          if (!foreign) throw new Error(`${route.key}: organization A has no ${target.table} for ${field}; create one in buildTenantFixture.`);
          const body = withField(own, target.at, foreign);
          const sent = `${ownPath} ${JSON.stringify(body)}`.toLowerCase();
          await asEveryRole(async ({ role, user }) => {
            const res = await send(route, user, ownPath, body);
            if (res.status < 300 && refusedEveryItem(res)) return;
            if (res.status < 400 || res.status >= 500) failures.push(`${role}: ${res.status} ${res.text.slice(0, 200)}`);
            else if (!PROBLEM.test(String(res.headers['content-type']))) failures.push(`${role}: ${res.status} is not problem+json`);
            const leaked = leaks(res, sent);
            if (leaked.length) failures.push(`${role}: the answer shows ${leaked.join(', ')}`);
          });
        }
        expect(failures).toEqual([]);
        expect(await snapshots()).toEqual(before);
      });
    });

  /** Reads filtered by an id in the query string: an empty answer at most, never A's rows, never a 5xx. */
  const queryProbes = authenticated
    .filter((r) => r.method === 'get')
    .flatMap((route) => idQueryParams(route).map((p) => [`${route.key}?${p.name}`, route, p.name] as const));

  for (const [title, route, name] of queryProbes)
    describe(`${title} with organization A’s id`, () => {
      it('shows nothing of A to any role of organization B, writes nothing and never fails with a 5xx', async () => {
        const table = ID_FIELDS[name] || RESOURCE_TABLES[name.replace(/Id$/, 's')];
        if (!table) throw new Error(`${route.key}: the sweep does not know which rows ?${name} names. Add it to ID_FIELDS in test/support/tenant-fixtures.ts.`);
        if (!A.ids[table]?.length) throw new Error(`${route.key}: organization A has no ${table} for ?${name}; create one in buildTenantFixture.`);
        const pathTable = routeTable(route);
        if (route.path.includes('{') && !(pathTable && B.named.byTable[pathTable]))
          throw new Error(`${route.key}: no row of organization B for {id}; add ${pathTable ?? 'its resource'} to buildTenantFixture's byTable.`);
        const path = route.path.includes('{') ? substitute(route, { id: B.named.byTable[pathTable ?? ''] }) : route.path;
        const before = await snapshots();
        const failures: string[] = [];
        for (const id of A.ids[table]) {
          await asEveryRole(async ({ role, user }) => {
            const res = await send(route, user, path, undefined, { [name]: id });
            if (res.status >= 500) failures.push(`${role} ?${name}=${id}: ${res.status}`);
            const leaked = leaks(res, `${path} ${id}`.toLowerCase());
            if (leaked.length) failures.push(`${role} ?${name}=${id}: the answer shows ${leaked.join(', ')}`);
          });
        }
        expect(failures).toEqual([]);
        expect(await snapshots()).toEqual(before);
      });
    });

  /** Lists without an id: organization B's own view never contains A's rows. */
  const lists = authenticated.filter((r) => r.method === 'get' && pathParams(r).length === 0).map((r) => [r.key, r] as const);

  for (const [key, route] of lists)
    describe(`${key} as organization B`, () => {
      it('shows nothing of organization A to any role', async () => {
        const failures: string[] = [];
        await asEveryRole(async ({ role, user }) => {
          const res = await send(route, user, route.path, undefined);
          if (res.status >= 500) failures.push(`${role}: ${res.status}`);
          const leaked = leaks(res, '');
          if (leaked.length) failures.push(`${role}: the answer shows ${leaked.join(', ')}`);
        });
        expect(failures).toEqual([]);
      });
    });

  /** Public routes (no security) are addressed by organization slug: B's token must change nothing. */
  const publicReads = routes.filter((r) => (r.op.security ?? []).length === 0 && r.method === 'get' && pathParams(r).some((p) => p.name === 'orgSlug'));

  for (const route of publicReads)
    describe(`${route.key} of organization A`, () => {
      it('answers the same with or without organization B’s token', async () => {
        const ids: Record<string, string> = { orgSlug: A.org.slug };
        for (const p of pathParams(route).filter((x) => x.name !== 'orgSlug')) {
          const segments = route.path.split('/');
          const list = segments
            .slice(0, segments.indexOf(`{${p.name}}`))
            .join('/')
            .replace('{orgSlug}', A.org.slug);
          const listed = await t.http().get(list);
          const page = listed.body as Record<string, { id: string | number }[] | undefined>;
          const items = page.jobs ?? page.departments ?? page.offices ?? page.data ?? [];
          if (!items.length)
            throw new Error(`${route.key}: organization A's public ${list} lists nothing to read {${p.name}} from; publish one in buildTenantFixture.`);
          ids[p.name] = String(items[0].id);
        }
        const path = substitute(route, ids);
        const anonymous = await t.http().get(path);
        const withToken = await t.http().get(path).set(bearer(B.users.admin));
        expect(anonymous.status).toBeLessThan(500);
        expect([withToken.status, withToken.text]).toEqual([anonymous.status, anonymous.text]);
      });
    });
});
