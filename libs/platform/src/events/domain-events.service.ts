import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { OutboxService } from '../outbox/outbox.service.js';
import { JobName } from '../queue/queue-names.js';
import { DomainEventType } from './domain-event-types.js';

export interface DomainEvent {
  type: DomainEventType;
  organizationId: string;
  /** The resource the event is about (`job`, `candidate`, `application`, `interview`, `scorecard`, `offer`, `decision`, `posting`). */
  aggregateType: string;
  aggregateId: string;
  /** The resource as its GET returns it (the module's DTO mapper). */
  data: object;
}

/** Payload of the `webhooks.fan-out` job an event becomes. */
export interface DomainEventPayload {
  type: DomainEventType;
  occurredAt: string;
  sequence: number;
  data: Record<string, unknown>;
}

/**
 * The one way to announce a domain event: inside the change's `withTransaction` (it joins it), so the event
 * exists exactly when the change does. Each event gets the next `sequence` of its aggregate, taken in that same
 * transaction (a row lock per aggregate: two concurrent changes of one resource number their events in commit order),
 * and becomes one outbox row that the webhooks module fans out to subscribed endpoints. Called outside a transaction
 * it throws: the sequence and the outbox row must commit or roll back with the change.
 */
@Injectable()
export class DomainEvents {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly outbox: OutboxService,
  ) {}

  async publish(event: DomainEvent): Promise<void> {
    if (!this.txHost.isTransactionActive()) {
      throw new Error(`DomainEvents.publish(${event.type}) called outside a transaction: call it inside the change's withTransaction`);
    }
    const [{ sequence, occurred_at }] = await this.txHost.tx.query<Array<{ sequence: string; occurred_at: Date }>>(
      `INSERT INTO domain_event_sequences (organization_id, aggregate_type, aggregate_id, last_sequence) VALUES ($1, $2, $3, 1)
       ON CONFLICT (organization_id, aggregate_type, aggregate_id) DO UPDATE SET last_sequence = domain_event_sequences.last_sequence + 1
       RETURNING last_sequence AS sequence, clock_timestamp() AS occurred_at`,
      [event.organizationId, event.aggregateType, event.aggregateId],
    );
    const payload: DomainEventPayload = {
      type: event.type,
      occurredAt: new Date(occurred_at).toISOString(),
      sequence: Number(sequence),
      data: JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>,
    };
    await this.outbox.publish({
      jobName: JobName.WebhooksFanOut,
      organizationId: event.organizationId,
      aggregateType: event.aggregateType,
      aggregateId: event.aggregateId,
      payload: payload as unknown as Record<string, unknown>,
    });
  }

  async publishMany(events: DomainEvent[]): Promise<void> {
    for (const event of events) await this.publish(event);
  }
}
