import ipaddr from 'ipaddr.js';

/**
 * The key a per-client budget (login throttling, rate limits) counts under, from `request.ip`:
 * an IPv4 address as is (IPv4-mapped IPv6 unwrapped, so it is the same key whichever way the socket
 * was bound), an IPv6 address by its /64 network, since one subscriber holds the whole /64.
 */
export function clientAddressKey(ip: string | undefined): string {
  if (!ip || !ipaddr.isValid(ip)) return ip || 'unknown';
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/64`).toString()}/64`;
}
