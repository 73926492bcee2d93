import { Injectable, Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { clientAddressKey, InjectRedis, PlatformErrorCode, PlatformException } from '../../../platform/src/index.js';
import { IdentityErrorCode, IdentityException } from '../identity.exception.js';

/** Password reset requests from one client address per hour (any emails). */
export const RESET_REQUESTS_PER_ADDRESS = 20;
/** Password reset requests naming one email per hour (from anywhere): a mailbox is never flooded. */
export const RESET_REQUESTS_PER_EMAIL = 3;
/** Uses of account links (accept an invitation, reset a password, confirm an email) from one address per 15 minutes. */
export const LINK_USES_PER_ADDRESS = 30;
/** Confirmation emails one signed-in user may ask for again per hour. */
export const CONFIRMATION_RESENDS_PER_USER = 3;
const HOUR_SECONDS = 3600;

/**
 * Budgets of the account-by-email routes, in Redis (rate-limiter-flexible) so they hold across API replicas, counted
 * per client address (`clientAddressKey(request.ip)`) and per email or user. Every request spends from them, whether
 * the email is known or not, so a refusal tells nothing about an account. Without Redis they fail closed (503), like
 * sign-in throttling.
 */
@Injectable()
export class AccountThrottle {
  private readonly logger = new Logger(AccountThrottle.name);
  private readonly resetByAddress: RateLimiterRedis;
  private readonly resetByEmail: RateLimiterRedis;
  private readonly linksByAddress: RateLimiterRedis;
  private readonly resendByUser: RateLimiterRedis;

  constructor(@InjectRedis() redis: Redis) {
    const limiter = (keyPrefix: string, points: number, duration: number) => new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration });
    this.resetByAddress = limiter('account:reset-address', RESET_REQUESTS_PER_ADDRESS, HOUR_SECONDS);
    this.resetByEmail = limiter('account:reset-email', RESET_REQUESTS_PER_EMAIL, HOUR_SECONDS);
    this.linksByAddress = limiter('account:links-address', LINK_USES_PER_ADDRESS, 15 * 60);
    this.resendByUser = limiter('account:resend-user', CONFIRMATION_RESENDS_PER_USER, HOUR_SECONDS);
  }

  /** A password reset request: the address first (before the body is looked at further), then the email (normalised). */
  async takeResetRequest(ip: string, email: string): Promise<void> {
    await this.take(this.resetByAddress, clientAddressKey(ip));
    await this.take(this.resetByEmail, email);
  }

  async takeLinkUse(ip: string): Promise<void> {
    await this.take(this.linksByAddress, clientAddressKey(ip));
  }

  async takeResend(userId: string): Promise<void> {
    await this.take(this.resendByUser, userId);
  }

  private async take(limiter: RateLimiterRedis, key: string): Promise<void> {
    let refused: RateLimiterRes | null = null;
    try {
      await limiter.consume(key);
    } catch (error: unknown) {
      if (!(error instanceof RateLimiterRes)) {
        this.logger.warn({ error: String(error) }, 'Account throttle store unavailable; refusing');
        throw new PlatformException(PlatformErrorCode.DependencyUnavailable, 'This is unavailable for a moment. Try again shortly.');
      }
      refused = error;
    }
    if (refused) {
      const seconds = Math.max(1, Math.ceil(refused.msBeforeNext / 1000));
      throw new IdentityException(IdentityErrorCode.TooManyAccountRequests, `Too many requests. Try again in ${describeWait(seconds)}.`, {
        retryAfterSeconds: seconds,
      });
    }
  }
}

function describeWait(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
