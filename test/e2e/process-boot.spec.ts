import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm test` builds first, so the compiled entry points exist.
const API = 'dist/apps/api/src/main.js';
const WORKER = 'dist/apps/worker/src/main.js';

describe('process start-up', () => {
  it.each([
    [API, { PORT: 'not-a-port' }, /PORT/],
    [WORKER, { REDIS_URL: 'nonsense' }, /REDIS_URL/],
    [API, { NODE_ENV: 'production', JWT_SECRET: '' }, /JWT_SECRET/],
    [WORKER, { NODE_ENV: 'production', JWT_SECRET: 'w'.repeat(40), SMTP_URL: '', MAIL_DISABLED: '' }, /SMTP_URL: required when NODE_ENV=production/],
  ])('%s stops with a message naming the bad variable', (entry, env, pattern) => {
    expect(existsSync(entry)).toBe(true);
    const result = spawnSync(process.execPath, [entry], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 20000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(pattern);
  });
});

describe('the worker process', () => {
  it('starts with every job handled, beats its heartbeat, and stops cleanly on SIGTERM', async () => {
    const heartbeat = join(tmpdir(), `hireloop-worker-test-${process.pid}.alive`);
    rmSync(heartbeat, { force: true });
    const child = spawn(process.execPath, [WORKER], {
      env: { ...process.env, WORKER_HEARTBEAT_FILE: heartbeat, LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    // Generous: under a full parallel test run the worker shares two cores with everything else.
    for (let i = 0; i < 300 && !existsSync(heartbeat); i++) await new Promise((r) => setTimeout(r, 200));
    for (let i = 0; i < 50 && !output.includes('Hireloop worker started'); i++) await new Promise((r) => setTimeout(r, 200));
    expect(output).toContain('Hireloop worker started');
    expect(existsSync(heartbeat)).toBe(true);
    child.kill('SIGTERM');
    // Nest runs the shutdown hooks (queues closed, relay stopped, heartbeat removed), then exits by the same signal.
    const { code, signal } = await exited;
    expect(code === 0 || signal === 'SIGTERM').toBe(true);
    expect(existsSync(heartbeat)).toBe(false);
  }, 120000);
});
