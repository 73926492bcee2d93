import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { appConfig } from '../../../config/src/index.js';
import type { AppConfig } from '../../../config/src/index.js';
import { redisOptionsFromUrl } from './redis-options.js';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
export const InjectRedis = () => Inject(REDIS_CLIENT);

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@InjectRedis() private readonly redis: Redis) {}
  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

/** The app's own Redis client (throttling, caches). Every key is prefixed with `QUEUE_PREFIX:`. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) =>
        new Redis(redisOptionsFromUrl(config.redisUrl, { keyPrefix: `${config.queuePrefix}:`, maxRetriesPerRequest: 1, connectTimeout: 2000 })),
    },
    RedisCloser,
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule {}
