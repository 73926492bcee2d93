import { Injectable, Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { InjectRedis } from '../../../platform/src/index.js';
import type { AuthUser } from '../auth/auth-user.js';
import { OrganizationsService } from '../organizations.service.js';
import { DEFAULT_RATE_LIMITS, RateLimitSettings } from './rate-limit-defaults.js';
import { rateLimitBucketKey, TOKEN_BUCKET_LUA } from './token-bucket.js';

/** How long an organization's limits are cached in each API process before they are read again. */
const SETTINGS_TTL_MS = 30_000;

export interface RateLimitOutcome {
  allowed: boolean;
  /** `RateLimit-Policy` and `RateLimit` (IETF httpapi ratelimit-headers draft), and `Retry-After` when refused. */
  headers: Record<string, string>;
  retryAfterSeconds?: number;
}

type BucketRedis = Redis & { takeToken(key: string, rate: string, burst: string): Promise<[number, string]> };

/**
 * Per API key and per user: a token bucket in Redis shared by every API replica. Answers carry the draft's
 * `RateLimit-Policy: "<policy>";q=<burst>;w=<seconds to refill>` and `RateLimit: "<policy>";r=<left>;t=<seconds to full>`.
 * When Redis does not answer, requests go through (a warning is logged): the budget is fairness, not a security
 * boundary (sign-in throttling, which is, fails closed).
 */
@Injectable()
export class RateLimitService {
  private readonly logger = new Logger(RateLimitService.name);
  private readonly redis: BucketRedis;
  private readonly cache = new Map<string, { at: number; limits: RateLimitSettings }>();

  constructor(
    @InjectRedis() redis: Redis,
    private readonly organizations: OrganizationsService,
  ) {
    if (!('takeToken' in redis)) redis.defineCommand('takeToken', { numberOfKeys: 1, lua: TOKEN_BUCKET_LUA });
    this.redis = redis as BucketRedis;
  }

  take(actor: AuthUser): Promise<RateLimitOutcome> {
    // Every signed-in request comes here: the cached limits are used without a promise of their own.
    const cached = this.cache.get(actor.organizationId);
    if (cached && Date.now() - cached.at < SETTINGS_TTL_MS) return this.takeWithin(actor, cached.limits);
    return this.loadLimits(actor.organizationId).then((limits) => this.takeWithin(actor, limits));
  }

  private async takeWithin(actor: AuthUser, limits: RateLimitSettings): Promise<RateLimitOutcome> {
    const isKey = actor.apiKeyId !== undefined;
    const policy = isKey ? 'api-key' : 'user';
    const rate = isKey ? limits.apiKeyRequestsPerSecond : limits.userRequestsPerSecond;
    const burst = isKey ? limits.apiKeyBurst : limits.userBurst;
    const window = Math.max(1, Math.ceil(burst / rate));
    const headers: Record<string, string> = { 'RateLimit-Policy': `"${policy}";q=${burst};w=${window}` };
    let result: [number, string];
    try {
      result = await this.redis.takeToken(rateLimitBucketKey(policy, isKey ? actor.apiKeyId! : actor.id), String(rate), String(burst));
    } catch (error: unknown) {
      this.logger.warn({ err: error }, 'Rate limit store unavailable; letting the request through');
      return { allowed: true, headers };
    }
    const tokens = Number(result[1]);
    headers.RateLimit = `"${policy}";r=${Math.floor(tokens)};t=${Math.max(0, Math.ceil((burst - tokens) / rate))}`;
    if (result[0] === 1) return { allowed: true, headers };
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - tokens) / rate));
    return { allowed: false, headers, retryAfterSeconds };
  }

  /** Forgets an organization's cached limits (after a change in this process; other replicas see it within 30 s). */
  forget(organizationId: string): void {
    this.cache.delete(organizationId);
  }

  /** Reads an organization's limits from its settings and caches them (`take` uses the cache while it is fresh). */
  private async loadLimits(organizationId: string): Promise<RateLimitSettings> {
    const settings = await this.organizations.settings(organizationId);
    const limits: RateLimitSettings = {
      apiKeyRequestsPerSecond: positive(settings.apiKeyRequestsPerSecond, DEFAULT_RATE_LIMITS.apiKeyRequestsPerSecond),
      apiKeyBurst: positive(settings.apiKeyBurst, DEFAULT_RATE_LIMITS.apiKeyBurst),
      userRequestsPerSecond: positive(settings.userRequestsPerSecond, DEFAULT_RATE_LIMITS.userRequestsPerSecond),
      userBurst: positive(settings.userBurst, DEFAULT_RATE_LIMITS.userBurst),
    };
    this.cache.set(organizationId, { at: Date.now(), limits });
    return limits;
  }
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
