import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
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
/** When another attempt holds the aggregate (its lock for a moment, or a lease while it sends), this one is queued again this much later. */
const BUSY_RETRY_MS = 200;
/**
 * How long a claimed delivery stays claimed: well beyond one attempt (the 5 s request timeout, the two short
 * transactions around it) on a loaded machine. A worker killed mid-request leaves its lease behind; the delivery is
 * sent again once it runs out.
 */
export const DELIVERY_LEASE_MS = 30_000;
/** A Retry-After (429, 503) is honoured up to this long. */
const MAX_RETRY_AFTER_MS = 24 * 3600_000;

/** A claimed delivery: the row, its endpoint and its event, and the token that guards the recording of its outcome. */
interface Claimed {
  id: string;
  endpoint_id: string;
  event_id: string;
  aggregate_key: string;
  attempts: number;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  type: DomainEventType;
  occurred_at: Date;
  sequence: string;
  data: Record<string, unknown>;
  token: string;
}

type ClaimOutcome = { kind: 'claimed'; claimed: Claimed } | { kind: 'skipped' } | { kind: 'busy'; at: Date } | { kind: 'later'; at: Date };

/** What recording an outcome leads to: this delivery again later, the next one of its aggregate (claimed, or queued), or nothing. */
type Recorded = { kind: 'later'; at: Date } | { kind: 'settled'; claimed: Claimed | null; queue: { id: string; at?: Date } | null } | { kind: 'lost' };

interface Sent {
  ok: boolean;
  status: number | null;
  durationMs: number;
  error: string | null;
  excerpt: string | null;
  retryAfterMs: number | null;
}

/**
 * The claim: under the (endpoint, aggregate) advisory lock taken by the statement before it, the delivery is leased
 * when it is pending, due, not leased, its endpoint is on, and no other pending delivery of its aggregate to that
 * endpoint comes before it or is leased. Returns what the request needs (endpoint, secrets, event).
 */
const CLAIM_SQL = `
  UPDATE webhook_deliveries d SET lease_token = $3, locked_until = now() + make_interval(secs => $4)
    FROM webhook_endpoints e, webhook_events ev
   WHERE d.organization_id = $1 AND d.id = $2 AND d.status = 'pending'
     AND d.next_attempt_at <= now() + interval '500 milliseconds' AND (d.locked_until IS NULL OR d.locked_until <= now())
     AND e.organization_id = d.organization_id AND e.id = d.endpoint_id AND e.enabled
     AND ev.organization_id = d.organization_id AND ev.id = d.event_id
     AND NOT EXISTS (SELECT 1 FROM webhook_deliveries o
                      WHERE o.endpoint_id = d.endpoint_id AND o.aggregate_key = d.aggregate_key AND o.status = 'pending' AND o.id <> d.id
                        AND o.organization_id = d.organization_id AND ((o.sequence, o.ordinal) < (d.sequence, d.ordinal) OR o.locked_until > now()))
  RETURNING d.id, d.endpoint_id, d.event_id, d.aggregate_key, d.attempts, e.url, e.secret, e.previous_secret, e.previous_secret_expires_at,
            ev.type, ev.occurred_at, ev.sequence, ev.data`;

/** Why a claim found nothing to send (read only when it did). */
const WHY_NOT_SQL = `
  SELECT d.next_attempt_at, d.locked_until > now() AS leased, d.locked_until, e.enabled
    FROM webhook_deliveries d JOIN webhook_endpoints e ON e.organization_id = d.organization_id AND e.id = d.endpoint_id
   WHERE d.organization_id = $1 AND d.id = $2 AND d.status = 'pending'`;

/**
 * A success, recorded only by the attempt holding the lease, in one statement: the delivery, the endpoint's failing
 * streak ended, and the next pending delivery of the same aggregate to the same endpoint (the statement's snapshot
 * still sees this one pending, hence `id <> $2`).
 */
const DELIVERED_SQL = `
  WITH done AS (
    UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_attempt_at = now(), last_status_code = $4, last_duration_ms = $5,
           last_error = NULL, response_excerpt = $6, delivered_at = now(), lease_token = NULL, locked_until = NULL
     WHERE organization_id = $1 AND id = $2 AND lease_token = $3 AND status = 'pending'
    RETURNING endpoint_id, aggregate_key
  ), healed AS (
    UPDATE webhook_endpoints e SET failing_since = NULL FROM done WHERE e.organization_id = $1 AND e.id = done.endpoint_id AND e.failing_since IS NOT NULL
    RETURNING e.id
  )
  SELECT (SELECT count(*) FROM done)::int AS recorded, n.id, n.next_attempt_at
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (
      SELECT n.id, n.next_attempt_at FROM webhook_deliveries n, done
       WHERE n.endpoint_id = done.endpoint_id AND n.aggregate_key = done.aggregate_key AND n.status = 'pending' AND n.organization_id = $1 AND n.id <> $2
       ORDER BY n.sequence, n.ordinal LIMIT 1
    ) n ON true`;

