import http from 'node:http';
import https from 'node:https';
import type { LookupAddress } from 'node:dns';
import { isIPv6, type LookupFunction } from 'node:net';
import { Injectable, Logger } from '@nestjs/common';
import { InjectConfig } from '../../../config/src/index.js';
import type { AppConfig } from '../../../config/src/index.js';
import { checkEgressUrl, EgressAllowlist, type EgressTarget, refusedRange } from './egress-address.js';
import { EgressError } from './egress.errors.js';
import { type EgressResolver, systemResolver } from './egress-resolver.js';

/** Bytes of a response body read at most; the rest is discarded (the connection is closed). */
export const EGRESS_MAX_BODY_BYTES = 64 * 1024;
/** Total time for one request (resolution, connection, response) unless the caller asks for less. */
export const EGRESS_DEFAULT_TIMEOUT_MS = 10_000;

export interface EgressRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Total time: DNS + connect + the whole response. */
  timeoutMs?: number;
  /** Response bytes kept; at most EGRESS_MAX_BODY_BYTES. */
  maxBodyBytes?: number;
}

export interface EgressResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The first `maxBodyBytes` bytes of the body. */
  body: Buffer;
  /** The body was longer than what was kept; the rest was never read. */
  truncated: boolean;
}

/**
 * Every outbound HTTP request the product makes goes through here (partner boards, webhooks,
 * calendars). http(s) only; the URL's host is refused on syntax when it is a private or reserved IP
 * in any spelling, or `localhost`; the host is then resolved and EVERY address checked, and the
 * connection is made to those checked addresses only (pinned, no second lookup: DNS rebinding cannot
 * slip in between). No redirects (a 3xx is an `EgressError('redirect')`), at most 64 KB of body read,
 * one total timeout. `EGRESS_ALLOWLIST` hosts, IPs and CIDRs are exempt from the private-range refusal.
 */
@Injectable()
export class EgressGuard {
  private readonly logger = new Logger(EgressGuard.name);
  private readonly allowlist: EgressAllowlist;
  private resolver: EgressResolver = systemResolver;

  constructor(@InjectConfig() config: Pick<AppConfig, 'egressAllowlist'>) {
    this.allowlist = new EgressAllowlist(config.egressAllowlist);
  }

  /**
   * Replaces how host names are resolved (default: the system resolver). Tests point it at a DNS
   * server they run on loopback (`dnsServerResolver(['127.0.0.1:port'])`); every address it returns
   * is still checked.
   */
  useResolver(resolver: EgressResolver): void {
    this.resolver = resolver;
  }

  /** Syntax only (no DNS): throws `EgressError('refused')` for a URL no request may ever go to. */
  checkUrl(url: string): EgressTarget {
    return checkEgressUrl(url, this.allowlist);
  }

  /**
   * What registration of a destination runs: the syntax check, then resolution, every address
   * checked. Throws `EgressError` (`refused`, `dns` or `timeout`). Sending re-checks at connect time.
   */
  async checkDestination(url: string, timeoutMs = 5000): Promise<void> {
    const target = this.checkUrl(url);
    await withDeadline(this.addressesOf(target), timeoutMs);
  }

