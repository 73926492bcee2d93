import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { DomainEventPayload, IdempotentConsumer, OutboxJobData, OutboxService, type RelayedDomainEvent } from '../../platform/src/index.js';
import { endpointMayReceive } from './event-scopes.js';
import { WebhookQueue } from './webhook-queue.js';

/** Raised while an earlier event of the same aggregate is not fanned out yet: the job is retried (BullMQ backoff). */
export class EarlierEventPending extends Error {}

/** How long a fan-out waits in place for the previous event of its aggregate before it fails into a retry. */
const WAIT_FOR_EARLIER_MS = 3000;
/** After this many attempts an event stops waiting for an earlier one of its aggregate (that one failed for good). */
const WAIT_FOR_EARLIER_ATTEMPTS = 4;
const CONSUMER = 'webhooks.fan-out';

/** One event of a fan-out job (a job carries one, or a batch of one organization's: see BATCHED_JOBS). */
interface FanOutItem {
  outboxId: string;
  eventId: string;
  aggregateType: string;
  aggregateId: string;
  aggregateKey: string;
  /** The job's copy (type, sequence, time); the data is read from the outbox when the event is kept. */
  event: RelayedDomainEvent;
}

/**
 * Consumer `webhooks.fan-out` (once per outbox event): keeps the event 30 days for replay and creates one pending
 * delivery per enabled endpoint subscribed to its type that may read it. Events of one aggregate are fanned out in
 * sequence order (a cursor per aggregate), so deliveries are created in the order the changes committed.
 *
 * The relay hands an organization's events of one pass to one job (up to BATCHED_JOBS' max), in outbox order, so an
 * aggregate's events in a batch are in sequence order and its earlier ones are in this batch or an earlier one. A
 * batch is one transaction: one marker insert, the cursors, one events insert, the endpoints read once, one
 * deliveries insert; then one delivery job per (endpoint, aggregate), its first new delivery (a delivery job goes
 * on with the next ones of its aggregate).
 */
@Injectable()
export class WebhookFanOutService {
  private readonly logger = new Logger(WebhookFanOutService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly consumer: IdempotentConsumer,
    private readonly queue: WebhookQueue,
    private readonly outbox: OutboxService,
  ) {}

