import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { Role, UsersService } from '../../identity/src/index.js';
import { NotificationsService } from '../../pipelines/src/index.js';
import { DomainEventBody, DomainEventType, EgressError, EgressGuard, EgressResponse, sanitizeExcerpt } from '../../platform/src/index.js';
import { signedHeaders } from './signing.js';
import { DELIVERY_TIMEOUT_MS, RESPONSE_BYTES_READ } from './webhook-endpoints.service.js';
import { WebhookQueue } from './webhook-queue.js';
import { signingSecrets } from './webhook-rows.js';

/** Waits before each retry (about 24 hours in all): 10 s, 1 min, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const RETRY_DELAYS_MS = [10_000, 60_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
/** ±20 % random jitter on each wait, so many endpoints' retries do not land at the same moment. */
const JITTER = 0.2;
/** An endpoint whose deliveries have failed for this long (no success in between) is turned off; admins are told. */
export const FAILING_DAYS_BEFORE_DISABLE = 3;
/** Deliveries of one aggregate one job sends in a row before it hands the rest back to the queue. */
const MAX_CHAINED_ATTEMPTS = 50;
/** When another attempt holds the aggregate's lock, this one is queued again this much later. */
const BUSY_RETRY_MS = 200;
/** A Retry-After (429, 503) is honoured up to this long. */
const MAX_RETRY_AFTER_MS = 24 * 3600_000;

interface AttemptRow {
  id: string;
  organization_id: string;
  endpoint_id: string;
  event_id: string;
  aggregate_key: string;
  sequence: string;
  ordinal: string;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  url: string;
  enabled: boolean;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
}

type Outcome = { kind: 'skipped' } | { kind: 'busy' } | { kind: 'later'; at: Date } | { kind: 'settled'; endpointId: string; aggregateKey: string };

interface Sent {
  ok: boolean;
  status: number | null;
  durationMs: number;
  error: string | null;
  excerpt: string | null;
  retryAfterMs: number | null;
}

