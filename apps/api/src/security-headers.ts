/**
 * The security headers of every response, written out once: what helmet 8 (through @fastify/helmet) sent with the
 * API's Content-Security-Policy, which built the whole helmet middleware again on every request.
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

/** Puts the security headers on a response (on the raw response: whatever sends the answer keeps them). */
export function setSecurityHeaders(reply: { raw: { setHeader(name: string, value: string): unknown } }): void {
  for (const [name, value] of SECURITY_HEADERS) reply.raw.setHeader(name, value);
}
