import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { destination } from 'pino';
import { stdSerializers } from 'pino-http';
import { appConfig } from '../../../config/src/index.js';
import type { AppConfig } from '../../../config/src/index.js';

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

/** Structured JSON logs through pino, one child logger per request carrying its id. */
export const AppLoggerModule = LoggerModule.forRootAsync({
  inject: [appConfig.KEY],
  useFactory: (config: AppConfig) => ({
    pinoHttp: [
      {
        level: config.logLevel,
        genReqId: (request: IncomingMessage) => requestIdOf(request),
        redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
        customLogLevel: (_req: unknown, res: { statusCode: number }, error?: Error) =>
          error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
        autoLogging: { ignore: (request: IncomingMessage) => request.url === '/health/live' || request.url === '/metrics' },
        // The request line stays, built cheaply: our serializers get the raw objects (no standard serializer copying every
        // request and response header first), and keep the id, method, path and status only.
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
      },
      // Standard output, written in batches: lines collect up to 4 KB or a quarter of a second (one write instead of
      // one per request under load), and whatever is pending is written when the process exits normally.
      destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250 }),
    ],
  }),
});