/**
 * One delivery attempt, in order per aggregate: an attempt runs only when no earlier delivery of the same aggregate
 * to the same endpoint is pending (that one, once settled, queues the next), under a transaction-scoped advisory
 * lock on (endpoint, aggregate). The request goes through the egress guard (5 s, 1 KB of answer read) inside the
 * transaction: a worker killed mid-request rolls back, and the delivery is attempted again with the same webhook-id.
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger(WebhookDeliveryService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly egress: EgressGuard,
    private readonly queue: WebhookQueue,
    private readonly notifications: NotificationsService,
    private readonly users: UsersService,
  ) {}

  /**
   * Attempts the delivery, then (while they are due) the next pending deliveries of the same aggregate to the same
   * endpoint, in this job: a busy aggregate drains without a queue round trip per event.
   */
  async attempt(organizationId: string, deliveryId: string): Promise<string> {
    let id: string | null = deliveryId;
    let last = 'skipped';
    for (let chained = 0; id && chained < MAX_CHAINED_ATTEMPTS; chained++) {
      const current: string = id;
      // Each attempt is its own transaction, the HTTP request inside it: a worker killed mid-request rolls back.
      const outcome = await this.txHost.withTransaction(() => this.attemptWithin(organizationId, current));
      last = outcome.kind;
      if (outcome.kind === 'busy') await this.queue.deliver([{ organizationId, deliveryId: current, at: new Date(Date.now() + BUSY_RETRY_MS) }]);
      if (outcome.kind === 'later') await this.queue.deliver([{ organizationId, deliveryId: current, at: outcome.at }]);
      if (outcome.kind !== 'settled') return last;
      id = await this.nextDue(organizationId, outcome.endpointId, outcome.aggregateKey);
    }
    if (id) await this.queue.deliver([{ organizationId, deliveryId: id }]);
    return last;
  }

  private async attemptWithin(organizationId: string, deliveryId: string): Promise<Outcome> {
    const [head] = await this.txHost.tx.query<Array<{ endpoint_id: string; aggregate_key: string }>>(
      `SELECT endpoint_id, aggregate_key FROM webhook_deliveries WHERE organization_id = $1 AND id = $2 AND status = 'pending'`,
      [organizationId, deliveryId],
    );
    if (!head) return { kind: 'skipped' };
    const [{ locked }] = await this.txHost.tx.query<Array<{ locked: boolean }>>(`SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked`, [
      `webhook:${head.endpoint_id}:${head.aggregate_key}`,
    ]);
    if (!locked) return { kind: 'busy' };
    const [d] = await this.txHost.tx.query<AttemptRow[]>(
      `SELECT d.id, d.organization_id, d.endpoint_id, d.event_id, d.aggregate_key, d.sequence, d.ordinal, d.status, d.attempts, d.next_attempt_at,
              e.url, e.enabled, e.secret, e.previous_secret, e.previous_secret_expires_at
         FROM webhook_deliveries d JOIN webhook_endpoints e ON e.organization_id = d.organization_id AND e.id = d.endpoint_id
        WHERE d.organization_id = $1 AND d.id = $2 FOR UPDATE OF d`,
      [organizationId, deliveryId],
    );
    if (!d || d.status !== 'pending' || !d.enabled) return { kind: 'skipped' };
    if (d.next_attempt_at.getTime() > Date.now() + 500) return { kind: 'later', at: d.next_attempt_at };
    const earlier = await this.txHost.tx.query<unknown[]>(
      `SELECT 1 FROM webhook_deliveries WHERE endpoint_id = $1 AND aggregate_key = $2 AND status = 'pending' AND (sequence, ordinal) < ($3::bigint, $4::bigint) LIMIT 1`,
      [d.endpoint_id, d.aggregate_key, d.sequence, d.ordinal],
    );
    if (earlier.length > 0) return { kind: 'skipped' };
    const [event] = await this.txHost.tx.query<Array<{ type: DomainEventType; occurred_at: Date; sequence: string; data: Record<string, unknown> }>>(
      `SELECT type, occurred_at, sequence, data FROM webhook_events WHERE organization_id = $1 AND id = $2`,
      [organizationId, d.event_id],
    );
    const body: DomainEventBody = {
      id: d.event_id,
      type: event.type,
      occurredAt: event.occurred_at.toISOString(),
      organizationId,
      sequence: Number(event.sequence),
      data: event.data,
    };
    const sent = await this.send(d, JSON.stringify(body));
    const attempts = d.attempts + 1;
    if (sent.ok) {
      await this.txHost.tx.query(
        `UPDATE webhook_deliveries SET status = 'delivered', attempts = $3, last_attempt_at = now(), last_status_code = $4, last_duration_ms = $5,
                last_error = NULL, response_excerpt = $6, delivered_at = now() WHERE organization_id = $1 AND id = $2`,
        [organizationId, d.id, attempts, sent.status, sent.durationMs, sent.excerpt],
      );
      await this.txHost.tx.query(`UPDATE webhook_endpoints SET failing_since = NULL WHERE organization_id = $1 AND id = $2 AND failing_since IS NOT NULL`, [
        organizationId,
        d.endpoint_id,
      ]);
      return { kind: 'settled', endpointId: d.endpoint_id, aggregateKey: d.aggregate_key };
    }
    const gone = sent.status === 410;
    const retryAt = gone || attempts > RETRY_DELAYS_MS.length ? null : new Date(Date.now() + (sent.retryAfterMs ?? withJitter(RETRY_DELAYS_MS[attempts - 1])));
    await this.txHost.tx.query(
      `UPDATE webhook_deliveries SET status = $3, attempts = $4, last_attempt_at = now(), last_status_code = $5, last_duration_ms = $6, last_error = $7,
              response_excerpt = $8, next_attempt_at = COALESCE($9, next_attempt_at) WHERE organization_id = $1 AND id = $2`,
      [organizationId, d.id, retryAt ? 'pending' : 'failed', attempts, sent.status, sent.durationMs, sent.error, sent.excerpt, retryAt],
    );
    const [[{ failing_since }]] = await this.txHost.tx.query<[Array<{ failing_since: Date }>, number]>(
      `UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, now()) WHERE organization_id = $1 AND id = $2 RETURNING failing_since`,
      [organizationId, d.endpoint_id],
    );
    const failingTooLong = failing_since.getTime() <= Date.now() - FAILING_DAYS_BEFORE_DISABLE * 24 * 3600_000;
    if (gone || failingTooLong) await this.disable(organizationId, d.endpoint_id, d.url, gone ? 'gone' : 'failing');
    return retryAt ? { kind: 'later', at: retryAt } : { kind: 'settled', endpointId: d.endpoint_id, aggregateKey: d.aggregate_key };
  }

  private async send(d: AttemptRow, body: string): Promise<Sent> {
    const started = Date.now();
    let response: EgressResponse;
    try {
      response = await this.egress.request(d.url, {
        method: 'POST',
        headers: signedHeaders(d.event_id, body, signingSecrets(d)),
        body,
        timeoutMs: DELIVERY_TIMEOUT_MS,
        maxBodyBytes: RESPONSE_BYTES_READ,
      });
    } catch (error: unknown) {
      if (!(error instanceof EgressError)) throw error;
      return { ok: false, status: error.status ?? null, durationMs: Date.now() - started, error: failureSentence(error), excerpt: null, retryAfterMs: null };
    }
    const ok = response.status >= 200 && response.status < 300;
    const retryAfterMs = response.status === 429 || response.status === 503 ? retryAfterOf(response.headers['retry-after']) : null;
    return {
      ok,
      status: response.status,
      durationMs: Date.now() - started,
      error: ok ? null : `The receiver answered ${response.status}.`,
      excerpt: sanitizeExcerpt(response.body.toString('utf8'), 200),
      retryAfterMs,
    };
  }

  /** Turns the endpoint off (it answered 410, or failed for 3 days) and tells the organization's admins. */
  private async disable(organizationId: string, endpointId: string, url: string, reason: 'gone' | 'failing'): Promise<void> {
    const [rows] = await this.txHost.tx.query<[unknown[], number]>(
      `UPDATE webhook_endpoints SET enabled = false, disabled_reason = $3, updated_at = now() WHERE organization_id = $1 AND id = $2 AND enabled RETURNING id`,
      [organizationId, endpointId, reason],
    );
    if (rows.length === 0) return;
    this.logger.warn({ organizationId, endpointId, reason }, 'Webhook endpoint turned off');
    const admins = await this.users.activeWithRole(organizationId, Role.Admin);
    await this.notifications.notify({
      organizationId,
      userIds: admins.map((u) => u.id),
      kind: 'webhook_disabled',
      payload: { webhookId: endpointId, url, reason },
      dedupeKey: `webhook-disabled:${endpointId}:${Date.now()}`,
    });
  }

  /** The next pending delivery of this aggregate to this endpoint when it is due now; one due later is queued for its time. */
  private async nextDue(organizationId: string, endpointId: string, aggregateKey: string): Promise<string | null> {
    const [next] = await this.txHost.tx.query<Array<{ id: string; next_attempt_at: Date }>>(
      `SELECT id, next_attempt_at FROM webhook_deliveries WHERE endpoint_id = $1 AND aggregate_key = $2 AND status = 'pending' AND organization_id = $3
        ORDER BY sequence, ordinal LIMIT 1`,
      [endpointId, aggregateKey, organizationId],
    );
    if (!next) return null;
    if (next.next_attempt_at.getTime() <= Date.now() + 500) return next.id;
    await this.queue.deliver([{ organizationId, deliveryId: next.id, at: next.next_attempt_at }]);
    return null;
  }
}

function withJitter(ms: number): number {
  return Math.round(ms * (1 - JITTER + Math.random() * 2 * JITTER));
}

/** `Retry-After` as seconds or an HTTP date, bounded to 1 s … 24 h; null when absent or unreadable. */
export function retryAfterOf(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || value.length > 64) return null;
  const ms = /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(1000, ms)) : null;
}

function failureSentence(error: EgressError): string {
  switch (error.kind) {
    case 'timeout':
      return 'The receiver did not answer within 5 seconds.';
    case 'redirect':
      return 'The receiver answered with a redirect, which Hireloop does not follow.';
    case 'refused':
      return 'The address now points to a private or internal network, which Hireloop does not connect to.';
    case 'dns':
      return 'The receiver’s host name could not be found.';
    case 'network':
      return 'The receiver could not be reached.';
  }
}
