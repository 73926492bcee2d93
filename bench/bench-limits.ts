/**
 * The per-person and per-key rate limits of every bench organization (the most an organization may set): the load
 * generator sends far more than the defaults (100 requests/s a person) allow, and a bench must measure answers, not
 * 429s. The bucket is still taken on every request, by the API and by the baseline alike (same script, same key).
 */
export const BENCH_RATE_LIMITS = {
  userRequestsPerSecond: 10_000,
  userBurst: 100_000,
  apiKeyRequestsPerSecond: 10_000,
  apiKeyBurst: 100_000,
} as const;
