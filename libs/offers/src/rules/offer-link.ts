import { createHmac, timingSafeEqual } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_TOKEN_LENGTH = 200;

/** Where a candidate reads an offer letter and answers it (public, server-rendered, no script). */
export const OFFER_RESPONSE_PATH = '/offers/respond';

/** What a valid offer link names: the offer, its organization and until when the link works (the offer's expiry). */
export interface OfferLink {
  organizationId: string;
  offerId: string;
  expiresAt: Date;
}

/**
 * The signed link token of an offer: `<orgId>.<offerId>.<expiry in epoch seconds>.<HMAC-SHA256>` (keyed by JWT_SECRET,
 * with its own purpose prefix so no other signed token of the product can stand in for it). Nothing is stored: the
 * signature makes it unguessable and tamper-evident, and the expiry inside it is the offer's own.
 */
export function offerLinkToken(secret: string, link: OfferLink): string {
  const expires = Math.floor(link.expiresAt.getTime() / 1000);
  return `${link.organizationId}.${link.offerId}.${expires}.${sign(secret, link.organizationId, link.offerId, expires)}`;
}

/** The full address of an offer's page, as the offer email links it. */
export function offerLinkUrl(publicBaseUrl: string, secret: string, link: OfferLink): string {
  return `${publicBaseUrl}${OFFER_RESPONSE_PATH}?token=${offerLinkToken(secret, link)}`;
}

/** The offer a token names when its signature holds (whatever its expiry: the caller says "expired" in words), else null. */
export function readOfferLinkToken(secret: string, token: unknown): OfferLink | null {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
  const parts = token.split('.');
  if (parts.length !== 4) return null;
  const [organizationId, offerId, expires, signature] = parts;
  if (!UUID.test(organizationId) || !UUID.test(offerId) || !/^\d{1,12}$/.test(expires)) return null;
  const expected = Buffer.from(sign(secret, organizationId, offerId, Number(expires)));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { organizationId, offerId, expiresAt: new Date(Number(expires) * 1000) };
}

function sign(secret: string, organizationId: string, offerId: string, expires: number): string {
  return createHmac('sha256', secret).update(`offer-response:${organizationId}:${offerId}:${expires}`).digest('base64url');
}
