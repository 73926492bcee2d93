import { createHash } from 'node:crypto';
import { AuditService, TenantContext } from '../../libs/platform/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';

/**
 * PostgreSQL's text of a jsonb value, which the chain hashes: `, ` and `: ` separators, object keys shorter first,
 * then by bytes. Written out here so the test pins the encoding an outside verifier of an export would use.
 */
function jsonbText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => jsonbText(v)).join(', ')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${jsonbText((value as Record<string, unknown>)[k])}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The hash of an exported entry, recomputed from the export alone. */
function entryHash(e: Record<string, unknown>, organizationId: string): string {
  return sha256(
    jsonbText([e.previousHash, e.position, organizationId, e.actorId, e.actorApiKeyId, e.entityType, e.entityId, e.action, e.createdAt, e.changeDigests]),
  );
}

describe('the tamper-evident audit log', () => {
  let t: TestApp;
  let org: TestOrg;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t);
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  const verify = async (o: TestOrg) => {
    const res = await t.http().get('/v1/audit/verify').set(bearer(o.admin));
    expect(res.status).toBe(200);
    return res.body;
  };
  const sql = async (text: string, params: unknown[] = []) => (await testDb()).query(text, params);
  /** An organization with a few audited changes: registration, then one department per name. */
  const orgWithEntries = async (names: string[]) => {
    const o = await makeOrg(t);
    for (const name of names) expect((await t.http().post('/v1/departments').set(bearer(o.admin)).send({ name })).status).toBe(201);
    const ids: string[] = (await sql(`SELECT id::text FROM audit_log WHERE organization_id = $1 ORDER BY chain_seq`, [o.id])).map((r: { id: string }) => r.id);
    return { o, ids };
  };

  it('chains every entry of an organization, even when many changes commit at once', async () => {
    const writes = Array.from({ length: 24 }, (_, i) =>
      t
        .http()
        .post('/v1/departments')
        .set(bearer(org.admin))
        .send({ name: `Team ${i}` }),
    );
    expect((await Promise.all(writes)).map((r) => r.status)).toEqual(Array(24).fill(201));
    const entries = await count('audit_log', 'organization_id = $1', [org.id]);
    expect(await verify(org)).toEqual({ ok: true, entries });
    const positions = await sql(`SELECT chain_seq::int AS seq FROM audit_log WHERE organization_id = $1 ORDER BY chain_seq`, [org.id]);
    expect(positions.map((r: { seq: number }) => r.seq)).toEqual(Array.from({ length: entries }, (_, i) => i + 1));
  });

  it('names the entry whose recorded value was changed with SQL, and passes again once it is put back', async () => {
    const { o, ids } = await orgWithEntries(['Sales', 'Legal', 'Finance']);
    const [{ id: target, seq }] = await sql(
      `SELECT id::text, chain_seq::int AS seq FROM audit_log WHERE organization_id = $1 AND changes->'name'->>'to' = 'Legal'`,
      [o.id],
    );
    await sql(`UPDATE audit_log SET changes = jsonb_set(changes, '{name,to}', '"Lobbying"') WHERE id = $1`, [target]);
    expect(await verify(o)).toEqual({ ok: false, firstBrokenEntryId: target, position: seq, reason: 'value_changed', entries: seq - 1 });
    await sql(`UPDATE audit_log SET changes = jsonb_set(changes, '{name,to}', '"Legal"') WHERE id = $1`, [target]);
    expect(await verify(o)).toEqual({ ok: true, entries: ids.length });
  });

  it('names the entry whose facts were changed, even when the attacker also rewrote its digests', async () => {
    const { o, ids } = await orgWithEntries(['Sales', 'Legal']);
    await sql(`UPDATE audit_log SET action = 'delete' WHERE id = $1`, [ids[1]]);
    expect(await verify(o)).toMatchObject({ ok: false, firstBrokenEntryId: ids[1], reason: 'entry_changed' });
    await sql(
      `UPDATE audit_log SET action = 'create', changes = '{"name":{"to":"Ops"}}', change_digests = audit_change_digests('{"name":{"to":"Ops"}}') WHERE id = $1`,
      [ids[1]],
    );
    expect(await verify(o)).toMatchObject({ ok: false, firstBrokenEntryId: ids[1], reason: 'entry_changed' });
  });

  it('names the break when an entry is deleted, in the middle or at the end', async () => {
    const { o, ids } = await orgWithEntries(['Sales', 'Legal', 'Finance']);
    await sql(`DELETE FROM audit_log WHERE id = $1`, [ids[2]]);
    expect(await verify(o)).toEqual({ ok: false, entries: 2, firstBrokenEntryId: ids[3], position: 3, reason: 'entry_missing' });

    const end = await orgWithEntries(['Sales', 'Legal']);
    await sql(`DELETE FROM audit_log WHERE id = $1`, [end.ids[end.ids.length - 1]]);
    expect(await verify(end.o)).toEqual({ ok: false, entries: end.ids.length - 1, firstBrokenEntryId: null, position: end.ids.length, reason: 'tail_missing' });
  });

  it('names an entry moved into the gap a deleted one left (its link no longer points at the one before)', async () => {
    const { o, ids } = await orgWithEntries(['Sales', 'Legal', 'Finance']);
    await sql(`DELETE FROM audit_log WHERE id = $1`, [ids[2]]);
    // In two steps: the unique (organization, position) index is checked row by row, in no particular order.
    await sql(`UPDATE audit_log SET chain_seq = -chain_seq WHERE organization_id = $1 AND chain_seq > 3`, [o.id]);
    await sql(`UPDATE audit_log SET chain_seq = -chain_seq - 1 WHERE organization_id = $1 AND chain_seq < 0`, [o.id]);
    expect(await verify(o)).toMatchObject({ ok: false, firstBrokenEntryId: ids[3], reason: 'link_broken' });
  });

  it('erases the personal values of entries about an entity, keeps field names and digests, and still verifies', async () => {
    const { o, ids } = await orgWithEntries(['Ada Lovelace Team', 'Other']);
    const [department] = await sql(
      `SELECT id::text, entity_id, change_digests FROM audit_log WHERE organization_id = $1 AND changes->'name'->>'to' = 'Ada Lovelace Team'`,
      [o.id],
    );
    const audit = t.app.get(AuditService);
    const erase = () => TenantContext.run(o.id, () => audit.erasePersonalValues(o.id, [{ entityType: 'department', entityId: department.entity_id }]));
    expect(await erase()).toBe(1);
    const [after] = await sql(`SELECT changes, change_digests, erased_at FROM audit_log WHERE id = $1`, [department.id]);
    expect(Object.keys(after.changes).sort()).toEqual(Object.keys(department.change_digests).sort());
    expect(JSON.stringify(after.changes)).not.toContain('Ada Lovelace');
    expect(after.change_digests).toEqual(department.change_digests);
    expect(after.erased_at).not.toBeNull();
    expect(await verify(o)).toEqual({ ok: true, entries: ids.length });
    expect(await erase()).toBe(0);
    // Another organization's entries are out of reach, whatever ids are named.
    expect(await TenantContext.run(org.id, () => audit.erasePersonalValues(org.id, [{ entityType: 'department', entityId: department.entity_id }]))).toBe(0);
  });

  it('exports every entry as JSON lines whose hashes an outside reader can recompute', async () => {
    const { o, ids } = await orgWithEntries(['Sales', 'Legal']);
    const res = await t
      .http()
      .get('/v1/audit/export')
      .set(bearer(o.admin))
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        r.on('end', () => done(null, text));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = (res.body as string)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(ids);
    let previous: string | null = null;
    for (const entry of lines) {
      expect(entry.previousHash).toBe(previous);
      expect(entry.contentHash).toBe(entryHash(entry, o.id));
      for (const [field, value] of Object.entries(entry.changes as Record<string, Record<string, unknown>>)) {
        for (const [side, v] of Object.entries(value)) expect(entry.changeDigests[field][side]).toBe(sha256(jsonbText(v)));
      }
      previous = entry.contentHash;
    }
  });

  it('exports only the entries of the period asked for, and refuses a period that is not a date', async () => {
    const { o } = await orgWithEntries(['Sales']);
    const past = await t.http().get('/v1/audit/export?to=2020-01-01').set(bearer(o.admin));
    expect(past.status).toBe(200);
    expect(past.text).toBe('');
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const now = await t
      .http()
      .get(`/v1/audit/export?from=${day(-1)}&to=${day(1)}`)
      .set(bearer(o.admin));
    expect(now.text.trimEnd().split('\n')).toHaveLength(await count('audit_log', 'organization_id = $1', [o.id]));
    const bad = await t.http().get('/v1/audit/export?from=yesterday').set(bearer(o.admin));
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
  });

  it('is for admins only', async () => {
    const recruiter: TestUser = await makeUser(t, org, ['recruiter']);
    expect((await t.http().get('/v1/audit/verify').set(bearer(recruiter))).status).toBe(403);
    expect((await t.http().get('/v1/audit/export').set(bearer(recruiter))).status).toBe(403);
  });
});
