import { createSecretKey } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import jwt from 'jsonwebtoken';
import { Redis } from 'ioredis';
import pg from 'pg';
import pino from 'pino';
import { Registry } from 'prom-client';
import { setSecurityHeaders } from '../apps/api/src/security-headers.js';
import {
  appLogDestination,
  appLoggerOptions,
  requestIdOf,
  requestLineLogger,
  writeRequestLine,
  type LoggedActor,
} from '../libs/platform/src/logging/logger.module.js';
import { HttpLatencyHistogram } from '../libs/platform/src/metrics/metrics.service.js';
import { AUTH_USER_SQL, ORGANIZATION_SUMMARY_SQL, type AuthUserRow, type OrganizationSummaryRow } from '../libs/identity/src/auth/auth-queries.js';
import { rateLimitBucketKey, TOKEN_BUCKET_LUA } from '../libs/identity/src/api-keys/token-bucket.js';
import { BENCH_RATE_LIMITS } from './bench-limits.js';

/**
 * The work a signed-in request must do, without any framework: shared by the raw baseline (bench/baseline-server.ts)
 * and the bare Nest server of the framework-floor bench (bench/nest-floor-server.ts), so both do exactly the same.
 */
export type BaselineRedis = Redis & { takeToken(key: string, rate: string, burst: string): Promise<[number, string]> };

/** The pool and the Redis connection of a baseline process (DATABASE_URL, REDIS_URL, QUEUE_PREFIX). */
export function baselineConnections(): { pool: pg.Pool; redis: BaselineRedis } {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
  // The person's rate limit bucket, as the API takes it on every signed-in request: the same script, key and limits.
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { keyPrefix: `${process.env.QUEUE_PREFIX}:` }) as BaselineRedis;
  redis.defineCommand('takeToken', { numberOfKeys: 1, lua: TOKEN_BUCKET_LUA });
  return { pool, redis };
}

/**
 * What every answer of the product carries, whatever the route (issue 2's contract): the caller's `x-request-id` taken
 * or a new one made (`requestIdOf`, as the API's Fastify is built), and returned; the security headers; the latency
 * histogram by route and status for `/metrics`; one structured JSON request line through pino, with the API's logger
 * options, destination and line. All of it the product's own code, imported. Fastify options first, then the hooks.
 */
export const BASELINE_FASTIFY_OPTIONS = { requestIdHeader: false as const, genReqId: (request: IncomingMessage) => requestIdOf(request) };

export function registerResponseEnvelope(fastify: FastifyInstance): void {
  const latency = new HttpLatencyHistogram(new Registry());
  const logger = requestLineLogger(pino(appLoggerOptions(process.env.LOG_LEVEL ?? 'info'), appLogDestination()));
  fastify.addHook('onRequest', (_request, reply, done) => {
    setSecurityHeaders(reply);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    latency.observe(request.method, request.routeOptions?.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    writeRequestLine(logger, request, reply, (request as { actor?: LoggedActor }).actor);
    done();
  });
}

/** The signed-in person the request line names (the API's guard leaves the same on its request). */
export function noteActor(request: object, user: AuthUserRow): void {
  (request as { actor?: LoggedActor }).actor = { id: user.id, organizationId: user.organization_id };
}

const RATE = BENCH_RATE_LIMITS.userRequestsPerSecond;
const BURST = BENCH_RATE_LIMITS.userBurst;
let secret: ReturnType<typeof createSecretKey> | undefined;

export type Authorization =
  { user: AuthUserRow; headers: Record<string, string> } | { status: 401 | 403 | 429; title: string; headers?: Record<string, string> };

/**
 * The HS256 bearer token (exp required), the active user in the token's organization with the product's own query
 * (AUTH_USER_SQL, token epoch checked), a token from the person's rate limit bucket (and the RateLimit headers), the
 * role check.
 */
export async function authorize(pool: pg.Pool, redis: BaselineRedis, header: string | undefined, roles?: string[]): Promise<Authorization> {
  secret ??= createSecretKey(Buffer.from(process.env.JWT_SECRET!));
  const token = header?.startsWith('Bearer ') ? header.slice(7) : '';
  let claims: { sub?: unknown; org?: unknown; ep?: unknown; exp?: unknown };
  try {
    claims = jwt.verify(token, secret, { algorithms: ['HS256'] });
  } catch {
    return { status: 401, title: 'Unauthenticated' };
  }
  if (typeof claims.sub !== 'string' || typeof claims.org !== 'string' || typeof claims.exp !== 'number' || !Number.isSafeInteger(claims.ep)) {
    return { status: 401, title: 'Unauthenticated' };
  }
  const { rows } = await pool.query<AuthUserRow>(AUTH_USER_SQL, [claims.sub, claims.org, claims.ep]);
  const user = rows[0];
  if (!user) return { status: 401, title: 'Unauthenticated' };
  const [allowed, tokens] = await redis.takeToken(rateLimitBucketKey('user', user.id), String(RATE), String(BURST));
  const headers = {
    'RateLimit-Policy': `"user";q=${BURST};w=${Math.max(1, Math.ceil(BURST / RATE))}`,
    RateLimit: `"user";r=${Math.floor(Number(tokens))};t=${Math.max(0, Math.ceil((BURST - Number(tokens)) / RATE))}`,
  };
  if (allowed !== 1) return { status: 429, title: 'Too Many Requests', headers };
  if (roles && !roles.some((r) => user.roles.includes(r as AuthUserRow['roles'][number]))) return { status: 403, title: 'Forbidden', headers };
  return { user, headers };
}

export const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** GET /v1/me's answer for an authorized user: the product's organization summary query, the same JSON fields. */
export async function me(pool: pg.Pool, user: AuthUserRow) {
  const { rows } = await pool.query<OrganizationSummaryRow>(ORGANIZATION_SUMMARY_SQL, [user.organization_id]);
  const o = rows[0];
  return {
    user: {
      id: user.id,
      organizationId: user.organization_id,
      email: user.email,
      name: user.name,
      roles: user.roles,
      active: user.active,
      invitationPending: user.must_change_password,
      emailConfirmed: user.email_confirmed_at !== null,
      version: user.version,
      createdAt: iso(user.created_at),
      updatedAt: iso(user.updated_at),
    },
    organization: { id: o.id, name: o.name, slug: o.slug, createdAt: iso(o.created_at) },
  };
}
