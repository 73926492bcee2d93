import { promises as dns } from 'node:dns';

/** Resolves a host name to every address it has (IPv4 and IPv6). */
export type EgressResolver = (host: string) => Promise<string[]>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), as Node's own HTTP client uses. */
export const systemResolver: EgressResolver = async (host) => (await dns.lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Asks the given DNS servers (`'127.0.0.1:5353'`, `'[::1]:53'`, `'9.9.9.9'`) directly, A and AAAA,
 * ignoring /etc/hosts. Tests point the guard at a DNS server they run on loopback.
 */
export function dnsServerResolver(servers: string[], timeoutMs = 2000): EgressResolver {
  const resolver = new dns.Resolver({ timeout: timeoutMs, tries: 1 });
  resolver.setServers(servers);
  return async (host) => {
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
    const addresses = [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
    if (addresses.length === 0) {
      const failure: unknown = v4.status === 'rejected' ? v4.reason : v6.status === 'rejected' ? v6.reason : null;
      throw Object.assign(new Error(`${host} has no address`), { code: (failure as { code?: string } | null)?.code ?? 'ENOTFOUND' });
    }
    return addresses;
  };
}
