import { offerLinkToken, offerLinkUrl, readOfferLinkToken } from '../rules/offer-link.js';

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const link = {
  organizationId: '11111111-1111-4111-8111-111111111111',
  offerId: '22222222-2222-4222-8222-222222222222',
  expiresAt: new Date('2027-01-15T17:00:00Z'),
};

describe('offer links', () => {
  it('reads back what it signed, expiry included, and builds the page address', () => {
    const token = offerLinkToken(SECRET, link);
    expect(readOfferLinkToken(SECRET, token)).toEqual(link);
    expect(offerLinkUrl('https://ats.example', SECRET, link)).toBe(`https://ats.example/offers/respond?token=${token}`);
  });

  it('refuses a changed part, another secret, another shape or an oversized token', () => {
    const token = offerLinkToken(SECRET, link);
    const [org, offer, expires, signature] = token.split('.');
    for (const forged of [
      `${org}.${offer}.${Number(expires) + 1}.${signature}`,
      `${offer}.${org}.${expires}.${signature}`,
      `${org}.${offer}.${expires}.${signature.slice(1)}`,
      `${token}.x`,
      token.replace(/-/g, ''),
      'x'.repeat(201),
      '',
    ]) {
      expect(readOfferLinkToken(SECRET, forged)).toBeNull();
    }
    expect(readOfferLinkToken('another-secret-of-at-least-thirty-two-chars', token)).toBeNull();
    expect(readOfferLinkToken(SECRET, 42)).toBeNull();
    expect(readOfferLinkToken(SECRET, undefined)).toBeNull();
  });
});
