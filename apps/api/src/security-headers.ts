import type { FastifyReply } from 'fastify';

/**
 * The security headers of every response (and its request id), written out once: what helmet 8 (through
 * @fastify/helmet) sent with the API's Content-Security-Policy, which built the whole helmet middleware again on every
 * request.
 * test/security/security-headers.spec.ts checks the exact set on API routes, errors, 404s, the web app, docs and careers.
 */
const CONTENT_SECURITY_POLICY: ReadonlyArray<[string, ...string[]]> = [
  ['default-src', "'self'"],
  ['base-uri', "'self'"],
  ['font-src', "'self'", 'https:', 'data:'],
  ['form-action', "'self'"],
  ['frame-ancestors', "'self'"],
  ['img-src', "'self'", 'data:', 'https:'],
  ['object-src', "'none'"],
  // No inline script runs: the web app's build loads module scripts from files, the careers pages run none (their
  // JSON-LD is a data block, which CSP does not govern), Swagger UI loads its init script from a file.
  ['script-src', "'self'"],
  ['script-src-attr', "'none'"],
  ['style-src', "'self'", "'unsafe-inline'"],
  ['upgrade-insecure-requests'],
];

export const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Content-Security-Policy', CONTENT_SECURITY_POLICY.map((directive) => directive.join(' ')).join(';')],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

/** The same set as one object, keyed by lower-case name as Fastify keeps reply headers. */
const SECURITY_HEADER_FIELDS: Readonly<Record<string, string>> = Object.fromEntries(SECURITY_HEADERS.map(([name, value]) => [name.toLowerCase(), value]));

/**
 * Puts the security headers on a reply, with the request id: they go out with whatever answer Fastify sends for the
 * request (a route's, an error's, a static file's). Set on the reply, not on the raw response: Node then writes all of
 * a response's headers in one pass (`writeHead` with Fastify's object), where headers already set on the raw response
 * make it put each of Fastify's through `setHeader` again.
 */
export function setSecurityHeaders(reply: Pick<FastifyReply, 'headers' | 'header' | 'request'>): void {
  reply.headers(SECURITY_HEADER_FIELDS).header('x-request-id', reply.request.id);
}
