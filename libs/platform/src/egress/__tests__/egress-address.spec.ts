import { checkEgressUrl, EgressAllowlist, refusedRange } from '../egress-address.js';
import { EgressError } from '../egress.errors.js';
import { sanitizeExcerpt } from '../egress.guard.js';

describe('egress address rules', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.255.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.127.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['198.18.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fd00::1', 'uniqueLocal'],
    ['::ffff:8.8.8.8', 'ipv4Mapped'],
    ['::7f00:1', 'reserved'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
  ])('%s is refused (%s)', (address, range) => {
    expect(refusedRange(address)).toBe(range);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'])('%s is a public destination', (address) => {
    expect(refusedRange(address)).toBeNull();
  });

  it('the allowlist exempts listed hosts (by name), IPs and CIDRs, and the IPv4 inside a mapped IPv6 address', () => {
    const allow = new EgressAllowlist(['board.internal', '10.0.0.0/8', '127.0.0.1', 'fd00::/8']);
    expect(allow.allowsHost('Board.Internal.')).toBe(true);
    expect(allow.allowsHost('other.internal')).toBe(false);
    expect(allow.allowsAddress('10.20.30.40')).toBe(true);
    expect(allow.allowsAddress('127.0.0.1')).toBe(true);
    expect(allow.allowsAddress('127.0.0.2')).toBe(false);
    expect(allow.allowsAddress('::ffff:10.1.1.1')).toBe(true);
    expect(allow.allowsAddress('fd00::5')).toBe(true);
    expect(allow.allowsAddress('192.168.1.1')).toBe(false);
    expect(checkEgressUrl('http://10.1.2.3:8080/hook', allow).host).toBe('10.1.2.3');
    expect(() => checkEgressUrl('http://192.168.1.1/hook', allow)).toThrow(EgressError);
  });

  it.each(['10.0.0.0/33', 'http://board', 'two words', '*.example.com'])('a bad allowlist entry (%s) stops the process', (entry) => {
    expect(() => new EgressAllowlist([entry])).toThrow(`EGRESS_ALLOWLIST: "${entry}"`);
  });

  it('refuses URLs that are not http(s) before any address check', () => {
    for (const url of ['ftp://93.184.215.14/', 'file:///etc/passwd', 'not a url']) {
      expect(() => checkEgressUrl(url, new EgressAllowlist([]))).toThrow(EgressError);
    }
  });

  it('an excerpt keeps at most the given characters, without control or invisible formatting characters', () => {
    expect(sanitizeExcerpt('a\u0000b\r\nc\u202ed\u200b e\u001b[0m', 200)).toBe('a b c d e [0m');
    expect(sanitizeExcerpt('😀'.repeat(300), 200)).toBe('😀'.repeat(200));
    expect(sanitizeExcerpt('\u0000\r\n  ', 200)).toBeNull();
  });
});
