import { Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { InjectRedis } from '../../platform/src/index.js';

const TTL_SECONDS = 300;

/**
 * Cache of the public board JSON, one Redis hash per organization (`boards:<orgId>`, under the
 * client's QUEUE_PREFIX). Any posting change drops the whole hash. Redis being down never fails
 * a read: the answer is computed from Postgres instead.
 */
@Injectable()
export class BoardCacheService {
  private readonly logger = new Logger(BoardCacheService.name);

  constructor(@InjectRedis() private readonly redis: Redis) {}

  private key(organizationId: string): string {
    return `boards:${organizationId}`;
  }

  async getOrCompute(organizationId: string, variant: string, compute: () => Promise<unknown>): Promise<string> {
    try {
      const hit = await this.redis.hget(this.key(organizationId), variant);
      if (hit !== null) return hit;
    } catch (error) {
      this.logger.debug(`board cache read skipped: ${String(error)}`);
    }
    const body = JSON.stringify(await compute());
    try {
      await this.redis.multi().hset(this.key(organizationId), variant, body).expire(this.key(organizationId), TTL_SECONDS).exec();
    } catch (error) {
      this.logger.debug(`board cache write skipped: ${String(error)}`);
    }
    return body;
  }

  async invalidate(organizationId: string): Promise<void> {
    await this.redis.del(this.key(organizationId));
  }
}
