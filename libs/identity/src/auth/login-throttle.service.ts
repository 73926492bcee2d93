import { Injectable, Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { clientAddressKey, InjectRedis, PlatformErrorCode, PlatformException } from '../../../platform/src/index.js';
import { IdentityErrorCode, IdentityException } from '../identity.exception.js';

/** Failed sign-ins to one account from one address before that address is refused for that account. */
export const LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5;
export const LOGIN_ACCOUNT_AND_ADDRESS_BLOCK_SECONDS = 15 * 60;
/** Failed sign-ins from one address (any accounts) in an hour before the address is refused for an hour. */
export const LOGIN_FAILURES_PER_ADDRESS = 100;
export const LOGIN_ADDRESS_BLOCK_SECONDS = 60 * 60;
/**
 * Failed sign-ins to one account from all addresses in an hour before each further failure is answered
 * with a wait (2 s, 4 s, 8 s, ... at most LOGIN_ACCOUNT_BACKOFF_MAX_SECONDS). One address alone never gets
 * there: it is refused after 5 failures for 15 minutes, so at most 25 of its failures fall in any hour.
 */
export const LOGIN_FAILURES_PER_ACCOUNT = 30;
export const LOGIN_ACCOUNT_BACKOFF_MAX_SECONDS = 5 * 60;
const HOUR_SECONDS = 60 * 60;

/**
 * Login throttling after the OWASP Authentication Cheat Sheet, in Redis so it holds across API replicas:
 *
 * - per (account, client address): 5 failures refuse that address for that account for 15 minutes, so
 *   someone guessing from one address never locks the owner out from another;
 * - per client address: 100 failures in an hour (over any accounts) refuse the address for an hour,
 *   against one address trying many accounts;
 * - per account: past 30 failures in an hour from anywhere (many addresses against one account), each
 *   further failure imposes an exponentially growing wait on that account, never a long lock.
 *
 * Refused attempts are answered 429 with Retry-After before the password is checked and are not counted.
 * The client address is `request.ip`, which believes X-Forwarded-For only as far as TRUST_PROXY says.
 * Without Redis, sign-in fails closed (503): an outage never switches the throttling off.
 */
@Injectable()
export class LoginThrottleService {
  private readonly logger = new Logger(LoginThrottleService.name);
  private readonly byAccountAndAddress: RateLimiterRedis;
  private readonly byAddress: RateLimiterRedis;
  private readonly byAccount: RateLimiterRedis;
  private readonly accountBackoff: RateLimiterRedis;

  constructor(@InjectRedis() redis: Redis) {
    const limiter = (keyPrefix: string, points: number, duration: number) => new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration });
    this.byAccountAndAddress = limiter('login-failures:account-address', LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS, HOUR_SECONDS);
    this.byAddress = limiter('login-failures:address', LOGIN_FAILURES_PER_ADDRESS, HOUR_SECONDS);
    this.byAccount = limiter('login-failures:account', LOGIN_FAILURES_PER_ACCOUNT, HOUR_SECONDS);
    this.accountBackoff = limiter('login-backoff:account', 1, LOGIN_ACCOUNT_BACKOFF_MAX_SECONDS);
  }

  /** Refuses (429 with Retry-After) while any of the three budgets is spent; `email` is normalised. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const address = clientAddressKey(ip);
    const [pair, perAddress, backoff] = await this.store(() =>
      Promise.all([this.byAccountAndAddress.get(pairKey(email, address)), this.byAddress.get(address), this.accountBackoff.get(email)]),
    );
    const waits = [
      spent(pair, LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS),
      spent(perAddress, LOGIN_FAILURES_PER_ADDRESS),
      backoff && backoff.msBeforeNext > 0 ? backoff.msBeforeNext : 0,
    ];
    const waitMs = Math.max(...waits);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new IdentityException(IdentityErrorCode.TooManyLoginAttempts, `Too many failed sign-in attempts. Try again in ${describeWait(seconds)}.`, {
        retryAfterSeconds: seconds,
      });
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const address = clientAddressKey(ip);
    const [pair, perAddress, account] = await this.store(() =>
      Promise.all([this.byAccountAndAddress.penalty(pairKey(email, address)), this.byAddress.penalty(address), this.byAccount.penalty(email)]),
    );
    const blocks: Promise<unknown>[] = [];
    if (pair.consumedPoints === LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS) {
      blocks.push(this.byAccountAndAddress.block(pairKey(email, address), LOGIN_ACCOUNT_AND_ADDRESS_BLOCK_SECONDS));
    }
    if (perAddress.consumedPoints === LOGIN_FAILURES_PER_ADDRESS) blocks.push(this.byAddress.block(address, LOGIN_ADDRESS_BLOCK_SECONDS));
    const excess = account.consumedPoints - LOGIN_FAILURES_PER_ACCOUNT;
    if (excess > 0) blocks.push(this.accountBackoff.block(email, accountBackoffSeconds(excess)));
    await this.store(() => Promise.all(blocks));
  }

  /** A successful sign-in clears its address's failures for that account (the other budgets run out on their own). */
  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.store(() => this.byAccountAndAddress.delete(pairKey(email, clientAddressKey(ip))));
  }

  private async store<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      this.logger.warn({ error: String(error) }, 'Login throttle store unavailable; refusing sign-in');
      throw new PlatformException(PlatformErrorCode.DependencyUnavailable, 'Signing in is unavailable for a moment. Try again shortly.');
    }
  }
}

/** The wait after the n-th failure past the per-account budget: 2 s, 4 s, 8 s, ... capped. */
export function accountBackoffSeconds(excess: number): number {
  return Math.min(2 ** Math.min(excess, 30), LOGIN_ACCOUNT_BACKOFF_MAX_SECONDS);
}

function pairKey(email: string, address: string): string {
  return `${address}|${email}`;
}

/** Milliseconds until a counter with `limit` failures frees up, 0 while it is under its limit. */
function spent(res: RateLimiterRes | null, limit: number): number {
  return res && res.consumedPoints >= limit ? Math.max(res.msBeforeNext, 1) : 0;
}

function describeWait(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
