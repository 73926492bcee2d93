import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import type { Job } from 'bullmq';
import { PostingsProcessor } from '../../apps/worker/src/postings.processor.js';
import { DEFAULT_JOB_OPTIONS, JobName, type OutboxJobData } from '../../libs/platform/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';
import { makeJob, postingStatuses, startTestWorker, waitFor } from '../support/postings-fixtures.js';

/**
 * "Retried with exponential backoff, then parked for a manual retry": the queue's real backoff
 * (1 s, 2 s, 4 s, … over 6 attempts) would make this test last half a minute, so it drives the
 * processor's handler directly with BullMQ jobs at a given attempt, as the queue would, on a
 * posting inserted without an outbox event (no worker of a parallel test file can pick it up).
 */
describe('postings: retries used up after 5xx → failed (parked)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let org: TestOrg;
  let recruiter: TestUser;
  let server: http.Server;
  let url = '';
  const statuses: number[] = [];
  let answer = 503;

  beforeAll(async () => {
    t = await startTestApp({ EGRESS_ALLOWLIST: '127.0.0.1' }); // the flaky board is a loopback receiver
    worker = await startTestWorker();
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        statuses.push(answer);
        res.writeHead(answer, { 'content-type': 'application/json' }).end(JSON.stringify(answer < 300 ? { id: 'ext-ok' } : { message: 'board is down' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await worker?.close();
    await t.close();
    await closeTestDb();
  });

  const fakeJob = (postingId: string, attemptsMade: number) =>
    ({
      name: JobName.PostingPublish,
      data: { organizationId: org.id, payload: { postingId } },
      attemptsMade,
      opts: { ...DEFAULT_JOB_OPTIONS },
    }) as unknown as Job<OutboxJobData>;

  it('keeps the posting publishing with the last error while attempts remain, parks it as failed on the last one, and retry publishes it', async () => {
    expect(DEFAULT_JOB_OPTIONS.attempts).toBeGreaterThan(1);
    expect(DEFAULT_JOB_OPTIONS.backoff).toEqual({ type: 'exponential', delay: expect.any(Number) });

    const board = await t.http().post('/v1/partner-boards').set(bearer(org.admin)).send({ name: 'FlakyBoard', url, secret: 'flaky-secret-0123456789abcdef' });
    expect(board.status).toBe(201);
    const job = await makeJob(org.id);
    const db = await testDb();
    await db.query(`INSERT INTO board_public_ids (kind, entity_id, organization_id) VALUES ('job', $1, $2) ON CONFLICT DO NOTHING`, [job.id, org.id]);
    const [{ id: postingId }] = await db.query(
      `INSERT INTO postings (organization_id, job_id, board, partner_board_id, status) VALUES ($1, $2, $3::text, $3::uuid, 'pending') RETURNING id`,
      [org.id, job.id, board.body.id],
    );
    const processor = worker.get(PostingsProcessor);
    // As the worker runs it: in the job's organization (process() enters it, then calls the PostingPublish handler).
    const publish = (job: Job<OutboxJobData>) => processor.process(job);
    const last = DEFAULT_JOB_OPTIONS.attempts - 1;

    // Every attempt but the last: the error goes back to BullMQ (which retries with backoff).
    for (let attempt = 0; attempt < last; attempt++) {
      const error = await publish(fakeJob(postingId, attempt)).then(
        () => null,
        (e: Error) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect(error!.name).not.toBe('UnrecoverableError'); // a 5xx is retryable
      const [row] = await db.query('SELECT status, attempts, last_error FROM postings WHERE id = $1', [postingId]);
      expect(row).toMatchObject({ status: 'publishing', attempts: attempt + 1 });
      expect(row.last_error).toContain('503');
    }
    // The last attempt: parked as failed, with the last error, the attempt count and the transition in its history.
    await expect(publish(fakeJob(postingId, last))).rejects.toThrow();
    expect(statuses).toEqual(Array(DEFAULT_JOB_OPTIONS.attempts).fill(503));
    const parked = (await t.http().get(`/v1/postings/${postingId}`).set(bearer(recruiter))).body;
    expect(parked).toMatchObject({ status: 'failed', attempts: DEFAULT_JOB_OPTIONS.attempts });
    expect(parked.lastError).toContain('503');
    expect(parked.history.at(-1)).toMatchObject({ from: 'publishing', to: 'failed', reason: 'retries_exhausted' });
    expect(await count('posting_events', "posting_id = $1 AND to_status = 'live'", [postingId])).toBe(0);

    // A failed posting stays parked (no queue job) until someone retries it by hand.
    answer = 200;
    expect((await t.http().post(`/v1/postings/${postingId}/retry`).set(bearer(recruiter))).status).toBe(202);
    await waitFor(
      () => postingStatuses(job.id),
      (s) => s[board.body.id] === 'live',
      20000,
      'live after manual retry',
    );
    const live = (await t.http().get(`/v1/postings/${postingId}`).set(bearer(recruiter))).body;
    expect(live).toMatchObject({ status: 'live', externalId: 'ext-ok', lastError: null });
    expect(live.history.map((h: { to: string }) => h.to).slice(-4)).toEqual(['failed', 'pending', 'publishing', 'live']);
  }, 40000);
});