/**
 * One delivery attempt, in order per aggregate, with no transaction open across the HTTP request: a short
 * transaction claims the delivery (a lease: `lease_token`, `locked_until`) when no earlier delivery of the same
 * aggregate to the same endpoint is pending and none is leased; the request goes through the egress guard (5 s, 1 KB
 * of answer read); a second short transaction records the outcome, guarded by the token. A worker killed mid-request
 * leaves the delivery pending and leased; once the lease runs out it is attempted again with the same webhook-id.
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
    const claim = await this.txHost.withTransaction(() => this.claim(organizationId, deliveryId));
    if (claim.kind === 'busy' || claim.kind === 'later') await this.queue.deliver([{ organizationId, deliveryId, at: claim.at }]);
    if (claim.kind !== 'claimed') return claim.kind;
    let current: Claimed | null = claim.claimed;
    let last = 'settled';
    for (let chained = 1; current; chained++) {
      const c: Claimed = current;
      const body: DomainEventBody = {
        id: c.event_id,
        type: c.type,
        occurredAt: c.occurred_at.toISOString(),
        organizationId,
        sequence: Number(c.sequence),
        data: c.data,
      };
      const sent = await this.send(c, JSON.stringify(body));
      const recorded = await this.txHost.withTransaction(() => this.record(organizationId, c, sent, chained < MAX_CHAINED_ATTEMPTS));
      last = recorded.kind;
      current = null;
      if (recorded.kind === 'lost') this.logger.warn({ organizationId, deliveryId: c.id }, 'Webhook delivery lease ran out before its outcome was recorded');
      if (recorded.kind === 'later') await this.queue.deliver([{ organizationId, deliveryId: c.id, at: recorded.at }]);
      if (recorded.kind === 'settled') {
        if (recorded.queue) await this.queue.deliver([{ organizationId, deliveryId: recorded.queue.id, at: recorded.queue.at }]);
        current = recorded.claimed;
      }
    }
    return last;
  }

  /** Leases the delivery in the caller's (short) transaction, or says why not. */
  private async claim(organizationId: string, deliveryId: string): Promise<ClaimOutcome> {
    // One statement finds the delivery's endpoint and aggregate and takes their lock for this transaction.
    const [head] = await this.txHost.tx.query<Array<{ locked: boolean }>>(
      `SELECT pg_try_advisory_xact_lock(hashtextextended('webhook:' || endpoint_id || ':' || aggregate_key, 0)) AS locked
         FROM webhook_deliveries WHERE organization_id = $1 AND id = $2 AND status = 'pending'`,
      [organizationId, deliveryId],
    );
    if (!head) return { kind: 'skipped' };
    if (!head.locked) return { kind: 'busy', at: new Date(Date.now() + BUSY_RETRY_MS) };
    const claimed = await this.lease(organizationId, deliveryId);
    if (claimed) return { kind: 'claimed', claimed };
    const [why] = await this.txHost.tx.query<Array<{ next_attempt_at: Date; leased: boolean | null; locked_until: Date | null; enabled: boolean }>>(
      WHY_NOT_SQL,
      [organizationId, deliveryId],
    );
    if (!why || !why.enabled) return { kind: 'skipped' };
    // Its own lease (a duplicate job while it is in flight, or a worker killed mid-request): look again when it runs out.
    if (why.leased && why.locked_until) return { kind: 'busy', at: why.locked_until };
    if (why.next_attempt_at.getTime() > Date.now() + 500) return { kind: 'later', at: why.next_attempt_at };
    // Another delivery of its aggregate comes first or is in flight: that one, once recorded (under the same lock, so
    // after this look), goes on with this one.
    return { kind: 'skipped' };
  }

  /** The claim statement itself, under the aggregate's lock held by the caller's transaction. */
  private async lease(organizationId: string, deliveryId: string): Promise<Claimed | null> {
    const token = randomUUID();
    const [[claimed]] = await this.txHost.tx.query<[Array<Omit<Claimed, 'token'>>, number]>(CLAIM_SQL, [
      organizationId,
      deliveryId,
      token,
      DELIVERY_LEASE_MS / 1000,
    ]);
    return claimed ? { ...claimed, token } : null;
  }

  /**
   * Records the outcome in the caller's (short) transaction, guarded by the lease token, under the aggregate's lock
   * (so a claim that saw this one in flight and stood back is seen here), and claims the next delivery of the
   * aggregate when it is due and the chain may go on.
   */
  private async record(organizationId: string, c: Claimed, sent: Sent, mayChain: boolean): Promise<Recorded> {
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`webhook:${c.endpoint_id}:${c.aggregate_key}`]);
    let next: { id: string; next_attempt_at: Date } | null;
    if (sent.ok) {
      const [row] = await this.txHost.tx.query<Array<{ recorded: number; id: string | null; next_attempt_at: Date | null }>>(DELIVERED_SQL, [
        organizationId,
        c.id,
        c.token,
        sent.status,
        sent.durationMs,
        sent.excerpt,
      ]);
      if (!row || row.recorded === 0) return { kind: 'lost' };
      next = row.id && row.next_attempt_at ? { id: row.id, next_attempt_at: row.next_attempt_at } : null;
    } else {
      const failed = await this.recordFailed(organizationId, c, sent);
      if (failed.kind !== 'settled') return failed;
      next = failed.next;
    }
    if (!next) return { kind: 'settled', claimed: null, queue: null };
    if (next.next_attempt_at.getTime() > Date.now() + 500) return { kind: 'settled', claimed: null, queue: { id: next.id, at: next.next_attempt_at } };
    if (!mayChain) return { kind: 'settled', claimed: null, queue: { id: next.id } };
    // Not claimable (its endpoint turned off, or a redelivery of the aggregate in flight): whoever holds it goes on.
    return { kind: 'settled', claimed: await this.lease(organizationId, next.id), queue: null };
  }

  /** A failure: the retry (or the end), the endpoint's failing streak, turning it off. */
  private async recordFailed(
    organizationId: string,
    c: Claimed,
    sent: Sent,
  ): Promise<{ kind: 'later'; at: Date } | { kind: 'lost' } | { kind: 'settled'; next: { id: string; next_attempt_at: Date } | null }> {
    const attempts = c.attempts + 1;
    const gone = sent.status === 410;
    const retryAt = gone || attempts > RETRY_DELAYS_MS.length ? null : new Date(Date.now() + (sent.retryAfterMs ?? withJitter(RETRY_DELAYS_MS[attempts - 1])));
    const [rows] = await this.txHost.tx.query<[unknown[], number]>(
      `UPDATE webhook_deliveries SET status = $4, attempts = $5, last_attempt_at = now(), last_status_code = $6, last_duration_ms = $7, last_error = $8,
              response_excerpt = $9, next_attempt_at = COALESCE($10, next_attempt_at), lease_token = NULL, locked_until = NULL
        WHERE organization_id = $1 AND id = $2 AND lease_token = $3 AND status = 'pending' RETURNING id`,
      [organizationId, c.id, c.token, retryAt ? 'pending' : 'failed', attempts, sent.status, sent.durationMs, sent.error, sent.excerpt, retryAt],
    );
    if (rows.length === 0) return { kind: 'lost' };
    const [[{ failing_since }]] = await this.txHost.tx.query<[Array<{ failing_since: Date }>, number]>(
      `UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, now()) WHERE organization_id = $1 AND id = $2 RETURNING failing_since`,
      [organizationId, c.endpoint_id],
    );
    const failingTooLong = failing_since.getTime() <= Date.now() - FAILING_DAYS_BEFORE_DISABLE * 24 * 3600_000;
    if (gone || failingTooLong) await this.disable(organizationId, c.endpoint_id, c.url, gone ? 'gone' : 'failing');
    if (retryAt) return { kind: 'later', at: retryAt };
    const [next] = await this.txHost.tx.query<Array<{ id: string; next_attempt_at: Date }>>(
      `SELECT id, next_attempt_at FROM webhook_deliveries WHERE endpoint_id = $1 AND aggregate_key = $2 AND status = 'pending' AND organization_id = $3
        ORDER BY sequence, ordinal LIMIT 1`,
      [c.endpoint_id, c.aggregate_key, organizationId],
    );
    return { kind: 'settled', next: next ?? null };
  }

  private async send(d: Claimed, body: string): Promise<Sent> {
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
