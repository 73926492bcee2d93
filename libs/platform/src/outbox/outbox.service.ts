import { type PersonalTerms, personalTermPatterns, STRIP_PERSONAL_TEXT } from '../privacy/personal-data.js';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { JOB_QUEUE, JobName } from '../queue/queue-names.js';

/**
 * The advisory lock class under which payloads are kept (shared, `currentPayloads`) and erased (exclusive,
 * `erasePersonalPayloads`): one lock per organization, `(OUTBOX_ERASURE_LOCK, hashtext(organization id))`.
 */
export const OUTBOX_ERASURE_LOCK = "hashtext('hireloop.outbox-erasure')";

export interface OutboxMessage {
  jobName: JobName;
  organizationId: string | null;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  /** Deliver no earlier than this time (a delayed BullMQ job). */
  runAt?: Date;
  /** A stable BullMQ job id, when the job must be findable later (e.g. to cancel a reminder). */
  jobId?: string;
}

/** Writes side effects into the outbox inside the current unit of work (the caller's transaction); the worker's relay delivers them. */
@Injectable()
export class OutboxService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async publish(message: OutboxMessage): Promise<void> {
    await this.publishMany([message]);
  }

  /**
   * One INSERT for the lot, in the given order (ids ascend with it, and the relay moves rows in id order): the messages
   * travel as one JSON document, read back by `jsonb_to_recordset` (a batch of domain events is one string to send, not
   * a parameter per column per row).
   */
  async publishMany(messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const rows = messages.map((m) => ({
      organization_id: m.organizationId,
      aggregate_type: m.aggregateType,
      aggregate_id: m.aggregateId,
      event_type: m.jobName,
      queue: JOB_QUEUE[m.jobName],
      job_id: m.jobId ?? null,
      payload: m.payload,
      run_at: m.runAt ?? null,
    }));
    await this.txHost.tx.query(
      `INSERT INTO outbox_events (organization_id, aggregate_type, aggregate_id, event_type, queue, job_id, payload, run_at)
       SELECT r.organization_id, r.aggregate_type, r.aggregate_id, r.event_type, r.queue, r.job_id, r.payload, r.run_at
         FROM jsonb_to_recordset($1::jsonb) AS r(organization_id uuid, aggregate_type text, aggregate_id text, event_type text, queue text, job_id text, payload jsonb, run_at timestamptz)`,
      [JSON.stringify(rows)],
    );
  }

  /**
   * The payloads of these outbox rows as they stand now, read under the organization's erasure lock (shared; held until
   * the caller's transaction ends). A consumer that keeps an event's payload (webhooks' event log) reads it here instead
   * of trusting the copy its job carries: an anonymisation that commits after the relay handed the job to Redis strips
   * the row, not the copy. `erasePersonalPayloads` takes the same lock exclusively, so it runs either before this read
   * (the consumer keeps the stripped payload) or after the consumer committed (and the erasure, stripping the outbox
   * first, then finds what it kept). An advisory lock rather than row locks: the relay stamps these rows while their
   * jobs already run, and a row lock here would let the relay, two fan-outs and an aggregate's cursor wait in a circle.
   * Call it before the consumer takes any other lock. Rows already pruned (`OutboxRetentionService`) are absent.
   */
  async currentPayloads(organizationId: string, ids: string[]): Promise<Map<string, Record<string, unknown>>> {
    if (ids.length === 0) return new Map();
    // Its own statement: the read below then sees any erasure that committed while this one waited.
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock_shared(${OUTBOX_ERASURE_LOCK}, hashtext($1))`, [organizationId]);
    const rows = await this.txHost.tx.query<Array<{ id: string; payload: Record<string, unknown> }>>(
      `SELECT id, payload FROM outbox_events WHERE organization_id = $1 AND id = ANY($2::bigint[])`,
      [organizationId, ids],
    );
    return new Map(rows.map((r) => [String(r.id), r.payload]));
  }

  /**
   * Anonymisation: outbox rows whose payload names the person (names, emails, phones) keep their ids, times and shape
   * (`hireloop_strip_personal_text`) and lose their words. Joins the caller's unit of work.
   */
  async erasePersonalPayloads(organizationId: string, terms: PersonalTerms): Promise<void> {
    // Waits for the fan-outs reading this organization's payloads (`currentPayloads`) and holds new ones off until commit.
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(${OUTBOX_ERASURE_LOCK}, hashtext($1))`, [organizationId]);
    await this.txHost.tx.query(
      `UPDATE outbox_events SET payload = ${STRIP_PERSONAL_TEXT}(payload) WHERE organization_id = $1 AND payload::text ILIKE ANY($2::text[])`,
      [organizationId, personalTermPatterns(terms)],
    );
  }
}
