/**
 * The rate limit's token bucket (its own file so the benchmark baseline runs the very same script), refilled and spent in one atomic step on Redis' own clock (so every replica agrees):
 * KEYS[1] the bucket; ARGV rate (tokens/s), burst. Returns {allowed (1/0), tokens left (text)}.
 */
export const TOKEN_BUCKET_LUA = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then tokens = burst; ts = now end
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return { allowed, tostring(tokens) }
`;

/** The Redis key (under the app's key prefix) of one API key's or one person's bucket. */
export function rateLimitBucketKey(policy: 'api-key' | 'user', id: string): string {
  return `ratelimit:${policy}:${id}`;
}
