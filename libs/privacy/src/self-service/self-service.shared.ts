import { createHash, randomBytes } from 'node:crypto';
import type { Organization } from '../../../identity/src/index.js';

/** How long an emailed confirmation link and a download link work. */
export const LINK_TTL_MS = 24 * 3600 * 1000;

/** Default time an organization gives itself to fulfil a confirmed request (GDPR: one month). */
export const DEFAULT_DEADLINE_DAYS = 30;

/** A fresh link token (256 random bits, base64url) and the SHA-256 kept instead of it. */
export function newLinkToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A token as links carry it: 43 base64url characters; anything else is never looked up. */
export function isLinkToken(value: unknown): value is string {
  return typeof value === 'string' && value.length === 43 && /^[A-Za-z0-9_-]+$/.test(value);
}

/** The organization's deadline in days (`privacyRequestDeadlineDays`, 1–90, default 30). */
export function deadlineDays(org: Pick<Organization, 'settings'> | null): number {
  const value = org?.settings?.privacyRequestDeadlineDays;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 90 ? value : DEFAULT_DEADLINE_DAYS;
}
