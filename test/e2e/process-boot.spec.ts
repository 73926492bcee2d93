import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// `npm test` builds first, so the compiled entry points exist.
const API = 'dist/apps/api/src/main.js';
const WORKER = 'dist/apps/worker/src/main.js';

describe('process start-up', () => {
  it.each([
    [API, { PORT: 'not-a-port' }, /PORT/],
    [WORKER, { REDIS_URL: 'nonsense' }, /REDIS_URL/],
    [API, { NODE_ENV: 'production', JWT_SECRET: '' }, /JWT_SECRET/],
  ])('%s stops with a message naming the bad variable', (entry, env, pattern) => {
    expect(existsSync(entry)).toBe(true);
    const result = spawnSync(process.execPath, [entry], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 20000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(pattern);
  });
});
