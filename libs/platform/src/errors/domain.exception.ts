/** What kind of failure a domain error is; the problem filter maps each kind to one HTTP status. */
export enum ErrorKind {
  BadRequest = 'bad_request',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  Gone = 'gone',
  PayloadTooLarge = 'payload_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  Unprocessable = 'unprocessable',
  RateLimited = 'rate_limited',
  Unavailable = 'unavailable',
}

export interface FieldError {
  field: string;
  message: string;
}

export interface DomainExceptionOptions {
  errors?: FieldError[];
  /** Extra members of the problem document (e.g. `findings`, `existingId`). Never secrets. */
  extensions?: Record<string, unknown>;
  /** Seconds a client should wait before retrying (429). */
  retryAfterSeconds?: number;
}

/**
 * Base of every module's exception. Services throw these, never HTTP exceptions;
 * `ProblemDetailsFilter` is the one place that turns them into RFC 9457 responses.
 */
export abstract class DomainException extends Error {
  readonly errors?: FieldError[];
  readonly extensions?: Record<string, unknown>;
  readonly retryAfterSeconds?: number;

  protected constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    options: DomainExceptionOptions = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.errors = options.errors;
    this.extensions = options.extensions;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export enum PlatformErrorCode {
  InvalidRequest = 'request.invalid',
  MalformedBody = 'request.malformed_body',
  BodyTooDeep = 'request.body_too_deep',
  BodyTooLarge = 'request.body_too_large',
  UnsupportedMediaType = 'request.unsupported_media_type',
  RouteNotFound = 'request.route_not_found',
  InvalidCursor = 'request.invalid_cursor',
  StaleVersion = 'request.stale_version',
  DependencyUnavailable = 'platform.dependency_unavailable',
  MetricsTokenRequired = 'platform.metrics_token_required',
}

const PLATFORM_KIND: Record<PlatformErrorCode, ErrorKind> = {
  [PlatformErrorCode.InvalidRequest]: ErrorKind.BadRequest,
  [PlatformErrorCode.MalformedBody]: ErrorKind.BadRequest,
  [PlatformErrorCode.BodyTooDeep]: ErrorKind.BadRequest,
  [PlatformErrorCode.BodyTooLarge]: ErrorKind.PayloadTooLarge,
  [PlatformErrorCode.UnsupportedMediaType]: ErrorKind.UnsupportedMediaType,
  [PlatformErrorCode.RouteNotFound]: ErrorKind.NotFound,
  [PlatformErrorCode.InvalidCursor]: ErrorKind.BadRequest,
  [PlatformErrorCode.StaleVersion]: ErrorKind.Conflict,
  [PlatformErrorCode.DependencyUnavailable]: ErrorKind.Unavailable,
  [PlatformErrorCode.MetricsTokenRequired]: ErrorKind.Unauthenticated,
};

/** Errors of the request itself (shape, size, cursor) and of shared infrastructure. */
export class PlatformException extends DomainException {
  constructor(code: PlatformErrorCode, message: string, options?: DomainExceptionOptions) {
    super(code, PLATFORM_KIND[code], message, options);
  }
}
