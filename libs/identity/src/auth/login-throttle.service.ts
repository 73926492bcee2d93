import { Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { InjectRedis } from '../../../platform/src/index.js';
import { IdentityErrorCode, IdentityException } from '../identity.exception.js';

export const LOGIN_FAILURES_PER_EMAIL = 5;
export const LOGIN_FAILURES_PER_IP = 30;
export const LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60;

/**
 * Counts failed logins per email and per client IP in Redis (so the limit holds across API
 * replicas); past the limit, logins are refused with 429 and Retry-After until the window ends.
 */
@Injectable()
export class LoginThrottleService {
  constructor(@InjectRedis() private readonly redis: Redis) {}

  private keys(email: string, ip: string): [string, string] {
    return [`login-failures:email:${email}`, `login-failures:ip:${ip}`];
  }

  async assertAllowed(email: string, ip: string): Promise<void> {
    const [emailKey, ipKey] = this.keys(email, ip);
    const result = await this.redis.multi().get(emailKey).ttl(emailKey).get(ipKey).ttl(ipKey).exec();
    const [emailCount, emailTtl, ipCount, ipTtl] = (result ?? []).map(([, value]) => Number(value ?? 0));
    const blockedFor = Math.max(emailCount >= LOGIN_FAILURES_PER_EMAIL ? emailTtl : 0, ipCount >= LOGIN_FAILURES_PER_IP ? ipTtl : 0);
    if (blockedFor > 0) {
      throw new IdentityException(IdentityErrorCode.TooManyLoginAttempts, 'Too many failed sign-in attempts. Try again later.', { retryAfterSeconds: blockedFor });
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const multi = this.redis.multi();
    for (const key of this.keys(email, ip)) multi.incr(key).expire(key, LOGIN_FAILURE_WINDOW_SECONDS, 'NX');
    await multi.exec();
  }

  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.redis.del(this.keys(email, ip)[0]);
  }
}
