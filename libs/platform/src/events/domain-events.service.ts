import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { OutboxService } from '../outbox/outbox.service.js';
import { JOB_QUEUE, JobName } from '../queue/queue-names.js';
import { DomainEventType } from './domain-event-types.js';
import { PUBLISH_DOMAIN_EVENT_SQL, publishSelectedDomainEventsSql } from './domain-event-sql.js';

export interface DomainEvent {
  type: DomainEventType;
  organizationId: string;
  /** The resource the event is about (`job`, `candidate`, `application`, `interview`, `scorecard`, `offer`, `decision`, `posting`). */
  aggregateType: string;
  aggregateId: string;
  /** The resource as its GET returns it (the module's DTO mapper). */
  data: object;
}

/** Many events whose data Postgres selects itself (see `DomainEvents.publishSelected`). */
export interface SelectedDomainEvents {
  type: DomainEventType;
  organizationId: string;
  aggregateType: string;
  /**
   * A SELECT, its parameters from $1, with one row per event: `aggregate_id` (text, each aggregate once), `data` (jsonb,
   * the resource as its GET returns it: the module's DTO mapper written in SQL) and `ord` (the order to announce them in).
   */
  sql: string;
  params: unknown[];
}

/** Payload of the `webhooks.fan-out` job an event becomes. */
export interface DomainEventPayload {
  type: DomainEventType;
  occurredAt: string;
  sequence: number;
  /** The event's data as the outbox row stores it: written once as JSON (dates become ISO strings), not copied before. */
  data: Record<string, unknown>;
}

/**
 * What a `webhooks.fan-out` job carries of its event: the relay leaves `data` in the outbox (`PAYLOAD_KEPT_IN_OUTBOX`),
 * where the fan-out reads it as it stands when the job runs.
 */
export type RelayedDomainEvent = Omit<DomainEventPayload, 'data'>;

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
    await this.txHost.tx.query(PUBLISH_DOMAIN_EVENT_SQL, [
      event.organizationId,
      event.aggregateType,
      event.aggregateId,
      JobName.WebhooksFanOut,
      JOB_QUEUE[JobName.WebhooksFanOut],
      event.type,
      JSON.stringify(event.data),
    ]);
  }

  /**
   * Many events of distinct aggregates in the caller's transaction, with their data built by Postgres: the resources are
   * not read into Node, mapped and sent back as JSON (a batch of 250 postings going live). One statement takes the
   * sequences and writes the outbox rows, as `publishMany` does (a selected row that no longer exists has no event).
   */
  async publishSelected(events: SelectedDomainEvents): Promise<void> {
    if (!this.txHost.isTransactionActive()) {
      throw new Error(`DomainEvents.publishSelected(${events.type}) called outside a transaction: call it inside the change's withTransaction`);
    }
    await this.txHost.tx.query(publishSelectedDomainEventsSql(events.sql, events.params.length), [
      ...events.params,
      events.organizationId,
      events.aggregateType,
      JobName.WebhooksFanOut,
      JOB_QUEUE[JobName.WebhooksFanOut],
      events.type,
    ]);
  }

  /**
   * Many events in the caller's transaction. Events of distinct aggregates (a batch of postings going live) take their
   * sequences in one statement and become outbox rows in one insert; when an aggregate repeats, they go one by one so
   * its sequences follow the given order.
   */
  async publishMany(events: DomainEvent[]): Promise<void> {
    const keys = new Set(events.map((e) => `${e.organizationId}/${e.aggregateType}/${e.aggregateId}`));
    if (events.length <= 1 || keys.size < events.length) {
      for (const event of events) await this.publish(event);
      return;
    }
    if (!this.txHost.isTransactionActive()) {
      throw new Error(`DomainEvents.publishMany(${events[0].type}, …) called outside a transaction: call it inside the change's withTransaction`);
    }
    const rows = await this.txHost.tx.query<
      Array<{ organization_id: string; aggregate_type: string; aggregate_id: string; sequence: string; occurred_at: Date }>
    >(
      `INSERT INTO domain_event_sequences (organization_id, aggregate_type, aggregate_id, last_sequence)
       SELECT e.organization_id, e.aggregate_type, e.aggregate_id, 1 FROM unnest($1::uuid[], $2::text[], $3::text[]) AS e(organization_id, aggregate_type, aggregate_id)
       ON CONFLICT (organization_id, aggregate_type, aggregate_id) DO UPDATE SET last_sequence = domain_event_sequences.last_sequence + 1
       RETURNING organization_id, aggregate_type, aggregate_id, last_sequence AS sequence, clock_timestamp() AS occurred_at`,
      [events.map((e) => e.organizationId), events.map((e) => e.aggregateType), events.map((e) => e.aggregateId)],
    );
    const taken = new Map(rows.map((r) => [`${r.organization_id}/${r.aggregate_type}/${r.aggregate_id}`, r]));
    await this.outbox.publishMany(
      events.map((event) => {
        const row = taken.get(`${event.organizationId}/${event.aggregateType}/${event.aggregateId}`)!;
        const payload: DomainEventPayload = {
          type: event.type,
          occurredAt: new Date(row.occurred_at).toISOString(),
          sequence: Number(row.sequence),
          data: event.data as Record<string, unknown>,
        };
        return {
          jobName: JobName.WebhooksFanOut,
          organizationId: event.organizationId,
          aggregateType: event.aggregateType,
          aggregateId: event.aggregateId,
          payload: payload as unknown as Record<string, unknown>,
        };
      }),
    );
  }
}
