import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../identity/src/index.js';
import {
  ALL_DOMAIN_EVENT_TYPES,
  AuditService,
  decodeCursor,
  DomainEventBody,
  DomainEventType,
  EgressError,
  destinationRefusal,
  EgressGuard,
  encodeCursor,
  Page,
  PageQueryDto,
  PING_EVENT_TYPE,
} from '../../platform/src/index.js';
import { ALL_EVENTS, CreatedWebhookDto, CreateWebhookDto, PingResultDto, RotatedSecretDto, UpdateWebhookDto, WebhookDto } from './dto/webhook.dto.js';
import { endpointMayReceive, EVENT_SCOPE } from './event-scopes.js';
import { newWebhookSecret, signedHeaders } from './signing.js';
import { ENDPOINT_COLUMNS, EndpointRow, signingSecrets, webhookDto } from './webhook-rows.js';
import { WebhooksErrorCode, WebhooksException } from './webhooks.exception.js';

/** How long the previous secret keeps signing after a rotation. */
export const SECRET_OVERLAP_HOURS = 24;
/** Per attempt: the receiver has this long to answer; at most this much of its answer is read. */
export const DELIVERY_TIMEOUT_MS = 5000;
export const RESPONSE_BYTES_READ = 1024;

/** Webhook endpoints: registered (egress-checked, pinged), listed, changed, removed, their secret rotated. */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly egress: EgressGuard,
  ) {}

  async create(actor: AuthUser, input: CreateWebhookDto): Promise<CreatedWebhookDto> {
    const events = normaliseEvents(input.events);
    this.assertReadable(actor, events);
    await this.assertReachable(input.url);
    const secret = newWebhookSecret();
    const row = await this.txHost.withTransaction(async () => {
      const [inserted] = await this.txHost.tx.query<EndpointRow[]>(
        `INSERT INTO webhook_endpoints (organization_id, url, events, description, secret, scopes, created_by, created_by_api_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${ENDPOINT_COLUMNS}`,
        [actor.organizationId, input.url, events, input.description ?? null, secret, actor.scopes ?? null, actor.id, actor.apiKeyId ?? null],
      );
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'webhook',
        entityId: inserted.id,
        action: 'create',
        changes: { url: { to: input.url }, events: { to: events }, secret: {} },
      });
      return inserted;
    });
    const ping = await this.ping(row);
    return { ...webhookDto(row), secret, ping };
  }

  async list(actor: AuthUser, query: PageQueryDto): Promise<Page<WebhookDto>> {
    const params: unknown[] = [actor.organizationId, query.limit + 1];
    let after = '';
    if (query.cursor) {
      params.push(...decodeCursor(query.cursor, ['timestamp', 'uuid']));
      after = 'AND (created_at, id) < ($3::timestamptz, $4::uuid)';
    }
    const rows = await this.txHost.tx.query<Array<EndpointRow & { created_at_text: string }>>(
      `SELECT ${ENDPOINT_COLUMNS}, created_at::text AS created_at_text FROM webhook_endpoints
        WHERE organization_id = $1 ${after} ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return { data: page.map((r) => webhookDto(r)), nextCursor: rows.length > query.limit && last ? encodeCursor([last.created_at_text, last.id]) : null };
  }

  async get(actor: AuthUser, id: string): Promise<WebhookDto> {
    return webhookDto(await this.load(actor.organizationId, id));
  }

  async load(organizationId: string, id: string): Promise<EndpointRow> {
    const [row] = await this.txHost.tx.query<EndpointRow[]>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE organization_id = $1 AND id = $2`, [
      organizationId,
      id,
    ]);
    if (!row) throw new WebhooksException(WebhooksErrorCode.WebhookNotFound, 'No such webhook.');
    return row;
  }

  /** URL (checked like a new one), events, enabled, description. Re-enabling clears why it was turned off. */
  async update(actor: AuthUser, id: string, input: UpdateWebhookDto): Promise<WebhookDto> {
    const events = input.events ? normaliseEvents(input.events) : undefined;
    if (events) this.assertReadable(actor, events);
    await this.load(actor.organizationId, id);
    if (input.url !== undefined) await this.assertReachable(input.url);
    return this.txHost.withTransaction(async () => {
      const [before] = await this.txHost.tx.query<EndpointRow[]>(
        `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE organization_id = $1 AND id = $2 FOR UPDATE`,
        [actor.organizationId, id],
      );
      if (!before) throw new WebhooksException(WebhooksErrorCode.WebhookNotFound, 'No such webhook.');
      const after = {
        url: input.url ?? before.url,
        events: events ?? before.events,
        enabled: input.enabled ?? before.enabled,
        description: input.description !== undefined ? input.description : before.description,
      };
      const changes: Record<string, { from?: unknown; to?: unknown }> = {};
      for (const key of ['url', 'events', 'enabled', 'description'] as const) {
        if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { from: before[key], to: after[key] };
      }
      if (Object.keys(changes).length === 0) return webhookDto(before);
      const [[row]] = await this.txHost.tx.query<[EndpointRow[], number]>(
        `UPDATE webhook_endpoints SET url = $3, events = $4, enabled = $5, description = $6, updated_at = now(),
                disabled_reason = CASE WHEN $5 THEN NULL ELSE disabled_reason END,
                failing_since = CASE WHEN $5 AND NOT enabled THEN NULL ELSE failing_since END
          WHERE organization_id = $1 AND id = $2 RETURNING ${ENDPOINT_COLUMNS}`,
        [actor.organizationId, id, after.url, after.events, after.enabled, after.description],
      );
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'webhook',
        entityId: id,
        action: 'update',
        changes,
      });
      return webhookDto(row);
    });
  }

  async remove(actor: AuthUser, id: string): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const [rows] = await this.txHost.tx.query<[Array<{ url: string }>, number]>(
        `DELETE FROM webhook_endpoints WHERE organization_id = $1 AND id = $2 RETURNING url`,
        [actor.organizationId, id],
      );
      if (rows.length === 0) throw new WebhooksException(WebhooksErrorCode.WebhookNotFound, 'No such webhook.');
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'webhook',
        entityId: id,
        action: 'delete',
        changes: { url: { from: rows[0].url } },
      });
    });
  }

  /** A new secret; the one it replaces keeps signing beside it for 24 hours. */
  async rotateSecret(actor: AuthUser, id: string): Promise<RotatedSecretDto> {
    const secret = newWebhookSecret();
    return this.txHost.withTransaction(async () => {
      const [rows] = await this.txHost.tx.query<[Array<{ previous_secret_expires_at: Date }>, number]>(
        `UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = now() + make_interval(hours => $4), secret = $3, updated_at = now()
          WHERE organization_id = $1 AND id = $2 RETURNING previous_secret_expires_at`,
        [actor.organizationId, id, secret, SECRET_OVERLAP_HOURS],
      );
      if (rows.length === 0) throw new WebhooksException(WebhooksErrorCode.WebhookNotFound, 'No such webhook.');
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'webhook',
        entityId: id,
        action: 'rotate_secret',
        changes: { secret: {} },
      });
      return { secret, previousSecretValidUntil: rows[0].previous_secret_expires_at.toISOString() };
    });
  }

  /** The `ping` sent on creation: signed like any event; its failure does not undo the creation. */
  private async ping(row: EndpointRow): Promise<PingResultDto> {
    const body: DomainEventBody = {
      id: `evt_ping_${randomUUID().replaceAll('-', '')}`,
      type: PING_EVENT_TYPE,
      occurredAt: new Date().toISOString(),
      organizationId: row.organization_id,
      sequence: 0,
      data: { webhookId: row.id },
    };
    const text = JSON.stringify(body);
    try {
      const response = await this.egress.request(row.url, {
        method: 'POST',
        headers: signedHeaders(body.id, text, signingSecrets(row)),
        body: text,
        timeoutMs: DELIVERY_TIMEOUT_MS,
        maxBodyBytes: RESPONSE_BYTES_READ,
      });
      return { ok: response.status >= 200 && response.status < 300, status: response.status };
    } catch (error: unknown) {
      if (error instanceof EgressError) return { ok: false, status: error.status ?? null };
      throw error;
    }
  }

  /** An endpoint made with an API key receives only what the key may read. */
  private assertReadable(actor: AuthUser, events: string[]): void {
    if (!actor.apiKeyId) return;
    const types = events.includes(ALL_EVENTS) ? [] : (events as DomainEventType[]);
    const unreadable = types.filter((type) => !endpointMayReceive(actor.scopes ?? [], type));
    if (unreadable.length > 0) {
      throw new WebhooksException(WebhooksErrorCode.EventsNotReadable, 'This API key may not read what some of these events carry.', {
        errors: unreadable.map((type) => ({ field: 'events', message: `${type} needs the scope ${EVENT_SCOPE[type]}` })),
      });
    }
  }

  private async assertReachable(url: string): Promise<void> {
    try {
      await this.egress.checkDestination(url);
    } catch (error) {
      if (!(error instanceof EgressError)) throw error;
      const message = destinationRefusal(error);
      throw new WebhooksException(WebhooksErrorCode.UrlRefused, 'Hireloop cannot send events to this address.', { errors: [{ field: 'url', message }] });
    }
  }
}

/** `["*", …]` is every event; otherwise the list, in catalogue order. */
export function normaliseEvents(events: string[]): string[] {
  if (events.includes(ALL_EVENTS)) return [ALL_EVENTS];
  return ALL_DOMAIN_EVENT_TYPES.filter((type) => events.includes(type));
}
