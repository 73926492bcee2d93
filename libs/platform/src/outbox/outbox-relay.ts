import { Logger } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import type { UnitOfWork } from '../../../db/src/index.js';
import { BATCHED_JOBS, type JobName, OutboxJobData, PAYLOAD_KEPT_IN_OUTBOX } from '../queue/queue-names.js';

/** Arbitrary constant: only one relay moves rows at a time, which keeps per-aggregate order. */
const OUTBOX_RELAY_LOCK = 724_011_001;

/** The payload as the relay reads it: without the keys its job's consumer reads from the outbox itself. */
const RELAYED_PAYLOAD_SQL = `CASE event_type ${Object.entries(PAYLOAD_KEPT_IN_OUTBOX)
  .map(([name, keys]) => `WHEN '${name}' THEN payload - '{${keys.join(',')}}'::text[]`)
  .join(' ')} ELSE payload END`;

/** An undelivered outbox row, as the relay reads it (`payload` without the keys kept in the outbox). */
export interface PendingOutboxRow {
  id: string;
  queue: string;
  job_id: string | null;
  event_type: string;
  payload: Record<string, unknown>;
  run_at: Date | null;
  organization_id: string | null;
  aggregate_type: string;
  aggregate_id: string;
}

/**
 * Moves undelivered outbox rows to BullMQ, oldest first, using the outbox id as jobId.
 * Rows are stamped only after Redis accepted them; when Redis is down nothing is stamped
 * and the next pass retries. At-least-once: a redelivered row hits the same jobId.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);

  constructor(
    private readonly txHost: UnitOfWork,
    private readonly queueFor: (name: string) => Queue,
  ) {}

  /** Relays up to `limit` rows; returns how many were handed to Redis. */
  async relayBatch(limit = 500): Promise<number> {
    let failure: { ids: string[]; message: string } | null = null;
    const relayed = await this.txHost.withTransaction(async () => {
      const [{ locked }] = await this.txHost.tx.query<{ locked: boolean }[]>('SELECT pg_try_advisory_xact_lock($1) AS locked', [OUTBOX_RELAY_LOCK]);
      if (!locked) return 0;
      const rows: PendingOutboxRow[] = await this.txHost.tx.query(
        `SELECT id, queue, job_id, event_type, ${RELAYED_PAYLOAD_SQL} AS payload, run_at, organization_id, aggregate_type, aggregate_id
           FROM outbox_events WHERE dispatched_at IS NULL ORDER BY id LIMIT $1`,
        [limit],
      );
      if (rows.length === 0) return 0;
      const byQueue = new Map<string, PendingOutboxRow[]>();
      for (const row of rows) {
        const queueRows = byQueue.get(row.queue);
        if (queueRows) queueRows.push(row);
        else byQueue.set(row.queue, [row]);
      }
      try {
        // One addBulk per queue per pass.
        for (const [queueName, queueRows] of byQueue) {
          await this.queueFor(queueName).addBulk(outboxJobs(queueRows));
        }
      } catch (error) {
        failure = { ids: rows.map((r) => r.id), message: error instanceof Error ? error.message : String(error) };
        return 0;
      }
      await this.txHost.tx.query('UPDATE outbox_events SET dispatched_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])', [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
    if (failure) {
      const { ids, message } = failure as { ids: string[]; message: string };
      this.logger.warn({ pending: ids.length, error: message }, 'Outbox relay could not reach the queue; will retry');
      await this.txHost.tx
        .query('UPDATE outbox_events SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])', [ids, message.slice(0, 500)])
        .catch(() => undefined);
      throw new Error(`Outbox relay failed: ${message}`);
    }
    return relayed;
  }
}

/**
 * The BullMQ jobs a pass's rows of one queue become, in row order: one job per row, except the rows of a batched
 * job name (BATCHED_JOBS) of one organization, which go together, up to its `max` a job, at the place of the first.
 */
export function outboxJobs(rows: PendingOutboxRow[]): Array<{ name: string; data: OutboxJobData; opts: JobsOptions }> {
  const groups: PendingOutboxRow[][] = [];
  const open = new Map<string, PendingOutboxRow[]>();
  for (const row of rows) {
    const spec = BATCHED_JOBS[row.event_type as JobName];
    if (!spec || row.run_at || row.job_id) {
      groups.push([row]);
      continue;
    }
    const key = `${row.event_type}\u0000${row.organization_id ?? ''}`;
    let group = open.get(key);
    if (!group || group.length >= spec.max) {
      group = [];
      open.set(key, group);
      groups.push(group);
    }
    group.push(row);
  }
  return groups.map((group) => {
    if (group.length === 1) return outboxJob(group[0]);
    const job = outboxJob(group[0]);
    job.data.batch = group.map((row) => ({
      eventId: String(row.id),
      aggregateType: row.aggregate_type,
      aggregateId: row.aggregate_id,
      payload: row.payload,
    }));
    // Redelivered rows (Redis took the jobs, the stamp failed) mostly regroup the same way and hit the same id; a
    // different grouping makes another job for some rows, which the handler's per-item idempotency absorbs.
    job.opts = { jobId: `outbox-batch-${group[0].id}-${group[group.length - 1].id}` };
    return job;
  });
}

/** The BullMQ job an outbox row becomes: its event type, its data, and the row id (or its own job id) as jobId. */
export function outboxJob(row: PendingOutboxRow): { name: string; data: OutboxJobData; opts: JobsOptions } {
  const delay = row.run_at ? Math.max(0, new Date(row.run_at).getTime() - Date.now()) : 0;
  return {
    name: row.event_type,
    data: {
      eventId: String(row.id),
      organizationId: row.organization_id,
      aggregateType: row.aggregate_type,
      aggregateId: row.aggregate_id,
      payload: row.payload,
    },
    opts: { jobId: row.job_id ?? `outbox-${row.id}`, ...(delay > 0 ? { delay } : {}) },
  };
}
