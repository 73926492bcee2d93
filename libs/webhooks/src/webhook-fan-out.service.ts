import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { DomainEventPayload, IdempotentConsumer, OutboxJobData } from '../../platform/src/index.js';
import { endpointMayReceive } from './event-scopes.js';
import { WebhookQueue } from './webhook-queue.js';

/** Raised while an earlier event of the same aggregate is not fanned out yet: the job is retried (BullMQ backoff). */
export class EarlierEventPending extends Error {}

/** How long a fan-out waits in place for the previous event of its aggregate before it fails into a retry. */
const WAIT_FOR_EARLIER_MS = 3000;
/** After this many attempts an event stops waiting for an earlier one of its aggregate (that one failed for good). */
const WAIT_FOR_EARLIER_ATTEMPTS = 4;

/**
 * Consumer `webhooks.fan-out` (once per outbox event): keeps the event 30 days for replay and creates one pending
 * delivery per enabled endpoint subscribed to its type that may read it. Events of one aggregate are fanned out in
 * sequence order (a cursor per aggregate), so deliveries are created in the order the changes committed.
 */
@Injectable()
export class WebhookFanOutService {
  private readonly logger = new Logger(WebhookFanOutService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly consumer: IdempotentConsumer,
    private readonly queue: WebhookQueue,
  ) {}

  private async waitForEarlier(organizationId: string, aggregateKey: string, sequence: number): Promise<void> {
    const deadline = Date.now() + WAIT_FOR_EARLIER_MS;
    while (Date.now() < deadline) {
      const [cursor] = await this.txHost.tx.query<Array<{ last_sequence: string }>>(
        `SELECT last_sequence FROM webhook_aggregate_cursors WHERE organization_id = $1 AND aggregate_key = $2`,
        [organizationId, aggregateKey],
      );
      if (sequence <= Number(cursor?.last_sequence ?? 0) + 1) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async fanOut(job: OutboxJobData<DomainEventPayload>, attemptsMade = 0): Promise<number> {
    const organizationId = job.organizationId;
    if (!organizationId) return 0;
    const event = job.payload;
    const eventId = `evt_${job.eventId}`;
    const aggregateKey = `${job.aggregateType}:${job.aggregateId}`;
    let created: string[] = [];
    let aheadOfEarlier = false;
    // The previous event of the aggregate is usually being fanned out by a sibling job right now: wait for it briefly
    // (outside any transaction) rather than failing into BullMQ's backoff.
    await this.waitForEarlier(organizationId, aggregateKey, event.sequence);
    await this.consumer.runOnce('webhooks.fan-out', job.eventId, async () => {
      // One statement creates or locks the aggregate's cursor and reads it.
      const [{ last_sequence }] = await this.txHost.tx.query<Array<{ last_sequence: string }>>(
        `INSERT INTO webhook_aggregate_cursors AS c (organization_id, aggregate_key, last_sequence) VALUES ($1, $2, 0)
         ON CONFLICT (organization_id, aggregate_key) DO UPDATE SET last_sequence = c.last_sequence RETURNING last_sequence`,
        [organizationId, aggregateKey],
      );
      if (event.sequence > Number(last_sequence) + 1 && attemptsMade < WAIT_FOR_EARLIER_ATTEMPTS) {
        throw new EarlierEventPending(`${aggregateKey}: event ${event.sequence} waits for ${Number(last_sequence) + 1}`);
      }
      aheadOfEarlier = event.sequence > Number(last_sequence) + 1;
      await this.txHost.tx.query(
        `UPDATE webhook_aggregate_cursors SET last_sequence = GREATEST(last_sequence, $3) WHERE organization_id = $1 AND aggregate_key = $2`,
        [organizationId, aggregateKey, event.sequence],
      );
      await this.txHost.tx.query(
        `INSERT INTO webhook_events (id, organization_id, type, aggregate_type, aggregate_id, sequence, occurred_at, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [eventId, organizationId, event.type, job.aggregateType, job.aggregateId, event.sequence, event.occurredAt, JSON.stringify(event.data)],
      );
      const endpoints = await this.txHost.tx.query<Array<{ id: string; scopes: string[] | null }>>(
        `SELECT id, scopes FROM webhook_endpoints WHERE organization_id = $1 AND enabled AND (events @> ARRAY['*'] OR events @> ARRAY[$2])`,
        [organizationId, event.type],
      );
      const receiving = endpoints.filter((e) => endpointMayReceive(e.scopes, event.type)).map((e) => e.id);
      if (receiving.length === 0) return;
      const rows = await this.txHost.tx.query<Array<{ id: string }>>(
        `INSERT INTO webhook_deliveries (organization_id, endpoint_id, event_id, event_type, aggregate_key, sequence)
         SELECT $1, endpoint_id, $3, $4, $5, $6 FROM unnest($2::uuid[]) AS e(endpoint_id) RETURNING id`,
        [organizationId, receiving, eventId, event.type, aggregateKey, event.sequence],
      );
      created = rows.map((r) => r.id);
    });
    if (aheadOfEarlier) this.logger.warn({ eventId, aggregateKey }, 'Fanned out an event without an earlier one of its aggregate');
    await this.queue.deliver(created.map((deliveryId) => ({ organizationId, deliveryId })));
    return created.length;
  }
}
