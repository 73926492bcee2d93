import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { EgressError } from './egress.errors.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Only 2000::/3 is globally routed IPv6 unicast; anything outside it is refused whatever ipaddr.js calls it. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/**
 * Why an address is not a public destination, or null when it is one: loopback, RFC 1918, link-local
 * (169.254/16 metadata, fe80::/10), CGNAT, unique-local, IPv4-mapped/-translated IPv6, 6to4, Teredo,
 * NAT64, unspecified, multicast, broadcast, documentation and other reserved ranges (ipaddr.js `range()`).
 */
export function refusedRange(address: string): string | null {
  let parsed: Address;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return 'invalid';
  }
  const range = parsed.range();
  if (range !== 'unicast') return range;
  if (parsed.kind() === 'ipv6' && !parsed.match(GLOBAL_UNICAST_V6)) return 'reserved';
  return null;
}

/** One `EGRESS_ALLOWLIST` entry: a host name (exact), an IP address or a CIDR block. */
type AllowEntry = { kind: 'host'; host: string } | { kind: 'cidr'; range: [Address, number] };

/** Host names as URLs carry them: lower case, no trailing dot, IPv6 without brackets. */
export function normaliseHost(host: string): string {
  const lower = host.toLowerCase().replace(/\.$/, '');
  return lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
}

/** `EGRESS_ALLOWLIST`: a bad entry stops the process at boot rather than silently allowing nothing (or everything). */
export class EgressAllowlist {
  private readonly entries: AllowEntry[];

  constructor(entries: readonly string[]) {
    this.entries = entries.map((raw) => {
      const entry = raw.trim();
      if (isIP(entry)) {
        const address = ipaddr.parse(entry);
        return { kind: 'cidr', range: [address, address.kind() === 'ipv4' ? 32 : 128] };
      }
      if (entry.includes('/')) {
        try {
          return { kind: 'cidr', range: ipaddr.parseCIDR(entry) };
        } catch {
          throw new Error(`EGRESS_ALLOWLIST: "${entry}" is not a host name, an IP address or a CIDR block`);
        }
      }
      if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(entry)) {
        throw new Error(`EGRESS_ALLOWLIST: "${entry}" is not a host name, an IP address or a CIDR block`);
      }
      return { kind: 'host', host: normaliseHost(entry) };
    });
  }

  /** The URL's host is listed by name: it may resolve to any address, private ones included. */
  allowsHost(host: string): boolean {
    const name = normaliseHost(host);
    return this.entries.some((e) => e.kind === 'host' && e.host === name);
  }

  /** The address (or the IPv4 address an IPv4-mapped IPv6 address carries) is inside a listed IP or CIDR. */
  allowsAddress(address: string): boolean {
    let parsed: Address;
    try {
      parsed = ipaddr.parse(address);
    } catch {
      return false;
    }
    const candidates: Address[] = [parsed];
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) candidates.push((parsed as ipaddr.IPv6).toIPv4Address());
    return this.entries.some((e) => e.kind === 'cidr' && candidates.some((c) => c.kind() === e.range[0].kind() && c.match(e.range)));
  }
}

/** A destination the guard accepted on syntax: an http(s) URL and its host, and whether that host is an IP literal. */
export interface EgressTarget {
  url: URL;
  /** Lower case, no brackets, no trailing dot. */
  host: string;
  /** The host is an IP address (WHATWG URL has already turned 0x7f000001, 2130706433, 0177.0.0.1, 127.1 into 127.0.0.1). */
  literal: boolean;
}

/**
 * The checks that need no DNS: an http(s) URL, no `localhost`, and an IP literal in no refused range
 * (in any spelling: WHATWG URL parsing normalises hex, octal, integer and short IPv4 forms, and IPv6).
 */
export function checkEgressUrl(raw: string, allowlist: EgressAllowlist): EgressTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EgressError('refused', 'not a valid URL', { reason: 'invalid' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EgressError('refused', `scheme ${url.protocol} is not http(s)`, { reason: 'scheme' });
  const host = normaliseHost(url.hostname);
  if (!host) throw new EgressError('refused', 'URL without a host', { reason: 'invalid' });
  const literal = isIP(host) !== 0;
  if (allowlist.allowsHost(host)) return { url, host, literal };
  if (literal) {
    const range = allowlist.allowsAddress(host) ? null : refusedRange(host);
    if (range) throw new EgressError('refused', `${host} is in the ${range} range`, { reason: range });
  } else if (host === 'localhost' || host.endsWith('.localhost')) {
    throw new EgressError('refused', `${host} is a loopback name`, { reason: 'loopback' });
  }
  return { url, host, literal };
}
