/**
 * Why an outbound request did not happen or did not complete:
 * - `refused`: the destination is not allowed (not http(s), or a private/reserved address in any spelling, before or after DNS);
 *   nothing was sent.
 * - `dns`: the host name could not be resolved.
 * - `timeout`: the total time (resolution + connection + response) ran out.
 * - `redirect`: the destination answered 3xx; redirects are never followed (`status` says which).
 * - `network`: the connection failed or broke (`code` is Node's error code, e.g. ECONNREFUSED).
 */
export type EgressErrorKind = 'refused' | 'dns' | 'timeout' | 'redirect' | 'network';

export class EgressError extends Error {
  /** For `refused`: the range or rule (`loopback`, `private`, `linkLocal`, `scheme`, ...). */
  readonly reason?: string;
  /** For `redirect`: the 3xx status. */
  readonly status?: number;
  /** For `network` and `dns`: Node's error code. */
  readonly code?: string;

  /** `detail` is for logs (it may name the resolved address); callers show people their own sentence per `kind`. */
  constructor(
    readonly kind: EgressErrorKind,
    detail: string,
    extra: { reason?: string; status?: number; code?: string } = {},
  ) {
    super(`egress ${kind}: ${detail}`);
    this.name = 'EgressError';
    this.reason = extra.reason;
    this.status = extra.status;
    this.code = extra.code;
  }
}

/**
 * Why an address someone typed (a partner board's, a webhook's) was refused when it was registered, in words for the
 * field error: `publicHint` ends the sentence for a private address (what to use instead).
 */
export function destinationRefusal(error: EgressError, publicHint = 'Use a public address.'): string {
  if (error.kind === 'refused') return `This address points to a private or internal network, which Hireloop does not connect to. ${publicHint}`;
  if (error.kind === 'dns') return 'This address’s host name could not be found. Check it for typos.';
  return 'This address’s host name could not be looked up in time. Try again.';
}
