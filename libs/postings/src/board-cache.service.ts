import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Redis } from 'ioredis';
import { InjectRedis } from '../../platform/src/index.js';

const TTL_SECONDS = 300;
const gzip = promisify(gzipCallback);

/** A board JSON document as stored: the body, its ETag and its gzip encoding, computed once per change. */
export interface BoardDocument {
  etag: string;
  /** The JSON text; absent when only the gzip encoding was asked for, or on a 304. */
  body?: string;
  /** The gzip encoding of the body, when the client accepts it. */
  gzip?: Buffer;
  /** The client's If-None-Match matched: answer 304 without a body. */
  notModified?: boolean;
}

/** What the client can take: a gzip encoding, and the ETags it already holds. */
export interface DocumentWanted {
  gzip?: boolean;
  ifNoneMatch?: string;
}

/** A weak or strong comparison of If-None-Match against an ETag, as RFC 9110 says for GET. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

/**
 * Cache of the public board JSON, one Redis hash per organization (`boards:<orgId>`, under the
 * client's QUEUE_PREFIX): for each variant the JSON text, its ETag and its gzip encoding, all
 * written together when computed, so they always agree. Any posting change drops the whole hash.
 * Redis being down never fails a read: the answer is computed from Postgres instead.
 */
@Injectable()
export class BoardCacheService {
  private readonly logger = new Logger(BoardCacheService.name);

  constructor(@InjectRedis() private readonly redis: Redis) {}

  private key(organizationId: string): string {
    return `boards:${organizationId}`;
  }

  async getOrCompute(organizationId: string, variant: string, compute: () => Promise<unknown>, wanted: DocumentWanted = {}): Promise<BoardDocument> {
    const key = this.key(organizationId);
    try {
      if (wanted.ifNoneMatch) {
        const etag = await this.redis.hget(key, `${variant}:etag`);
        if (etag !== null && etagMatches(wanted.ifNoneMatch, etag)) return { etag, notModified: true };
      }
      if (wanted.gzip) {
        const [etag, gz] = await this.redis.hmgetBuffer(key, `${variant}:etag`, `${variant}:gz`);
        if (etag && gz) return { etag: etag.toString(), gzip: gz };
      } else {
        const [body, etag] = await this.redis.hmget(key, variant, `${variant}:etag`);
        if (body !== null && etag !== null) return { etag, body };
      }
    } catch (error) {
      this.logger.debug(`board cache read skipped: ${String(error)}`);
    }
    const body = JSON.stringify(await compute());
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
    const gz = await gzip(body);
    try {
      await this.redis.multi().hset(key, variant, body, `${variant}:etag`, etag, `${variant}:gz`, gz).expire(key, TTL_SECONDS).exec();
    } catch (error) {
      this.logger.debug(`board cache write skipped: ${String(error)}`);
    }
    if (etagMatches(wanted.ifNoneMatch, etag)) return { etag, notModified: true };
    return wanted.gzip ? { etag, gzip: gz } : { etag, body };
  }

  async invalidate(organizationId: string): Promise<void> {
    await this.redis.del(this.key(organizationId));
  }
}
