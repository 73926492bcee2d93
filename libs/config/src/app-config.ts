import { isIP } from 'node:net';
import { plainToInstance, Transform } from 'class-transformer';
import ipaddr from 'ipaddr.js';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, validateSync } from 'class-validator';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
/** `REGISTRATION`: whether anyone may create an organization on this server. */
export const REGISTRATION_MODES = ['open', 'closed'] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];

const DEV_JWT_SECRET = 'hireloop-development-secret-change-me';

/**
 * Every environment variable Hireloop reads, with its description and development default.
 * Validated once at boot: a bad value stops the process with a message naming the variable.
 */
export const CONFIG_VARIABLES = {
  NODE_ENV: { description: 'development, test or production', default: 'development' },
  DATABASE_URL: { description: 'PostgreSQL connection URL', default: 'postgres://postgres@127.0.0.1:5432/hireloop' },
  DATABASE_POOL_SIZE: { description: 'Most PostgreSQL connections one process (API or worker) opens', default: '20' },
  REDIS_URL: { description: 'Redis connection URL', default: 'redis://127.0.0.1:6379' },
  QUEUE_PREFIX: { description: 'Prefix of every BullMQ queue and every Redis key the app writes', default: 'hireloop' },
  PORT: { description: 'HTTP port of the API', default: '3000' },
  PUBLIC_BASE_URL: { description: 'Base of every absolute link the app emits', default: 'http://localhost:PORT' },
  JWT_SECRET: { description: 'Secret signing access tokens (required in production)', default: '(development default)' },
  JWT_TTL_SECONDS: { description: 'Lifetime of an access token in seconds', default: '3600' },
  LOG_LEVEL: { description: 'pino log level', default: 'info (warn under test)' },
  BODY_LIMIT_BYTES: { description: 'Largest accepted request body in bytes', default: '1048576' },
  TRUST_PROXY: {
    description: 'Whether X-Forwarded-For is believed: off, a hop count (1, 2, ...) or a comma-separated list of proxy IPs/CIDRs',
    default: 'off',
  },
  METRICS_TOKEN: { description: 'Bearer token /metrics requires; when NODE_ENV=production /metrics answers 404 without it', default: '(none)' },
  EGRESS_ALLOWLIST: {
    description: 'Comma-separated hosts, IPs or CIDRs outbound requests may reach although private (self-hosted boards, webhooks)',
    default: '(empty)',
  },
  OUTBOX_RETENTION_DAYS: {
    description: 'Days delivered outbox rows and processed-event ids are kept before the worker prunes them',
    default: '14',
  },
  SMTP_URL: {
    description: 'Outgoing mail server, e.g. smtps://user:pass@host:465 (required in production unless MAIL_DISABLED=true)',
    default: '(none: development keeps mail in the built-in catcher)',
  },
  SMTP_TIMEOUT_SECONDS: {
    description:
      'Seconds the outgoing mail server may take to connect, to greet, or to answer any step of a send; past that the attempt counts as a temporary failure and is retried later',
    default: '30',
  },
  REGISTRATION: {
    description:
      'open: anyone who reaches the server may create an organization (the sign-up page, POST /v1/auth/register); closed: no new organizations, people join the existing ones by invitation',
    default: 'open',
  },
  MAIL_FROM: { description: 'Sender address of every email', default: 'Hireloop <no-reply@localhost>' },
  MAIL_DISABLED: { description: 'true: a production instance that sends no email at all (SMTP_URL then not required)', default: 'false' },
  INBOUND_DOMAIN: { description: 'Domain of reply addresses (reply+<token>@INBOUND_DOMAIN); no Reply-To without it', default: '(none)' },
  INBOUND_EMAIL_SECRET: { description: 'Secret the X-Hireloop-Inbound-Secret header must hold on POST /v1/inbound-email', default: '(none: route closed)' },
  INBOUND_SMTP_PORT: {
    description: 'Port of the built-in SMTP listener for inbound mail, started by the worker (needs INBOUND_DOMAIN; 0 picks a free port)',
    default: '(none: no listener)',
  },
} as const;

class EnvironmentSchema {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/hireloop';