  /** Polls (outside any transaction) until every aggregate's cursor has reached the event before its first one here. */
  private async waitForEarlier(organizationId: string, firstSequence: Map<string, number>): Promise<void> {
    const deadline = Date.now() + WAIT_FOR_EARLIER_MS;
    const keys = [...firstSequence.keys()];
    // 10 ms, doubling up to 80 ms: several batches of one organization may wait at once, each asking again.
    for (let pause = 10; Date.now() < deadline; pause = Math.min(80, pause * 2)) {
      const cursors = await this.txHost.tx.query<Array<{ aggregate_key: string; last_sequence: string }>>(
        `SELECT aggregate_key, last_sequence FROM webhook_aggregate_cursors WHERE organization_id = $1 AND aggregate_key = ANY($2::text[])`,
        [organizationId, keys],
      );
      const last = new Map(cursors.map((c) => [c.aggregate_key, Number(c.last_sequence)]));
      if (keys.every((key) => firstSequence.get(key)! <= (last.get(key) ?? 0) + 1)) return;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  async fanOut(job: OutboxJobData<RelayedDomainEvent>, attemptsMade = 0): Promise<number> {
    const organizationId = job.organizationId;
    if (!organizationId) return 0;
    const rows = job.batch ?? [{ eventId: job.eventId, aggregateType: job.aggregateType, aggregateId: job.aggregateId, payload: job.payload }];
    const items: FanOutItem[] = rows.map((row) => {
      const aggregateType = row.aggregateType ?? job.aggregateType;
      return {
        outboxId: row.eventId,
        eventId: `evt_${row.eventId}`,
        aggregateType,
        aggregateId: row.aggregateId,
        aggregateKey: `${aggregateType}:${row.aggregateId}`,
        event: row.payload,
      };
    });
    const firstSequence = new Map<string, number>();
    for (const item of items) if (!firstSequence.has(item.aggregateKey)) firstSequence.set(item.aggregateKey, item.event.sequence);
    // The previous event of an aggregate is usually being fanned out by a sibling job right now: wait for it briefly
    // (outside any transaction) rather than failing into BullMQ's backoff.
    await this.waitForEarlier(organizationId, firstSequence);
    let created: Array<{ id: string; endpoint_id: string; aggregate_key: string; ordinal: string }> = [];
    const ahead: string[] = [];
    await this.consumer.runOnceMany(
      CONSUMER,
      items.map((i) => i.outboxId),
      async (fresh) => {
        const todo = items.filter((i) => fresh.has(i.outboxId));
        if (todo.length === 0) return;
        // What is kept and sent is the outbox row as it stands now (read under the erasure lock, before any cursor is
        // locked), not the job's copy: a candidate anonymised or deleted since the relay ran has been stripped there,
        // not in Redis. A row already pruned is older than OUTBOX_RETENTION_DAYS (a stale duplicate): it still moves its
        // aggregate's cursor on, but nothing of it is kept or delivered.
        const current = await this.outbox.currentPayloads(
          organizationId,
          todo.map((i) => i.outboxId),
        );
        const gone: string[] = [];
        const kept: Array<FanOutItem & { event: DomainEventPayload }> = [];
        for (const item of todo) {
          const payload = current.get(item.outboxId);
          if (payload) kept.push({ ...item, event: payload as unknown as DomainEventPayload });
          else gone.push(item.eventId);
        }
        if (gone.length) this.logger.warn({ eventIds: gone }, 'Not fanning out events whose outbox rows were pruned');
        const keys = [...new Set(todo.map((i) => i.aggregateKey))].sort();
        // One statement creates or locks the aggregates' cursors (in key order) and reads them.
        const cursors = await this.txHost.tx.query<Array<{ aggregate_key: string; last_sequence: string }>>(
          `INSERT INTO webhook_aggregate_cursors AS c (organization_id, aggregate_key, last_sequence)
           SELECT $1, k, 0 FROM unnest($2::text[]) AS k ORDER BY k
           ON CONFLICT (organization_id, aggregate_key) DO UPDATE SET last_sequence = c.last_sequence RETURNING aggregate_key, last_sequence`,
          [organizationId, keys],
        );
        const last = new Map(cursors.map((c) => [c.aggregate_key, Number(c.last_sequence)]));
        const newest = new Map<string, number>();
        for (const item of todo) {
          const before = newest.get(item.aggregateKey) ?? last.get(item.aggregateKey) ?? 0;
          if (item.event.sequence > before + 1) {
            if (attemptsMade < WAIT_FOR_EARLIER_ATTEMPTS) {
              throw new EarlierEventPending(`${item.aggregateKey}: event ${item.event.sequence} waits for ${before + 1}`);
            }
            ahead.push(item.eventId);
          }
          newest.set(item.aggregateKey, Math.max(before, item.event.sequence));
        }
        await this.txHost.tx.query(
          `UPDATE webhook_aggregate_cursors c SET last_sequence = GREATEST(c.last_sequence, n.last_sequence)
             FROM unnest($2::text[], $3::bigint[]) AS n(aggregate_key, last_sequence)
            WHERE c.organization_id = $1 AND c.aggregate_key = n.aggregate_key`,
          [organizationId, [...newest.keys()], [...newest.values()]],
        );
        await this.txHost.tx.query(
          `INSERT INTO webhook_events (id, organization_id, type, aggregate_type, aggregate_id, sequence, occurred_at, data)
           SELECT e.id, $1, e.type, e.aggregate_type, e.aggregate_id, e.sequence, e.occurred_at, e.data
             FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::timestamptz[], $8::jsonb[])
                  AS e(id, type, aggregate_type, aggregate_id, sequence, occurred_at, data)
           ON CONFLICT DO NOTHING`,
          [
            organizationId,
            kept.map((i) => i.eventId),
            kept.map((i) => i.event.type),
            kept.map((i) => i.aggregateType),
            kept.map((i) => i.aggregateId),
            kept.map((i) => i.event.sequence),
            kept.map((i) => i.event.occurredAt),
            kept.map((i) => JSON.stringify(i.event.data)),
          ],
        );
        const endpoints = await this.txHost.tx.query<Array<{ id: string; events: string[]; scopes: string[] | null }>>(
          `SELECT id, events, scopes FROM webhook_endpoints WHERE organization_id = $1 AND enabled ORDER BY created_at, id`,
          [organizationId],
        );
        const deliveries: Array<{ endpointId: string; item: FanOutItem }> = [];
        for (const item of kept) {
          for (const e of endpoints) {
            const subscribed = e.events.includes('*') || e.events.includes(item.event.type);
            if (subscribed && endpointMayReceive(e.scopes, item.event.type)) deliveries.push({ endpointId: e.id, item });
          }
        }
        if (deliveries.length === 0) return;
        // In the batch's order (WITH ORDINALITY), so each aggregate's deliveries to an endpoint get increasing ordinals.
        created = await this.txHost.tx.query<Array<{ id: string; endpoint_id: string; aggregate_key: string; ordinal: string }>>(
          `INSERT INTO webhook_deliveries (organization_id, endpoint_id, event_id, event_type, aggregate_key, sequence)
           SELECT $1, d.endpoint_id, d.event_id, d.event_type, d.aggregate_key, d.sequence
             FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::bigint[]) WITH ORDINALITY
                  AS d(endpoint_id, event_id, event_type, aggregate_key, sequence, n)
            ORDER BY d.n
           RETURNING id, endpoint_id, aggregate_key, ordinal`,
          [
            organizationId,
            deliveries.map((d) => d.endpointId),
            deliveries.map((d) => d.item.eventId),
            deliveries.map((d) => d.item.event.type),
            deliveries.map((d) => d.item.aggregateKey),
            deliveries.map((d) => d.item.event.sequence),
          ],
        );
      },
    );
    if (ahead.length) this.logger.warn({ eventIds: ahead }, 'Fanned out events without an earlier one of their aggregate');
    // The first new delivery of each (endpoint, aggregate); its job goes on with the others in order.
    const heads = new Map<string, string>();
    for (const d of [...created].sort((a, b) => Number(a.ordinal) - Number(b.ordinal))) {
      const key = `${d.endpoint_id}\u0000${d.aggregate_key}`;
      if (!heads.has(key)) heads.set(key, d.id);
    }
    await this.queue.deliver([...heads.values()].map((deliveryId) => ({ organizationId, deliveryId })));
    return created.length;
  }
}
