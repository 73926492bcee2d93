import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { destination, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { stdSerializers } from 'pino-http';
import { appConfig } from '../../../config/src/index.js';
import type { AppConfig } from '../../../config/src/index.js';
import { TenantContext } from '../../../db/src/index.js';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's correlation id: the caller's x-request-id when it is sane, a new UUID otherwise. */
export function requestIdOf(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  const id = typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
  request.headers['x-request-id'] = id;
  return id;
}

/** Paths whose values never reach a log line. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.secret',
  '*.accessToken',
  '*.token',
];

/**
 * Fields every line gets: `reqId`, the id of the HTTP request the line was written for (from the request's tenant
 * scope), so the warnings and errors of one request can be found next to its request line. The request line itself
 * carries the id as `req.id` already.
 */
export function requestLogFields(mergeObject: object): object {
  // A new object each time: pino and nestjs-pino add to what the mixin returns.
  if ('req' in mergeObject) return {};
  const reqId = TenantContext.requestId();
  return reqId ? { reqId } : {};
}

/**
 * The options of the app's root logger (pino-http's, which nestjs-pino hands out): the level, `reqId` on every line,
 * the redaction of secrets, and serializers that keep a request's id, method and path and a response's status only.
 */
export function appLoggerOptions(level: string): LoggerOptions & { wrapSerializers: false } {
  return {
    level,
    mixin: requestLogFields,
    redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
    // Our serializers get the raw objects (no standard serializer copying every request and response header
    // first), and keep the id, method, path and status only.
    wrapSerializers: false,
    serializers: {
      req: (req: { id: string; method: string; url: string; originalUrl?: string }) => ({
        id: req.id,
        method: req.method,
        url: (req.originalUrl ?? req.url)?.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: stdSerializers.err,
    },
  };
}

/**
 * Standard output, written in batches: lines collect up to 4 KB or a quarter of a second (one write instead of one per
 * request under load), and whatever is pending is written when the process exits normally.
 */
export function appLogDestination(): DestinationStream {
  return destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250 });
}

/** Structured JSON logs through pino; the one request line per HTTP request is written by `registerRequestLog`. */
export const AppLoggerModule = LoggerModule.forRootAsync({
  inject: [appConfig.KEY],
  useFactory: (config: AppConfig) => ({
    // No HTTP middleware: nestjs-pino's default route ('{/*splat}') never matched a request under @fastify/middie 9.3
    // (it reads it as '/{/*splat}'), so no request line was written, and middie still ran on every request. The
    // request line comes from a Fastify hook instead (registerRequestLog).
    forRoutes: [],
    pinoHttp: [appLoggerOptions(config.logLevel), appLogDestination()],
  }),
});

/** Path parameters that are secrets (a self-scheduling link's token): the request line shows the route there, not the value. */
const SECRET_PATH_PARAMS = new Set(['token']);
/** Whether a route pattern has one of those parameters (`/schedule/:token`), worked out once per route. */
const routesWithSecrets = new Map<string, boolean>();
function hasSecretParam(pattern: string): boolean {
  let secret = routesWithSecrets.get(pattern);
  if (secret === undefined) {
    secret = pattern.split('/').some((segment) => segment.startsWith(':') && SECRET_PATH_PARAMS.has(segment.slice(1)));
    routesWithSecrets.set(pattern, secret);
  }
  return secret;
}

/**
 * The path the request line shows: as requested, without the query (where the other links carry their tokens), and
 * with a secret path parameter replaced by its name, so whoever reads the logs cannot open the link.
 */
function loggedPath(request: { url: string; params?: unknown; routeOptions?: { url?: string } }): string {
  const path = request.url.split('?')[0];
  const pattern = request.routeOptions?.url;
  // Most routes have no secret parameter: their path is logged as it is, with no work per request beyond this test.
  if (!pattern || !hasSecretParam(pattern)) return path;
  const params = (request.params ?? {}) as Record<string, unknown>;
  return pattern.replace(/:([A-Za-z0-9_]+)/g, (placeholder, name: string) =>
    SECRET_PATH_PARAMS.has(name) ? placeholder : typeof params[name] === 'string' ? params[name] : placeholder,
  );
}

/** Paths answered too often to log each request (probes and scrapes). */
const UNLOGGED_PATHS = new Set(['/health/live', '/metrics']);

/** Who made a signed-in request, as the request line names them (`request.user` once the auth guard has run). */
export interface LoggedActor {
  id?: string;
  organizationId?: string;
  apiKeyId?: string;
}

type LoggedRequest = Pick<FastifyRequest, 'id' | 'method' | 'url' | 'params' | 'routeOptions'>;

/**
 * The logger of the request lines: a child of the root whose redaction paths are not run (the line holds only the
 * fields `writeRequestLine` puts in it, no headers and no body, and the paths' wildcards cost about half of each line).
 */
export function requestLineLogger(root: Logger): Logger {
  return root.child({}, { redact: [] });
}

/**
 * One line for an answered HTTP request: `req` (id, method, path without the query), `res` (statusCode),
 * `responseTime` (ms), and for a signed-in request `organizationId`, `userId` and, for an API key, `apiKeyId`. Level
 * info, warn for 4xx, error for 5xx ("request errored"; the error itself is logged by the problem filter with the same
 * request id). Probes and scrapes are not logged.
 */
export function writeRequestLine(logger: Logger, request: LoggedRequest, reply: Pick<FastifyReply, 'statusCode' | 'elapsedTime'>, actor?: LoggedActor): void {
  const status = reply.statusCode;
  const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
  if (!logger.isLevelEnabled(level) || UNLOGGED_PATHS.has(request.url)) return;
  logger[level](
    {
      req: { id: request.id, method: request.method, url: loggedPath(request) },
      res: reply,
      responseTime: Math.round(reply.elapsedTime),
      organizationId: actor?.organizationId,
      userId: actor?.apiKeyId ? undefined : actor?.id,
      apiKeyId: actor?.apiKeyId,
    },
    status >= 500 ? 'request errored' : 'request completed',
  );
}

/** The request line of every HTTP request (`writeRequestLine`), from a Fastify hook: no middleware, no per-request child logger. */
export function registerRequestLog(app: NestFastifyApplication): void {
  const logger = requestLineLogger(PinoLogger.root);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, reply, done) => {
      writeRequestLine(logger, request, reply, (request as { user?: LoggedActor }).user);
      done();
    });
}