  @Transform(({ value }) => (value === undefined || value === '' ? 20 : Number(value)))
  @IsInt({ message: 'DATABASE_POOL_SIZE must be an integer' })
  @Min(1, { message: 'DATABASE_POOL_SIZE must be at least 1' })
  @Max(500)
  DATABASE_POOL_SIZE = 20;

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'QUEUE_PREFIX must be 1-64 letters, digits, dashes or underscores' })
  QUEUE_PREFIX = 'hireloop';

  @Transform(({ value }) => (value === undefined || value === '' ? 3000 : Number(value)))
  @IsInt({ message: 'PORT must be an integer' })
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'PUBLIC_BASE_URL must be an http(s) URL' })
  PUBLIC_BASE_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(({ value }) => (value === undefined || value === '' ? 3600 : Number(value)))
  @IsInt({ message: 'JWT_TTL_SECONDS must be an integer' })
  @Min(60)
  JWT_TTL_SECONDS = 3600;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @Transform(({ value }) => (value === undefined || value === '' ? 1048576 : Number(value)))
  @IsInt({ message: 'BODY_LIMIT_BYTES must be an integer' })
  @Min(1024)
  BODY_LIMIT_BYTES = 1048576;

  @IsOptional()
  @Matches(/^(off|false|\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, {
    message: 'TRUST_PROXY must be off, a hop count or a comma-separated list of IPs/CIDRs',
  })
  TRUST_PROXY?: string;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  @IsOptional()
  @IsString()
  EGRESS_ALLOWLIST?: string;

  @Transform(({ value }) => (value === undefined || value === '' ? 14 : Number(value)))
  @IsInt({ message: 'OUTBOX_RETENTION_DAYS must be a whole number of days' })
  @Min(1, { message: 'OUTBOX_RETENTION_DAYS must be at least 1' })
  @Max(3650)
  OUTBOX_RETENTION_DAYS = 14;

  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value)) // docker compose passes unset variables as ''
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @Transform(({ value }: { value: unknown }) => (value === undefined || value === '' ? 'open' : value)) // docker compose passes unset variables as ''
  @IsIn(REGISTRATION_MODES, { message: 'REGISTRATION must be open or closed' })
  REGISTRATION: RegistrationMode = 'open';

  @Transform(({ value }) => (value === undefined || value === '' ? 30 : Number(value)))
  @IsInt({ message: 'SMTP_TIMEOUT_SECONDS must be a whole number of seconds' })
  @Min(1, { message: 'SMTP_TIMEOUT_SECONDS must be at least 1' })
  @Max(600, { message: 'SMTP_TIMEOUT_SECONDS must be at most 600' })
  SMTP_TIMEOUT_SECONDS = 30;

  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value)) // docker compose passes unset variables as ''
  @IsOptional()
  @IsString()
  @MaxLength(320)
  MAIL_FROM?: string;

  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value)) // docker compose passes unset variables as ''
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'MAIL_DISABLED must be true or false' })
  MAIL_DISABLED?: string;

  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value)) // docker compose passes unset variables as ''
  @IsOptional()
  @Matches(/^[a-z0-9.-]{1,253}$/i, { message: 'INBOUND_DOMAIN must be a domain name' })
  INBOUND_DOMAIN?: string;

  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value)) // docker compose passes unset variables as ''
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'INBOUND_EMAIL_SECRET must be at least 16 characters' })
  INBOUND_EMAIL_SECRET?: string;

  @Transform(({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsOptional()
  @IsInt({ message: 'INBOUND_SMTP_PORT must be a port number' })
  @Min(0, { message: 'INBOUND_SMTP_PORT must be a port number' })
  @Max(65535, { message: 'INBOUND_SMTP_PORT must be a port number' })
  INBOUND_SMTP_PORT?: number;
}

/** What Fastify's `trustProxy` gets: false (default), a hop count, or a list of proxy addresses/CIDRs. */
export type TrustProxySetting = false | number | string[];

function parseTrustProxy(value: string | undefined): TrustProxySetting {
  if (value === undefined || value === 'off' || value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

const HOST_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/** An EGRESS_ALLOWLIST entry: an IP address, a CIDR block or a host name. */
function isAllowlistEntry(entry: string): boolean {
  if (isIP(entry)) return true;
  if (entry.includes('/')) return ipaddr.isValidCIDR(entry);
  return entry.length <= 253 && HOST_NAME.test(entry);
}

export interface AppConfig {
  nodeEnv: NodeEnv;
  isProduction: boolean;
  databaseUrl: string;
  /** Most connections this process opens (`DATABASE_POOL_SIZE`). */
  databasePoolSize: number;
  redisUrl: string;
  queuePrefix: string;
  port: number;
  publicBaseUrl: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  logLevel: string;
  bodyLimitBytes: number;
  /** Whether and how far X-Forwarded-For is believed (`TRUST_PROXY`). */
  trustProxy: TrustProxySetting;
  /** Bearer token for /metrics; in production /metrics is closed without it. */
  metricsToken: string | null;
  /** Hosts, IPs and CIDRs exempt from the egress guard's private-address refusal. */
  egressAllowlist: string[];
  /** Days delivered outbox rows and processed-event ids are kept (`OUTBOX_RETENTION_DAYS`). */
  outboxRetentionDays: number;
  /** Outgoing mail server (`SMTP_URL`); null: the built-in catcher keeps mail (development and test only). */
  smtpUrl: string | null;
  /** Whether anyone may create an organization (`REGISTRATION`); closed: people join existing ones by invitation. */
  registration: RegistrationMode;
  /** How long the mail server may take to connect, greet or answer one step of a send (`SMTP_TIMEOUT_SECONDS`). */
  smtpTimeoutSeconds: number;
  /** Sender of every email (`MAIL_FROM`). */
  mailFrom: string;
  /** `MAIL_DISABLED=true`: nothing is sent (emails stay queued); allowed in production without SMTP_URL. */
  mailDisabled: boolean;
  /** Domain of reply addresses (`INBOUND_DOMAIN`); null: messages carry no Reply-To. */
  inboundDomain: string | null;
  /** Secret of POST /v1/inbound-email (`INBOUND_EMAIL_SECRET`); null: the route answers 401. */
  inboundEmailSecret: string | null;
  /** Port of the worker's SMTP listener for inbound mail (`INBOUND_SMTP_PORT`); null: no listener. */
  inboundSmtpPort: number | null;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

/** Turns raw environment variables into the typed configuration, or throws naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(CONFIG_VARIABLES)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = plainToInstance(EnvironmentSchema, raw, { exposeDefaultValues: true });
  const problems = validateSync(parsed, { whitelist: false }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message}`),
  );
  const isProduction = parsed.NODE_ENV === 'production';
  if (isProduction && !parsed.JWT_SECRET) problems.push('JWT_SECRET: required when NODE_ENV=production');
  for (const entry of splitList(parsed.EGRESS_ALLOWLIST)) {
    if (!isAllowlistEntry(entry)) problems.push(`EGRESS_ALLOWLIST: "${entry}" is not a host name, an IP address or a CIDR block`);
  }
  if (isProduction && !parsed.SMTP_URL && parsed.MAIL_DISABLED !== 'true') {
    problems.push('SMTP_URL: required when NODE_ENV=production (Hireloop sends email); set MAIL_DISABLED=true to run without email');
  }
  if (parsed.INBOUND_SMTP_PORT !== undefined && !parsed.INBOUND_DOMAIN) {
    problems.push('INBOUND_SMTP_PORT: needs INBOUND_DOMAIN (the listener accepts mail only for that domain)');
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return {
    nodeEnv: parsed.NODE_ENV,
    isProduction,
    databaseUrl: parsed.DATABASE_URL,
    databasePoolSize: parsed.DATABASE_POOL_SIZE,
    redisUrl: parsed.REDIS_URL,
    queuePrefix: parsed.QUEUE_PREFIX,
    port: parsed.PORT,
    publicBaseUrl: withoutTrailingSlashes(parsed.PUBLIC_BASE_URL ?? `http://localhost:${parsed.PORT}`),
    jwtSecret: parsed.JWT_SECRET ?? DEV_JWT_SECRET,
    jwtTtlSeconds: parsed.JWT_TTL_SECONDS,
    logLevel: parsed.LOG_LEVEL ?? (parsed.NODE_ENV === 'test' ? 'warn' : 'info'),
    bodyLimitBytes: parsed.BODY_LIMIT_BYTES,
    trustProxy: parseTrustProxy(parsed.TRUST_PROXY),
    metricsToken: parsed.METRICS_TOKEN ?? null,
    egressAllowlist: splitList(parsed.EGRESS_ALLOWLIST),
    outboxRetentionDays: parsed.OUTBOX_RETENTION_DAYS,
    smtpUrl: parsed.SMTP_URL ?? null,
    registration: parsed.REGISTRATION,
    smtpTimeoutSeconds: parsed.SMTP_TIMEOUT_SECONDS,
    mailFrom: parsed.MAIL_FROM ?? 'Hireloop <no-reply@localhost>',
    mailDisabled: parsed.MAIL_DISABLED === 'true',
    inboundDomain: parsed.INBOUND_DOMAIN ?? null,
    inboundEmailSecret: parsed.INBOUND_EMAIL_SECRET ?? null,
    inboundSmtpPort: parsed.INBOUND_SMTP_PORT ?? null,
  };
}

/** `https://jobs.example.com//` → `https://jobs.example.com` (a loop: a trailing-slash regex backtracks on many slashes). */
function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end--;
  return url.slice(0, end);
}
