import { TransactionHost } from '@nestjs-cls/transactional';
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { DomainEvents, DomainEventType, TenantContext } from '../../libs/platform/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, TestOrg } from '../support/factories.js';
import { waitFor } from '../support/postings-fixtures.js';
import { WebhookSweepsService } from '../../libs/webhooks/src/index.js';
import { Answer, Receiver, Received, sequencesByAggregate, startReceiver, startWebhooksWorker } from '../support/webhooks-fixtures.js';

describe('webhooks', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let org: TestOrg;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    t = await startTestApp({ EGRESS_ALLOWLIST: '127.0.0.1' });
    worker = await startWebhooksWorker();
    org = await makeOrg(t);
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await worker.close();
    await t.close();
    await closeTestDb();
  });

  const receiver = async (answer?: (r: Received) => Answer) => {
    const r = await startReceiver(answer);
    receivers.push(r);
    return r;
  };

  const register = async (o: TestOrg, url: string, events: string[] = ['*']) => {
    const res = await t.http().post('/v1/webhooks').set(bearer(o.admin)).send({ url, events, description: 'test receiver' });
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string; ping: { ok: boolean; status: number | null }; events: string[] };
  };

  /** An event announced the one way the product does, in its own transaction. */
  const announce = (o: TestOrg, aggregateId: string, type = DomainEventType.JobUpdated, data: object = { id: aggregateId }) =>
    TenantContext.run(o.id, () =>
      t.app
        .get(TransactionHost)
        .withTransaction(() => t.app.get(DomainEvents).publish({ type, organizationId: o.id, aggregateType: 'job', aggregateId, data })),
    );

  it('registers an endpoint: the secret is shown once, a signed ping is sent and its result returned', async () => {
    const r = await receiver();
    const created = await register(org, r.url, ['job.updated', 'application.stage_changed']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.ping).toEqual({ ok: true, status: 200 });
    expect(created.events).toEqual(['application.stage_changed', 'job.updated']);
    expect(r.received).toHaveLength(1);
    expect(r.received[0].body).toMatchObject({ type: 'ping', organizationId: org.id, sequence: 0, data: { webhookId: created.id } });
    expect(r.received[0].headers['webhook-id']).toBe(r.received[0].body.id);
    expect(r.verify(created.secret)).toBe(1);
    const got = await t.http().get(`/v1/webhooks/${created.id}`).set(bearer(org.admin));
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: created.id, url: r.url, enabled: true, description: 'test receiver', disabledReason: null });
    expect(JSON.stringify(got.body)).not.toContain(created.secret);
    expect(JSON.stringify((await t.http().get('/v1/webhooks').set(bearer(org.admin))).body)).not.toContain(created.secret);
  });

  it('a failing ping does not block creation', async () => {
    const r = await receiver(() => ({ status: 500 }));
    const created = await register(org, r.url, ['job.created']);
    expect(created.ping).toEqual({ ok: false, status: 500 });
    const closed = await receiver();
    const url = closed.url;
    await closed.close();
    expect((await register(org, url, ['job.created'])).ping).toEqual({ ok: false, status: null });
  });

  it.each([
    [{ url: 'http://10.0.0.7/hooks', events: ['*'] }, 422, 'url'],
    [{ url: 'http://169.254.169.254/latest', events: ['*'] }, 422, 'url'],
    [{ url: 'ftp://example.com/x', events: ['*'] }, 400, 'url'],
    [{ url: 'http://127.0.0.1:9/x', events: ['job.exploded'] }, 400, 'events'],
    [{ url: 'http://127.0.0.1:9/x', events: [] }, 400, 'events'],
    [{ url: 'http://127.0.0.1:9/x', events: ['*'], secret: 'whsec_mine' }, 400, 'secret'],
  ])('refuses %j and writes nothing', async (body, status, field) => {
    const before = await count('webhook_endpoints', 'organization_id = $1', [org.id]);
    const res = await t.http().post('/v1/webhooks').set(bearer(org.admin)).send(body);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(res.body.errors ?? res.body)).toContain(field);
    expect(await count('webhook_endpoints', 'organization_id = $1', [org.id])).toBe(before);
  });

  it.each([
    [{ url: 'http://10.1.2.3/hooks' }, 422, 'url'],
    [{ url: 'not a url' }, 400, 'url'],
    [{ events: ['job.exploded'] }, 400, 'events'],
    [{ enabled: 'yes' }, 400, 'enabled'],
    [{ secret: 'whsec_mine' }, 400, 'secret'],
  ])('refuses a bad change %j and changes nothing', async (body, status, field) => {
    const r = await receiver();
    const hook = await register(org, r.url, ['job.created']);
    const before = await (await testDb()).query('SELECT url, events, enabled, secret, updated_at FROM webhook_endpoints WHERE id = $1', [hook.id]);
    const res = await t.http().patch(`/v1/webhooks/${hook.id}`).set(bearer(org.admin)).send(body);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(res.body.errors ?? res.body)).toContain(field);
    expect(await (await testDb()).query('SELECT url, events, enabled, secret, updated_at FROM webhook_endpoints WHERE id = $1', [hook.id])).toEqual(before);
  });

  it('delivers events signed (Standard Webhooks), in order per aggregate under concurrency', async () => {
    const o = await makeOrg(t);
    const r = await receiver();
    const hook = await register(o, r.url, ['job.updated']);
    const aggregates = Array.from({ length: 4 }, () => randomUUID());
    const perAggregate = 8;
    await Promise.all(aggregates.map(async (id) => Promise.all(Array.from({ length: perAggregate }, () => announce(o, id)))));
    await announce(o, aggregates[0], DomainEventType.JobCreated); // not subscribed
    await waitFor(
      () => Promise.resolve(r.events().length),
      (n) => n >= aggregates.length * perAggregate,
      60000,
      'every event delivered',
    );
    expect(r.verify(hook.secret)).toBe(aggregates.length * perAggregate + 1);
    const sequences = sequencesByAggregate(r.events(), (e) => String(e.data.id));
    for (const id of aggregates) expect(sequences.get(id)).toEqual(Array.from({ length: perAggregate }, (_, i) => i + 1));
    for (const e of r.events()) {
      expect(e.body).toMatchObject({ type: 'job.updated', organizationId: o.id });
      expect(e.body.id).toMatch(/^evt_\d+$/);
      expect(e.headers['webhook-id']).toBe(e.body.id);
    }
    const log = await t.http().get(`/v1/webhooks/${hook.id}/deliveries?status=delivered&limit=100`).set(bearer(o.admin));
    expect(log.status).toBe(200);
    expect(log.body.data).toHaveLength(aggregates.length * perAggregate);
    expect(log.body.data[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200, eventType: 'job.updated', nextRetryAt: null });
  });

  it('a receiver down for a while, then answering: every event arrives, in order per aggregate, none lost (Retry-After honoured)', async () => {
    const o = await makeOrg(t);
    let down = true;
    const r = await receiver((req) => (req.body.type !== 'ping' && down ? { status: 503, headers: { 'retry-after': '1' } } : { status: 200 }));
    await register(o, r.url, ['*']);
    const aggregates = [randomUUID(), randomUUID()];
    for (let i = 0; i < 3; i++) for (const id of aggregates) await announce(o, id);
    await waitFor(
      () => Promise.resolve(r.events().length),
      (n) => n >= 4,
      60000,
      'failed attempts',
    );
    down = false;
    const delivered = async () => count('webhook_deliveries', "organization_id = $1 AND status = 'delivered'", [o.id]);
    await waitFor(delivered, (n) => n === 6, 90000, 'all delivered after the outage');
    const accepted = r.events().filter((e, i, all) => all.findIndex((x) => x.body.id === e.body.id && x === e) === i);
    const okIds = new Set<string>();
    // Per aggregate, the accepted deliveries (the last arrival of each id) come in sequence order.
    const order = new Map<string, number[]>();
    for (const e of accepted) {
      okIds.add(e.body.id);
      const key = String(e.body.data.id);
      const seqs = order.get(key) ?? [];
      if (!seqs.includes(e.body.sequence)) seqs.push(e.body.sequence);
      order.set(key, seqs);
    }
    expect(okIds.size).toBe(6);
    for (const id of aggregates) expect(order.get(id)).toEqual([1, 2, 3]);
  });

  it('410 Gone turns the endpoint off and tells the admins', async () => {
    const o = await makeOrg(t);
    const r = await receiver((req) => (req.body.type === 'ping' ? { status: 200 } : { status: 410 }));
    const hook = await register(o, r.url, ['*']);
    await announce(o, randomUUID());
    await waitFor(
      async () => (await t.http().get(`/v1/webhooks/${hook.id}`).set(bearer(o.admin))).body,
      (b) => b.enabled === false,
      60000,
      'endpoint disabled',
    );
    expect((await t.http().get(`/v1/webhooks/${hook.id}`).set(bearer(o.admin))).body.disabledReason).toBe('gone');
    expect(await count('notifications', "organization_id = $1 AND user_id = $2 AND kind = 'webhook_disabled'", [o.id, o.admin.id])).toBe(1);
    const [delivery] = (await t.http().get(`/v1/webhooks/${hook.id}/deliveries`).set(bearer(o.admin))).body.data;
    expect(delivery).toMatchObject({ status: 'failed', lastStatusCode: 410, attempts: 1 });
    // Later events are not delivered while it is off.
    await announce(o, randomUUID());
    const enabledAgain = await t.http().patch(`/v1/webhooks/${hook.id}`).set(bearer(o.admin)).send({ enabled: true });
    expect(enabledAgain.body).toMatchObject({ enabled: true, disabledReason: null });
  });

  it('an endpoint failing for 3 days is turned off at its next failure and the admins are told; a success before that clears the count', async () => {
    const o = await makeOrg(t);
    let answer = 500;
    const r = await receiver((req) => (req.body.type === 'ping' ? { status: 200 } : { status: answer }));
    const hook = await register(o, r.url, ['*']);
    const db = await testDb();
    // Failing since 2 days: one more failure keeps it on.
    await db.query(`UPDATE webhook_endpoints SET failing_since = now() - interval '2 days' WHERE id = $1`, [hook.id]);
    await announce(o, randomUUID());
    await waitFor(
      () => count('webhook_deliveries', 'endpoint_id = $1 AND attempts = 1', [hook.id]),
      (n) => n === 1,
      60000,
      'first failure',
    );
    expect((await t.http().get(`/v1/webhooks/${hook.id}`).set(bearer(o.admin))).body.enabled).toBe(true);
    // Failing since 4 days: the next failure turns it off.
    await db.query(`UPDATE webhook_endpoints SET failing_since = now() - interval '4 days' WHERE id = $1`, [hook.id]);
    await announce(o, randomUUID());
    await waitFor(
      async () => (await t.http().get(`/v1/webhooks/${hook.id}`).set(bearer(o.admin))).body,
      (b) => b.enabled === false,
      60000,
      'endpoint disabled after 3 days of failures',
    );
    expect((await t.http().get(`/v1/webhooks/${hook.id}`).set(bearer(o.admin))).body.disabledReason).toBe('failing');
    expect(await count('notifications', "organization_id = $1 AND kind = 'webhook_disabled'", [o.id])).toBe(1);
    // Turned on again and answering: a success clears the failing streak.
    answer = 200;
    await t.http().patch(`/v1/webhooks/${hook.id}`).set(bearer(o.admin)).send({ enabled: true });
    await announce(o, randomUUID());
    await waitFor(
      () => count('webhook_deliveries', "endpoint_id = $1 AND status = 'delivered'", [hook.id]),
      (n) => n >= 1,
      60000,
      'a delivery after re-enabling',
    );
    const [{ failing_since }] = await db.query('SELECT failing_since FROM webhook_endpoints WHERE id = $1', [hook.id]);
    expect(failing_since).toBeNull();
  });

  it('redelivers one delivery with the same webhook-id, and replays a window in order', async () => {
    const o = await makeOrg(t);
    const r = await receiver();
    const hook = await register(o, r.url, ['job.updated', 'job.created']);
    const a = randomUUID();
    const b = randomUUID();
    await announce(o, a, DomainEventType.JobCreated);
    const windowStart = new Date();
    await announce(o, a);
    await announce(o, b);
    await announce(o, a);
    await waitFor(
      () => Promise.resolve(r.events().length),
      (n) => n === 4,
      60000,
      'first deliveries',
    );
    const log = (await t.http().get(`/v1/webhooks/${hook.id}/deliveries?eventType=job.created`).set(bearer(o.admin))).body.data;
    expect(log).toHaveLength(1);
    const again = await t.http().post(`/v1/webhooks/${hook.id}/deliveries/${log[0].id}/redeliver`).set(bearer(o.admin));
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ eventId: log[0].eventId, status: 'pending' });
    await waitFor(
      () => Promise.resolve(r.events().length),
      (n) => n === 5,
      60000,
      'redelivery',
    );
    expect(r.events()[4].headers['webhook-id']).toBe(log[0].eventId);
    expect(r.events()[4].body.id).toBe(log[0].eventId);

    const replay = await t
      .http()
      .post(`/v1/webhooks/${hook.id}/replay`)
      .set(bearer(o.admin))
      .send({ since: windowStart.toISOString(), events: ['job.updated'] });
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual({ queued: 3 });
    await waitFor(
      () => Promise.resolve(r.events().length),
      (n) => n === 8,
      60000,
      'replay',
    );
    const replayed = r.events().slice(5);
    expect(replayed.filter((e) => e.body.data.id === a).map((e) => e.body.sequence)).toEqual([2, 3]);
    expect(replayed.filter((e) => e.body.data.id === b).map((e) => e.body.sequence)).toEqual([1]);
    expect(new Set(replayed.map((e) => e.body.id))).toEqual(
      new Set(
        r
          .events()
          .slice(0, 4)
          .filter((e) => e.body.type === 'job.updated')
          .map((e) => e.body.id),
      ),
    );
    expect(r.verify(hook.secret)).toBe(9);
  });

  it.each([
    [{ since: '2026-01-02T00:00:00Z', until: '2026-01-01T00:00:00Z' }, 422, 'until'],
    [{ since: 'yesterday' }, 400, 'since'],
    [{ since: '2026-01-01T00:00:00Z', events: ['nope'] }, 400, 'events'],
  ])('refuses a bad replay %j and queues nothing', async (body, status, field) => {
    const r = await receiver();
    const hook = await register(org, r.url, ['*']);
    const before = await count('webhook_deliveries', 'endpoint_id = $1', [hook.id]);
    const res = await t.http().post(`/v1/webhooks/${hook.id}/replay`).set(bearer(org.admin)).send(body);
    expect(res.status).toBe(status);
    expect(JSON.stringify(res.body)).toContain(field);
    expect(await count('webhook_deliveries', 'endpoint_id = $1', [hook.id])).toBe(before);
  });

  it('rotating the secret signs with both secrets for 24 hours', async () => {
    const o = await makeOrg(t);
    const r = await receiver();
    const hook = await register(o, r.url, ['job.updated']);
    const rotated = await t.http().post(`/v1/webhooks/${hook.id}/rotate-secret`).set(bearer(o.admin));
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(hook.secret);
    const until = new Date(rotated.body.previousSecretValidUntil).getTime();
    expect(until).toBeGreaterThan(Date.now() + 23 * 3600_000);
    await announce(o, randomUUID());
    await waitFor(
      () => Promise.resolve(r.events().length),
      (n) => n === 1,
      60000,
      'delivery after rotation',
    );
    const [event] = r.events();
    expect(event.headers['webhook-signature'].split(' ')).toHaveLength(2);
    r.received.splice(0, 1); // the ping, signed before the rotation
    expect(r.verify(rotated.body.secret)).toBe(1);
    expect(r.verify(hook.secret)).toBe(1);
  });

  it('an endpoint made with an API key receives only what the key may read', async () => {
    const o = await makeOrg(t);
    const key = (
      await t
        .http()
        .post('/v1/api-keys')
        .set(bearer(o.admin))
        .send({ name: 'hooks', scopes: ['webhooks:manage', 'jobs:read'] })
    ).body.key as string;
    const r = await receiver();
    const refused = await t
      .http()
      .post('/v1/webhooks')
      .set({ authorization: `Bearer ${key}` })
      .send({ url: r.url, events: ['scorecard.submitted'] });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toMatchObject({ field: 'events' });
    expect(refused.body.errors[0].message).toContain('scorecards:read');
    const made = await t
      .http()
      .post('/v1/webhooks')
      .set({ authorization: `Bearer ${key}` })
      .send({ url: r.url, events: ['*'] });
    expect(made.status).toBe(201);
    const job = randomUUID();
    await announce(o, randomUUID(), DomainEventType.ScorecardSubmitted);
    await announce(o, job, DomainEventType.JobUpdated);
    await waitFor(
      () => Promise.resolve(r.events().length),
      (n) => n === 1,
      60000,
      'the readable event',
    );
    await waitFor(
      async () => count('webhook_events', 'organization_id = $1', [o.id]),
      (n) => n === 2,
      60000,
      'both events fanned out',
    );
    expect(r.events().map((e) => e.body.type)).toEqual(['job.updated']);
    expect(await count('webhook_deliveries', "organization_id = $1 AND event_type = 'scorecard.submitted'", [o.id])).toBe(0);
  });

  it('keeps deliveries and events 30 days: older ones are pruned, except an event a pending delivery still needs', async () => {
    const o = await makeOrg(t);
    const r = await receiver();
    const hook = await register(o, r.url, ['*']);
    const db = await testDb();
    const insertEvent = async (id: string, daysAgo: number) =>
      db.query(
        `INSERT INTO webhook_events (id, organization_id, type, aggregate_type, aggregate_id, sequence, occurred_at, data)
         VALUES ($1, $2, 'job.updated', 'job', $3, 1, now() - make_interval(days => $4), '{}')`,
        [id, o.id, randomUUID(), daysAgo],
      );
    const insertDelivery = (eventId: string, status: string, daysAgo: number) =>
      db.query(
        `INSERT INTO webhook_deliveries (organization_id, endpoint_id, event_id, event_type, aggregate_key, sequence, status, next_attempt_at, created_at)
         VALUES ($1, $2, $3, 'job.updated', $3, 1, $4, now() + interval '1 day', now() - make_interval(days => $5))`,
        [o.id, hook.id, eventId, status, daysAgo],
      );
    const [old, kept, recent] = [`evt_old_${randomUUID()}`, `evt_kept_${randomUUID()}`, `evt_recent_${randomUUID()}`];
    await insertEvent(old, 31);
    await insertEvent(kept, 31);
    await insertEvent(recent, 5);
    await insertDelivery(old, 'delivered', 31);
    await insertDelivery(kept, 'pending', 2);
    await insertDelivery(recent, 'delivered', 5);
    await worker.get(WebhookSweepsService).prune();
    expect((await db.query('SELECT id FROM webhook_events WHERE organization_id = $1 ORDER BY id', [o.id])).map((e: { id: string }) => e.id).sort()).toEqual(
      [kept, recent].sort(),
    );
    expect(await count('webhook_deliveries', 'endpoint_id = $1', [hook.id])).toBe(2);
  });

  it('deletes an endpoint with its log; another organization cannot see, change or delete it', async () => {
    const other = await makeOrg(t);
    const r = await receiver();
    const hook = await register(org, r.url, ['*']);
    expect((await t.http().get(`/v1/webhooks/${hook.id}`).set(bearer(other.admin))).status).toBe(404);
    expect((await t.http().patch(`/v1/webhooks/${hook.id}`).set(bearer(other.admin)).send({ enabled: false })).status).toBe(404);
    expect((await t.http().delete(`/v1/webhooks/${hook.id}`).set(bearer(other.admin))).status).toBe(404);
    expect((await t.http().delete(`/v1/webhooks/${hook.id}`).set(bearer(org.admin))).status).toBe(204);
    expect(await count('webhook_endpoints', 'id = $1', [hook.id])).toBe(0);
    const [{ n }] = await (await testDb()).query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'delete'`, [hook.id]);
    expect(n).toBe(1);
  });
});
