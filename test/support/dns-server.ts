import dgram from 'node:dgram';
import ipaddr from 'ipaddr.js';

export type DnsAnswer = (name: string, type: 'A' | 'AAAA') => string[] | null;

export interface TestDnsServer {
  /** `127.0.0.1:<port>`, for `dnsServerResolver([address])`. */
  address: string;
  /** Every question asked, in order: `A rebind.test`. */
  queries: string[];
  close: () => Promise<void>;
}

const TYPES: Record<number, 'A' | 'AAAA'> = { 1: 'A', 28: 'AAAA' };

/**
 * A real (tiny) authoritative DNS server on loopback UDP: `answer(name, type)` gives the addresses
 * (`[]`: the name exists without that type; `null`: NXDOMAIN). TTL 0, so no resolver caches an answer.
 */
export async function startDnsServer(answer: DnsAnswer): Promise<TestDnsServer> {
  const socket = dgram.createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (query, remote) => {
    const reply = respond(query, answer, queries);
    if (reply) socket.send(reply, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    queries,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

function respond(query: Buffer, answer: DnsAnswer, queries: string[]): Buffer | null {
  if (query.length < 17 || query.readUInt16BE(4) !== 1) return null;
  const labels: string[] = [];
  let offset = 12;
  while (offset < query.length && query[offset] !== 0) {
    const length = query[offset];
    if (length > 63) return null;
    labels.push(query.subarray(offset + 1, offset + 1 + length).toString('ascii'));
    offset += 1 + length;
  }
  const questionEnd = offset + 5; // zero byte, QTYPE, QCLASS
  if (questionEnd > query.length) return null;
  const name = labels.join('.').toLowerCase();
  const type = TYPES[query.readUInt16BE(offset + 1)];
  if (type) queries.push(`${type} ${name}`);
  const addresses = type ? answer(name, type) : [];
  const records = (addresses ?? []).filter((a) => ipaddr.parse(a).kind() === (type === 'A' ? 'ipv4' : 'ipv6'));

  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0); // id
  header.writeUInt16BE(0x8000 | 0x0400 | (query.readUInt16BE(2) & 0x0100) | 0x0080 | (addresses === null ? 3 : 0), 2); // QR AA RD RA rcode
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records.length, 6);
  const answers = records.map((address) => {
    const rdata = Buffer.from(ipaddr.parse(address).toByteArray());
    const record = Buffer.alloc(12);
    record.writeUInt16BE(0xc00c, 0); // the question's name
    record.writeUInt16BE(type === 'A' ? 1 : 28, 2);
    record.writeUInt16BE(1, 4); // IN
    record.writeUInt32BE(0, 6); // TTL 0
    record.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([record, rdata]);
  });
  return Buffer.concat([header, query.subarray(12, questionEnd), ...answers]);
}
