import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../identity/src/index.js';
import { DomainEventType, Page, decodeCursor, encodeCursor } from '../../platform/src/index.js';
import { ALL_EVENTS, DeliveryDto, ListDeliveriesQueryDto, ReplayDto, ReplayResultDto } from './dto/webhook.dto.js';
import { endpointMayReceive } from './event-scopes.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';
import { WebhookQueue } from './webhook-queue.js';
import { DeliveryRow, deliveryDto } from './webhook-rows.js';
import { WebhooksErrorCode, WebhooksException } from './webhooks.exception.js';

/** Events one replay may queue at most: a wider window is refused (narrow it, or replay it in parts). */
export const MAX_REPLAY_EVENTS = 10_000;
/** Events and deliveries are kept this long. */
export const WEBHOOK_RETENTION_DAYS = 30;

const DELIVERY_COLUMNS = `id, organization_id, endpoint_id, event_id, event_type, aggregate_key, sequence, ordinal, status, attempts, next_attempt_at,
  last_attempt_at, last_status_code, last_duration_ms, last_error, response_excerpt, created_at, delivered_at`;

/** The delivery log of an endpoint, redelivery of one event (same webhook-id) and replay of a window of events. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly endpoints: WebhookEndpointsService,
    private readonly queue: WebhookQueue,
  ) {}

  async list(actor: AuthUser, endpointId: string, query: ListDeliveriesQueryDto): Promise<Page<DeliveryDto>> {
    await this.endpoints.load(actor.organizationId, endpointId);
    const params: unknown[] = [actor.organizationId, endpointId, query.limit + 1];
    const where: string[] = [];
    if (query.status) where.push(`status = $${params.push(query.status)}`);
    if (query.eventType) where.push(`event_type = $${params.push(query.eventType)}`);
    if (query.since) where.push(`created_at >= $${params.push(query.since)}`);
    if (query.until) where.push(`created_at < $${params.push(query.until)}`);
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
      where.push(`(created_at, id) < ($${params.push(createdAt)}::timestamptz, $${params.push(id)}::uuid)`);
    }
    const rows = await this.txHost.tx.query<Array<DeliveryRow & { created_at_text: string }>>(
      `SELECT ${DELIVERY_COLUMNS}, created_at::text AS created_at_text FROM webhook_deliveries
        WHERE organization_id = $1 AND endpoint_id = $2 ${where.map((w) => `AND ${w}`).join(' ')}
        ORDER BY created_at DESC, id DESC LIMIT $3`,
      params,
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return { data: page.map((r) => deliveryDto(r)), nextCursor: rows.length > query.limit && last ? encodeCursor([last.created_at_text, last.id]) : null };
  }

  /** Sends the delivery's event again (a new entry in the log, the same webhook-id), in order with its aggregate's others. */
  async redeliver(actor: AuthUser, endpointId: string, deliveryId: string): Promise<DeliveryDto> {
    await this.endpoints.load(actor.organizationId, endpointId);
    const [row] = await this.txHost.tx.query<DeliveryRow[]>(
      `INSERT INTO webhook_deliveries (organization_id, endpoint_id, event_id, event_type, aggregate_key, sequence)
       SELECT organization_id, endpoint_id, event_id, event_type, aggregate_key, sequence FROM webhook_deliveries
        WHERE organization_id = $1 AND endpoint_id = $2 AND id = $3
       RETURNING ${DELIVERY_COLUMNS}`,
      [actor.organizationId, endpointId, deliveryId],
    );
    if (!row) throw new WebhooksException(WebhooksErrorCode.DeliveryNotFound, 'No such delivery.');
    await this.queue.deliver([{ organizationId: actor.organizationId, deliveryId: row.id }]);
    return deliveryDto(row);
  }

  /** Sends every kept event of the window the endpoint subscribes to (and may read) again, in order per aggregate. */
  async replay(actor: AuthUser, endpointId: string, input: ReplayDto): Promise<ReplayResultDto> {
    const endpoint = await this.endpoints.load(actor.organizationId, endpointId);
    const until = input.until ?? new Date();
    if (until.getTime() <= input.since.getTime()) {
      throw new WebhooksException(WebhooksErrorCode.InvalidWindow, 'The end of the window must come after its start.', {
        errors: [{ field: 'until', message: 'must be after since' }],
      });
    }
    const subscribed = endpoint.events.includes(ALL_EVENTS) ? null : endpoint.events;
    const types = (input.events ?? subscribed ?? Object.values(DomainEventType)).filter(
      (type) => (subscribed === null || subscribed.includes(type)) && endpointMayReceive(endpoint.scopes, type as DomainEventType),
    );
    const window = [actor.organizationId, input.since, until, types];
    const [{ n }] = await this.txHost.tx.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM webhook_events WHERE organization_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND type = ANY($4::text[]) LIMIT $5) w`,
      [...window, MAX_REPLAY_EVENTS + 1],
    );
    if (n > MAX_REPLAY_EVENTS) {
      throw new WebhooksException(WebhooksErrorCode.InvalidWindow, `This window holds more than ${MAX_REPLAY_EVENTS} events. Replay a shorter one.`, {
        errors: [{ field: 'since', message: `the window holds more than ${MAX_REPLAY_EVENTS} events` }],
      });
    }
    const rows = await this.txHost.tx.query<Array<{ id: string }>>(
      `INSERT INTO webhook_deliveries (organization_id, endpoint_id, event_id, event_type, aggregate_key, sequence)
       SELECT organization_id, $5, id, type, aggregate_type || ':' || aggregate_id, sequence FROM webhook_events
        WHERE organization_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND type = ANY($4::text[])
        ORDER BY occurred_at, sequence
       RETURNING id`,
      [...window, endpointId],
    );
    await this.queue.deliver(rows.map((r) => ({ organizationId: actor.organizationId, deliveryId: r.id })));
    return { queued: rows.length };
  }
}
