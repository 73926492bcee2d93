import { TransactionHost } from '@nestjs-cls/transactional';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { DomainEvents, DomainEventType, TenantContext } from '../../libs/platform/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, testDb } from '../support/db.js';
import { bearer, makeOrg } from '../support/factories.js';
import { waitFor } from '../support/postings-fixtures.js';
import { startReceiver, startWebhooksWorker } from '../support/webhooks-fixtures.js';

// `npm test` builds first, so the compiled worker exists.
const WORKER = 'dist/apps/worker/src/main.js';

describe('a worker killed mid-delivery', () => {
  let t: TestApp;
  let inProcess: INestApplicationContext | undefined;

  beforeAll(async () => {
    t = await startTestApp({ EGRESS_ALLOWLIST: '127.0.0.1' });
  });
  afterAll(async () => {
    await inProcess?.close();
    await t.close();
    await closeTestDb();
  });

  it('(SIGKILL while the receiver holds the request) leaves the delivery pending; it is delivered again with the same webhook-id', async () => {
    expect(existsSync(WORKER)).toBe(true);
    const org = await makeOrg(t);
    let hold = true;
    const r = await startReceiver((req) => (req.body.type !== 'ping' && hold ? 'hang' : { status: 200 }));
    try {
      const hook = (
        await t
          .http()
          .post('/v1/webhooks')
          .set(bearer(org.admin))
          .send({ url: r.url, events: ['job.updated'] })
      ).body as { id: string; secret: string };
      const child = spawn(process.execPath, [WORKER], { env: { ...process.env, EGRESS_ALLOWLIST: '127.0.0.1', LOG_LEVEL: 'error' }, stdio: 'ignore' });
      const exited = new Promise<string | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      const aggregateId = randomUUID();
      await TenantContext.run(org.id, () =>
        t.app
          .get(TransactionHost)
          .withTransaction(() =>
            t.app
              .get(DomainEvents)
              .publish({ type: DomainEventType.JobUpdated, organizationId: org.id, aggregateType: 'job', aggregateId, data: { id: aggregateId } }),
          ),
      );
      // Generous: the child worker boots on two cores shared with everything else.
      await waitFor(
        () => Promise.resolve(r.events().length),
        (n) => n === 1,
        90000,
        'the first attempt to reach the receiver',
      );
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const [before] = await (await testDb()).query(`SELECT status, attempts FROM webhook_deliveries WHERE endpoint_id = $1`, [hook.id]);
      expect(before).toEqual({ status: 'pending', attempts: 0 });

      hold = false;
      inProcess = await startWebhooksWorker();
      // BullMQ finds the stalled job once its lock expires, and the sweep finds the pending delivery: either sends it again.
      const [after] = await waitFor(
        async () => (await testDb()).query(`SELECT status, attempts FROM webhook_deliveries WHERE endpoint_id = $1`, [hook.id]),
        (rows: Array<{ status: string; attempts: number }>) => rows[0]?.status === 'delivered',
        150000,
        'the delivery after the kill',
      );
      // Delivered; on a loaded machine an attempt may time out (5 s) and be retried, so count at least one.
      expect(after.status).toBe('delivered');
      expect(after.attempts).toBeGreaterThanOrEqual(1);
      const events = r.events();
      expect(events.length).toBeGreaterThanOrEqual(2);
      expect(new Set(events.map((e) => e.headers['webhook-id']))).toEqual(new Set([events[0].body.id]));
      expect(r.verify(hook.secret)).toBe(r.received.length);
    } finally {
      await r.close();
    }
  }, 300000);
});