  async request(url: string, init: EgressRequest = {}): Promise<EgressResponse> {
    const timeoutMs = init.timeoutMs ?? EGRESS_DEFAULT_TIMEOUT_MS;
    const maxBodyBytes = Math.min(init.maxBodyBytes ?? EGRESS_MAX_BODY_BYTES, EGRESS_MAX_BODY_BYTES);
    const target = this.checkUrl(url);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const addresses = await withDeadline(this.addressesOf(target), timeoutMs, controller.signal);
      return await exchange(target, addresses, init, maxBodyBytes, controller.signal);
    } catch (error) {
      if (error instanceof EgressError) {
        if (error.kind === 'refused') this.logger.warn({ url: target.url.origin, reason: error.reason, detail: error.message }, 'Outbound request refused');
        throw error;
      }
      if (controller.signal.aborted) throw new EgressError('timeout', `no complete answer from ${target.host} within ${timeoutMs} ms`);
      throw new EgressError('network', `${target.host}: ${(error as { code?: string }).code ?? String(error)}`, { code: (error as { code?: string }).code });
    } finally {
      clearTimeout(timer);
    }
  }

  /** The addresses a connection may go to: the literal, or every resolved address, each one checked. */
  private async addressesOf(target: EgressTarget): Promise<string[]> {
    if (target.literal) return [target.host];
    let addresses: string[];
    try {
      addresses = await this.resolver(target.host);
    } catch (error) {
      throw new EgressError('dns', `${target.host} does not resolve (${(error as { code?: string }).code ?? error})`, {
        code: (error as { code?: string }).code,
      });
    }
    if (addresses.length === 0) throw new EgressError('dns', `${target.host} has no address`);
    if (this.allowlist.allowsHost(target.host)) return addresses;
    for (const address of addresses) {
      const range = this.allowlist.allowsAddress(address) ? null : refusedRange(address);
      if (range) throw new EgressError('refused', `${target.host} resolves to ${address}, in the ${range} range`, { reason: range });
    }
    return addresses;
  }
}

/** Rejects with a timeout when `ms` pass (or `signal` aborts) before `work` settles. */
async function withDeadline<T>(work: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<never>((_, reject) => {
    const fail = () => reject(new EgressError('timeout', `no answer within ${ms} ms`));
    timer = setTimeout(fail, ms);
    onAbort = fail;
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

/** One HTTP exchange with the checked addresses pinned: Node connects to them and to nothing else. */
function exchange(target: EgressTarget, addresses: string[], init: EgressRequest, maxBodyBytes: number, signal: AbortSignal): Promise<EgressResponse> {
  const pinned: LookupAddress[] = addresses.map((address) => ({ address, family: isIPv6(address) ? 6 : 4 }));
  const lookup = ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, pinned);
    else callback(null, pinned[0].address, pinned[0].family);
  }) as unknown as LookupFunction;
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise<EgressResponse>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    const request = client.request(
      {
        protocol: target.url.protocol,
        hostname: target.host,
        port: target.url.port || undefined,
        path: `${target.url.pathname}${target.url.search}`,
        method: init.method ?? 'GET',
        headers: { 'accept-encoding': 'identity', ...init.headers },
        auth: target.url.username ? `${decodeURIComponent(target.url.username)}:${decodeURIComponent(target.url.password)}` : undefined,
        agent: false,
        lookup,
        signal,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          response.destroy();
          request.destroy();
          settle(() => reject(new EgressError('redirect', `${target.host} answered ${status}`, { status })));
          return;
        }
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (settled) return;
          if (kept + chunk.length > maxBodyBytes) {
            chunks.push(chunk.subarray(0, maxBodyBytes - kept));
            kept = maxBodyBytes;
            settle(() => resolve({ status, headers: response.headers, body: Buffer.concat(chunks), truncated: true }));
            // The rest is never read: the connection goes, whatever the server still wants to send.
            response.destroy();
            request.destroy();
            return;
          }
          chunks.push(chunk);
          kept += chunk.length;
        });
        response.on('end', () => settle(() => resolve({ status, headers: response.headers, body: Buffer.concat(chunks), truncated: false })));
        response.on('error', (error) => settle(() => reject(error)));
        response.on('aborted', () => settle(() => reject(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' }))));
      },
    );
    request.on('error', (error) => settle(() => reject(error)));
    request.end(init.body);
  });
}

/**
 * What of a remote answer may be kept for people to read: control and invisible formatting
 * characters removed, whitespace collapsed, at most `max` characters (never half a surrogate pair).
 */
export function sanitizeExcerpt(text: string, max = 200): string | null {
  const cleaned = text
    .replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\u2028\u2029]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned ? Array.from(cleaned).slice(0, max).join('').trim() : null;
}
