import { createHash, randomBytes } from 'node:crypto';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A new link token: 256 random bits, base64url (43 characters). Only its SHA-256 is stored. */
export function newSchedulingToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSchedulingToken(token) };
}

export function hashSchedulingToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Whether a string has the token's shape (checked before any lookup; anything else is an invalid link). */
export function isSchedulingToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value);
}

/** The public address of a scheduling link. */
export function schedulingLink(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}/schedule/${token}`;
}
