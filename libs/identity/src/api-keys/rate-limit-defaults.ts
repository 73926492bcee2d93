/** One organization's request budgets: a token bucket per API key and one per signed-in user. */
export interface RateLimitSettings {
  apiKeyRequestsPerSecond: number;
  apiKeyBurst: number;
  userRequestsPerSecond: number;
  userBurst: number;
}

/**
 * Defaults (an organization may change them in its settings): keys 20 requests/s sustained with bursts of 100;
 * people far more (a screen opens with a dozen requests at once, and nobody clicks 100 times a second).
 */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = { apiKeyRequestsPerSecond: 20, apiKeyBurst: 100, userRequestsPerSecond: 100, userBurst: 1000 };
