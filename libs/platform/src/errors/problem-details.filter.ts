import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainException, ErrorKind, FieldError } from './domain.exception.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_TYPE_BASE = 'https://hireloop.dev/problems/';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusOfKind(kind: ErrorKind): number {
  switch (kind) {
    case ErrorKind.BadRequest:
      return 400;
    case ErrorKind.Unauthenticated:
      return 401;
    case ErrorKind.Forbidden:
      return 403;
    case ErrorKind.NotFound:
      return 404;
    case ErrorKind.Conflict:
      return 409;
    case ErrorKind.Gone:
      return 410;
    case ErrorKind.PayloadTooLarge:
      return 413;
    case ErrorKind.UnsupportedMediaType:
      return 415;
    case ErrorKind.Unprocessable:
      return 422;
    case ErrorKind.RateLimited:
      return 429;
    case ErrorKind.Unavailable:
      return 503;
    default: {
      const unreachable: never = kind;
      throw new Error(`Unmapped error kind ${String(unreachable)}`);
    }
  }
}

export function problemTitle(status: number): string {
  return TITLES[status] ?? 'Error';
}

/** Errors the framework raises before our code runs (body parsing, routing, readiness). */
const FRAMEWORK_CODES: Record<number, string> = {
  400: 'request.malformed_body',
  404: 'request.route_not_found',
  413: 'request.body_too_large',
  415: 'request.unsupported_media_type',
  503: 'platform.dependency_unavailable',
};
const FRAMEWORK_DETAILS: Record<number, string> = {
  400: 'The request body could not be parsed.',
  404: 'No route matches this method and path.',
  413: 'The request body is larger than the limit.',
  415: 'This content type is not accepted here.',
  503: 'A dependency does not answer.',
};

/** Builds the problem document for any thrown value; unknown errors become a bare 500. */
export function toProblem(exception: unknown, instance?: string, requestId?: string): { problem: ProblemDocument; retryAfter?: number; unexpected: boolean } {
  if (exception instanceof DomainException) {
    const status = statusOfKind(exception.kind);
    return {
      problem: {
        ...(exception.extensions ?? {}),
        type: PROBLEM_TYPE_BASE + exception.code,
        title: problemTitle(status),
        status,
        detail: exception.message,
        instance,
        code: exception.code,
        requestId,
        ...(exception.errors?.length ? { errors: exception.errors } : {}),
      },
      retryAfter: exception.retryAfterSeconds,
      unexpected: false,
    };
  }
  if (exception instanceof HttpException) {
    // Framework-raised errors (unknown route, terminus readiness, ...): keep the status, never the internals.
    const status = exception.getStatus();
    const code = FRAMEWORK_CODES[status] ?? `http.${status}`;
    const body = exception.getResponse();
    const extensions = status === 503 && typeof body === 'object' && body && 'details' in body ? { checks: body.details } : {};
    return {
      problem: {
        ...extensions,
        type: PROBLEM_TYPE_BASE + code,
        title: problemTitle(status),
        status,
        detail: FRAMEWORK_DETAILS[status] ?? problemTitle(status),
        instance,
        code,
        requestId,
      },
      unexpected: status >= 500 && status !== 503,
    };
  }
  return {
    problem: {
      type: PROBLEM_TYPE_BASE + 'internal',
      title: problemTitle(500),
      status: 500,
      detail: 'An unexpected error occurred. Quote the request id when reporting it.',
      instance,
      code: 'internal',
      requestId,
    },
    unexpected: true,
  };
}

/**
 * Sends the problem document for `exception`. Unexpected errors (5xx other than 503) are logged at
 * error level with their stack; a client's mistake (4xx) only at debug, without a stack: nothing a
 * client sends can fill the error log.
 */
export function sendProblem(exception: unknown, request: FastifyRequest | undefined, reply: FastifyReply, logger: Logger): void {
  const { problem, retryAfter, unexpected } = toProblem(exception, request?.url?.split('?')[0], request?.id);
  if (unexpected) {
    logger.error({ err: exception, requestId: request?.id }, 'Unhandled error');
  } else if (problem.status < 500) {
    logger.debug({ requestId: request?.id, status: problem.status, code: problem.code }, 'Client error');
  }
  if (retryAfter !== undefined) reply.header('Retry-After', String(Math.max(1, Math.ceil(retryAfter))));
  reply
    .status(problem.status ?? HttpStatus.INTERNAL_SERVER_ERROR)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(problem);
}

/** A Fastify error (body parsing, size, media type, bad URL) as the HttpException the problem filter knows: status kept, message dropped. */
export function frameworkError(error: unknown): unknown {
  if (error instanceof DomainException || error instanceof HttpException) return error;
  const status = (error as { statusCode?: number })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? new HttpException('framework error', status) : error;
}

const frameworkLogger = new Logger('FastifyErrors');

/**
 * For Fastify's `setErrorHandler` and `frameworkErrors`: errors raised before a Nest handler runs
 * (malformed or too deep JSON, body over the limit, unsupported media type, a URL that is not
 * UTF-8, a hook refusing unsafe text) get the same problem+json as everything else.
 */
export function sendFrameworkProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  sendProblem(frameworkError(error), request, reply, frameworkLogger);
}

/** The single place where errors become RFC 9457 application/problem+json responses. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}
