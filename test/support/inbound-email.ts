import { randomUUID } from 'node:crypto';
import type { TestApp } from './app.js';

/**
 * A raw RFC 822 message as a mail provider forwards it: a fresh `Message-ID` and `Date` (unless given), the headers,
 * a blank line, then the text.
 */
export function rawEmail(headers: Record<string, string>, text: string): string {
  const all = { 'Message-ID': `<${randomUUID()}@candidate.example>`, Date: new Date().toUTCString(), ...headers };
  return `${Object.entries(all)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n')}\r\n\r\n${text}\r\n`;
}

/** `POST /v1/inbound-email` as a mail provider sends it: the shared secret in its header, the message as message/rfc822. */
export function postInboundEmail(t: TestApp, raw: string, secret: string, contentType = 'message/rfc822') {
  return t.http().post('/v1/inbound-email').set('x-hireloop-inbound-secret', secret).set('content-type', contentType).send(raw);
}
