import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource, QueryFailedError, type QueryRunner } from 'typeorm';
import { TenantContext } from '../../libs/platform/src/index.js';
import { APPLICANTS_BY_JOB_SQL } from '../../libs/pipelines/src/pipeline-reads-sql.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, TestOrg, unique } from '../support/factories.js';

type Row = { id: string; organization_id: string };

/**
 * Tenancy by construction: row-level security on every tenant table, and the app working as hireloop_app with the
 * current organization on every query. These run deliberately unscoped SQL (no organization filter) through the
 * app's own DataSource and check that the database, not the query, keeps organizations apart. What was (not)
 * written is counted with the test's own connection (the migrating user, which the policies do not restrict).
 */
describe('tenancy by construction: row-level security on every tenant table', () => {
  let t: TestApp;
  let app: DataSource;
  let a: TestOrg;
  let b: TestOrg;
  let marker: string;
  const candidates: Record<'a' | 'b', string[]> = { a: [], b: [] };

  /** Candidates written directly (the test's own connection), each named with this run's marker. */
  async function seedCandidates(org: TestOrg, n: number): Promise<string[]> {
    const db = await testDb();
    const rows: Array<{ id: string }> = await db.query(
      `INSERT INTO candidates (organization_id, first_name, last_name) SELECT $1, $2, 'Seed ' || g FROM generate_series(1, $3) g RETURNING id`,
      [org.id, marker, n],
    );
    return rows.map((r) => r.id);
  }

  const ofMarker = (rows: Row[]) => rows.filter((r) => r.id && [...candidates.a, ...candidates.b].includes(r.id));

  /**
   * One pooled connection of the app, held for `work` and released after: `seen` reads this run's candidates on it
   * (unscoped SQL, whatever context is current).
   */
  async function onOneConnection(work: (runner: QueryRunner, seen: () => Promise<Row[]>) => Promise<void>): Promise<void> {
    const runner = app.createQueryRunner();
    await runner.connect();
    try {
      const seen = async () => ofMarker((await runner.query(`SELECT id, organization_id FROM candidates WHERE first_name = $1`, [marker])) as Row[]);
      await work(runner, seen);
    } finally {
      await runner.release();
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    app = t.app.get(DataSource);
    [a, b] = [await makeOrg(t), await makeOrg(t)];
    marker = unique('Tenancy');
    candidates.a = await seedCandidates(a, 3);
    candidates.b = await seedCandidates(b, 2);
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  it('an unscoped SELECT under one organization returns its rows and none of another organization', async () => {
    const rows: Row[] = await TenantContext.run(a.id, () => app.query(`SELECT id, organization_id FROM candidates WHERE first_name = $1`, [marker]));
    expect(rows.map((r) => r.id).sort()).toEqual([...candidates.a].sort());
    expect(rows.some((r) => r.organization_id === b.id)).toBe(false);

    const everything: Row[] = await TenantContext.run(a.id, () => app.query(`SELECT id, organization_id FROM candidates`));
    expect(everything.length).toBeGreaterThanOrEqual(3);
    expect(everything.every((r) => r.organization_id === a.id)).toBe(true);

    const orgs: Array<{ id: string }> = await TenantContext.run(a.id, () => app.query(`SELECT id FROM organizations`));
    expect(orgs.map((o) => o.id)).toEqual([a.id]);
  });

  it("an unscoped query through TypeORM's query builder is held to the organization as well", async () => {
    const viaBuilder = await TenantContext.run(b.id, () =>
      app.createQueryBuilder().select('c.id', 'id').addSelect('c.organization_id', 'organization_id').from('candidates', 'c').getRawMany<Row>(),
    );
    expect(
      ofMarker(viaBuilder)
        .map((r) => r.id)
        .sort(),
    ).toEqual([...candidates.b].sort());
    expect(viaBuilder.every((r) => r.organization_id === b.id)).toBe(true);
  });

  it('with no tenant context a query sees no tenant rows at all (fails closed)', async () => {
    expect(TenantContext.current()).toBeUndefined();
    const rows: Row[] = await app.query(`SELECT id, organization_id FROM candidates WHERE first_name = $1`, [marker]);
    expect(rows).toEqual([]);
    const [{ n }] = await app.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM users`);
    expect(n).toBe(0);
    const orgs: unknown[] = await app.query(`SELECT id FROM organizations WHERE id = ANY($1::uuid[])`, [[a.id, b.id]]);
    expect(orgs).toEqual([]);
  });

  it("an UPDATE or DELETE of another organization's rows changes nothing", async () => {
    const [, updated] = await TenantContext.run(a.id, () =>
      app.query<[unknown, number]>(`UPDATE candidates SET first_name = 'Hijacked' WHERE id = ANY($1::uuid[])`, [candidates.b]),
    );
    expect(updated).toBe(0);
    const [, deleted] = await TenantContext.run(a.id, () => app.query<[unknown, number]>(`DELETE FROM candidates WHERE id = ANY($1::uuid[])`, [candidates.b]));
    expect(deleted).toBe(0);
    expect(await count('candidates', 'organization_id = $1 AND first_name = $2', [b.id, marker])).toBe(2);
    expect(await count('candidates', 'organization_id = $1 AND first_name = $2', [b.id, 'Hijacked'])).toBe(0);
  });

  it('an INSERT into another organization, or moving a row there, is refused and writes nothing', async () => {
    await expect(
      TenantContext.run(a.id, () => app.query(`INSERT INTO candidates (organization_id, first_name, last_name) VALUES ($1, $2, 'Planted')`, [b.id, marker])),
    ).rejects.toThrow(/row-level security/);
    await expect(TenantContext.run(a.id, () => app.query(`UPDATE candidates SET organization_id = $1 WHERE id = $2`, [b.id, candidates.a[0]]))).rejects.toThrow(
      /row-level security/,
    );
    await expect(
      TenantContext.run(a.id, () =>
        app.query(`INSERT INTO notes (organization_id, candidate_id, author_id, body) VALUES ($1, $2, $3, 'x')`, [b.id, candidates.b[0], a.admin.id]),
      ),
    ).rejects.toThrow(/row-level security/);
    expect(await count('candidates', 'organization_id = $1 AND last_name = $2', [b.id, 'Planted'])).toBe(0);
    expect(await count('candidates', 'organization_id = $1 AND first_name = $2', [b.id, marker])).toBe(2);
    expect(await count('candidates', 'id = $1 AND organization_id = $2', [candidates.a[0], a.id])).toBe(1);
    expect(await count('notes', 'organization_id = $1', [b.id])).toBe(0);
  });

  it("a unit of work opened in an organization's context runs its transaction as that organization, nested calls included", async () => {
    const uow: TransactionHost<TransactionalAdapterTypeOrm> = t.app.get(TransactionHost);
    const seen = await TenantContext.run(a.id, () =>
      uow.withTransaction(async () => {
        const outer: Row[] = await uow.tx.query(`SELECT id, organization_id FROM candidates WHERE first_name = $1`, [marker]);
        // A nested unit of work (another service's method) joins the same transaction and the same organization.
        const inner = await uow.withTransaction(async () => {
          const [row] = await uow.tx.query<Array<{ xid: string; org: string }>>(
            "SELECT txid_current()::text AS xid, current_setting('hireloop.organization_id', true) AS org",
          );
          return row;
        });
        const [{ xid }] = await uow.tx.query<Array<{ xid: string }>>('SELECT txid_current()::text AS xid');
        return { outer, inner, xid };
      }),
    );
    expect(seen.outer.map((r) => r.id).sort()).toEqual([...candidates.a].sort());
    expect(seen.inner).toEqual({ xid: seen.xid, org: a.id });
    // Outside any transaction, tx is the plain manager and still runs in the caller's organization.
    const plain: Row[] = await TenantContext.run(b.id, () => uow.tx.query(`SELECT id, organization_id FROM candidates WHERE first_name = $1`, [marker]));
    expect(plain.map((r) => r.id).sort()).toEqual([...candidates.b].sort());
  });

  it('crossTenant (the one escape hatch) sees every organization', async () => {
    const rows: Row[] = await TenantContext.crossTenant('tenancy test', () =>
      app.query(`SELECT id, organization_id FROM candidates WHERE first_name = $1`, [marker]),
    );
    expect(rows.map((r) => r.id).sort()).toEqual([...candidates.a, ...candidates.b].sort());
    expect(() => TenantContext.crossTenant(' ', () => undefined)).toThrow(/reason/);
  });

  it('the app works as hireloop_app, which owns nothing and cannot bypass the policies', async () => {
    const [{ role }] = await app.query<Array<{ role: string }>>(`SELECT current_user AS role`);
    expect(role).toBe('hireloop_app');
    const [flags] = await app.query<unknown[]>(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`);
    expect(flags).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await (await testDb()).query<unknown[]>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = 'hireloop_app'`);
    expect(owned).toEqual([]);
  });

  it('a pooled connection never carries one context into the next: switching, no context, and after a ROLLBACK', async () => {
    await onOneConnection(async (runner, seen) => {
      expect((await TenantContext.run(a.id, seen)).length).toBe(3);
      expect((await TenantContext.run(b.id, seen)).length).toBe(2);
      expect((await seen()).length).toBe(0);
      expect((await TenantContext.run(a.id, seen)).length).toBe(3);
      // A context first sent inside a transaction that rolls back is undone by the ROLLBACK; the next query sends it again.
      await TenantContext.run(b.id, async () => {
        await runner.startTransaction();
        expect((await seen()).length).toBe(2);
        await runner.rollbackTransaction();
      });
      expect((await TenantContext.run(b.id, seen)).length).toBe(2);
      expect((await seen()).length).toBe(0);
    });
  });

  it('a transaction that failed in one organization still rolls back when the context changes before its ROLLBACK, and the connection comes back clean', async () => {
    await onOneConnection(async (runner, seen) => {
      await TenantContext.run(a.id, async () => {
        await runner.startTransaction();
        await expect(runner.query(`SELECT 1 / 0`)).rejects.toThrow(/division by zero/);
      });
      // The connection's setting is unknown after the error; the ROLLBACK is sent outside any context, as it is.
      await runner.rollbackTransaction();
      expect(runner.isTransactionActive).toBe(false);
      expect((await TenantContext.run(b.id, seen)).length).toBe(2);
      expect((await TenantContext.run(a.id, seen)).length).toBe(3);
    });
  });

  it('queries asked for side by side on one connection are answered one after the other, each under its own organization', async () => {
    await onOneConnection(async (_runner, seen) => {
      // Not awaited in between: before, the second organization's setting overtook the first query on the wire, which
      // then ran as the second organization (and pg itself queued the rest, which it deprecates).
      const answers = await Promise.all([TenantContext.run(a.id, seen), TenantContext.run(b.id, seen), TenantContext.run(a.id, seen), seen()]);
      expect(answers.map((rows) => rows.length)).toEqual([3, 2, 3, 0]);
      expect(answers[0].every((r) => r.organization_id === a.id)).toBe(true);
      expect(answers[1].every((r) => r.organization_id === b.id)).toBe(true);
    });
  });

  it('with every pooled connection busy, a query that waits for one runs as its own organization, not as the one that handed the connection over', async () => {
    // Three times the pool's 20 connections, asked for at once: most wait, and each gets its connection from inside
    // the release of another organization's query. Before, a waiting query ran in the context of that release: half
    // of these answered the other organization's candidates.
    const orgs = Array.from({ length: 60 }, (_, i) => (i % 3 === 2 ? undefined : i % 3 === 0 ? a : b));
    const answers = await Promise.all(
      orgs.map((org) => {
        const read = () => app.query<Row[]>(`SELECT id, organization_id FROM candidates, pg_sleep(0.005) WHERE first_name = $1`, [marker]).then(ofMarker);
        return org ? TenantContext.run(org.id, read) : read();
      }),
    );
    const seen = answers.map((rows) => [...new Set(rows.map((r) => r.organization_id))]);
    expect(seen).toEqual(orgs.map((org) => (org ? [org.id] : [])));
    expect(answers.map((rows) => rows.length)).toEqual(orgs.map((org) => (org === a ? 3 : org === b ? 2 : 0)));
  });

  it('a query outside a transaction answers as through TypeORM: rows, [rows, count] for an UPDATE, a refused statement as QueryFailedError that writes nothing', async () => {
    const pid = async (): Promise<number> => (await TenantContext.run(a.id, () => app.query<Array<{ pid: number }>>(`SELECT pg_backend_pid() AS pid`)))[0].pid;
    const [rows, affected] = await TenantContext.run(a.id, () =>
      app.query<[Array<{ id: string }>, number]>(`UPDATE candidates SET last_name = last_name WHERE first_name = $1 RETURNING id`, [marker]),
    );
    expect(affected).toBe(3);
    expect(rows.map((r) => r.id).sort()).toEqual([...candidates.a].sort());

    const before = await count('candidates', 'first_name = $1', [marker]);
    const used = await pid();
    const refused = TenantContext.run(a.id, () =>
      app.query(`INSERT INTO candidates (id, organization_id, first_name, last_name) VALUES ($1, $2, $3, 'Twice')`, [candidates.a[0], a.id, marker]),
    );
    await expect(refused).rejects.toBeInstanceOf(QueryFailedError);
    await expect(refused).rejects.toMatchObject({ driverError: { code: '23505' } });
    expect(await count('candidates', 'first_name = $1', [marker])).toBe(before);
    // A statement PostgreSQL refused leaves the connection fit for the next query, as TypeORM did (the pool hands the
    // last released connection out first).
    expect(await pid()).toBe(used);
  });

  it('a connection that breaks during a query fails that query only: the app keeps running and the next query gets a sound connection', async () => {
    const db = await testDb();
    const tag = unique('sleeper');
    const sleeping = TenantContext.run(a.id, () => app.query(`SELECT pg_sleep(30) /* ${tag} */`));
    let victim: number | undefined;
    for (let i = 0; i < 100 && victim === undefined; i++) {
      const [row] = await db.query<Array<{ pid: number }>>(`SELECT pid FROM pg_stat_activity WHERE query LIKE $1 AND pid <> pg_backend_pid()`, [
        `%pg_sleep(30) /* ${tag} */%`,
      ]);
      victim = row?.pid;
      if (victim === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    expect(victim).toBeDefined();
    await db.query(`SELECT pg_terminate_backend($1)`, [victim]);
    await expect(sleeping).rejects.toBeInstanceOf(QueryFailedError);
    const after = await TenantContext.run(a.id, () =>
      app.query<Array<{ pid: number; n: number }>>(`SELECT pg_backend_pid() AS pid, count(*)::int AS n FROM candidates WHERE first_name = $1`, [marker]),
    );
    expect(after[0].n).toBe(3);
    expect(after[0].pid).not.toBe(victim);
  });

  it('a signed-in request runs as its organization, a body-carrying write included', async () => {
    const created = await t
      .http()
      .post('/v1/departments')
      .set(bearer(a.admin))
      .send({ name: `Tenancy ${marker}` });
    expect(created.status).toBe(201);
    expect(await count('departments', 'organization_id = $1 AND name = $2', [a.id, `Tenancy ${marker}`])).toBe(1);
    const listed = await t.http().get('/v1/departments').set(bearer(b.admin));
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(marker);
  });

  it('searches keep their GIN indexes under the policies (the search operators are leakproof)', async () => {
    await onOneConnection(async (runner) => {
      await TenantContext.run(a.id, async () => {
        await runner.startTransaction();
        // With sequential scans priced out, a search condition PostgreSQL may not use under row-level security would
        // show as a filter; usable, it is the index condition.
        await runner.query(`SET LOCAL enable_seqscan = off`);
        const plan = async (where: string) =>
          ((await runner.query(`EXPLAIN (COSTS OFF) SELECT c.id FROM candidates c WHERE ${where}`)) as Array<{ 'QUERY PLAN': string }>)
            .map((r) => r['QUERY PLAN'])
            .join('\n');
        await expect(plan(`c.search @@ to_tsquery('simple', 'python:*')`)).resolves.toMatch(/Index Cond: \(search @@/);
        await expect(plan(`lower(c.full_name) %> 'zyskowski'`)).resolves.toMatch(/Index Cond: \(lower\(full_name\) %>/);
        await expect(plan(`hireloop_join_text(c.emails) %> 'zyskowski'`)).resolves.toMatch(/Index Cond: \(hireloop_join_text\(emails\) %>/);
        await runner.rollbackTransaction();
      });
    });
  });

  it("counts a job list's applicants from an index alone under the policies (no visit of every application of the page's jobs)", async () => {
    await onOneConnection(async (runner) => {
      await TenantContext.run(a.id, async () => {
        await runner.startTransaction();
        await runner.query(`SET LOCAL enable_seqscan = off`);
        await runner.query(`SET LOCAL enable_bitmapscan = off`);
        // Only an index that holds every column the count and the policy read can answer now (an index-only scan).
        await runner.query(`SET LOCAL enable_indexscan = off`);
        const rows = (await runner.query(
          `EXPLAIN (COSTS OFF) ${APPLICANTS_BY_JOB_SQL}`.replace('$1', `'${a.id}'`).replace('$2::uuid[]', `ARRAY['${a.id}']::uuid[]`),
        )) as Array<{
          'QUERY PLAN': string;
        }>;
        const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        expect(plan).toMatch(/Index Only Scan using applications_job_counts_idx on applications/);
        await runner.rollbackTransaction();
      });
    });
  });

  it('every table with an organization_id column has forced row-level security and the tenant_isolation policy', async () => {
    const db = await testDb();
    const tables: Array<{ table: string; enabled: boolean; forced: boolean; policy: string | null }> = await db.query(`
      SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced, p.qual AS policy
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        LEFT JOIN pg_policies p ON p.schemaname = 'public' AND p.tablename = c.relname AND p.policyname = 'tenant_isolation'
       WHERE c.relkind = 'r'
         AND (c.relname = 'organizations' OR EXISTS (
           SELECT 1 FROM information_schema.columns col
            WHERE col.table_schema = 'public' AND col.table_name = c.relname AND col.column_name = 'organization_id'))`);
    expect(tables.length).toBeGreaterThan(30);
    const unprotected = tables.filter((r) => !r.enabled || !r.forced || !r.policy?.includes("current_setting('hireloop.organization_id'"));
    expect(unprotected.map((r) => r.table)).toEqual([]);
  });
});
