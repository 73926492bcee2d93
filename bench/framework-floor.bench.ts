import { join } from 'node:path';
import {
  BenchEnvironment,
  childEnv,
  compareAlternating,
  DIST,
  registerBenchOrganization,
  startBaselineProcess,
  startChildServer,
  writeResult,
} from './harness.js';

/**
 * GET /v1/me three ways, each server in its own process, loaded alternately by autocannon from a third: the raw
 * Fastify + pg baseline, the smallest NestJS application on Fastify doing the same work with the same code
 * (bench/nest-floor-server.ts: a guard, a parameter decorator, a controller; nothing else), and Hireloop's API.
 * The first ratio is what Nest's router pipeline alone leaves of bare Fastify on this machine: the ceiling of any
 * Nest application's ratio for this route. The second is what the API's own layers (logging, metrics, tenancy,
 * the ORM's pool, validation, security headers) leave of that floor. The third prices one of those layers alone: the
 * same floor with the product's per-request tenant scope (an AsyncLocalStorage store; FLOOR_TENANT_SCOPE=1) against
 * the floor without it.
 */
export async function run(env: BenchEnvironment): Promise<void> {
  const { headers } = await registerBenchOrganization(env.apiUrl, env.pool, `bench-floor-${Date.now()}`, 'Bench Floor');
  const raw = await startBaselineProcess(env);
  const nest = await startChildServer(join(DIST, 'bench/nest-floor-server.js'), childEnv(env), { readyPath: '/health', label: 'Nest floor' });
  const scoped = await startChildServer(join(DIST, 'bench/nest-floor-server.js'), childEnv(env, { FLOOR_TENANT_SCOPE: '1' }), {
    readyPath: '/health',
    label: 'Nest floor with tenant scope',
  });
  try {
    const answers = await Promise.all(
      [env.apiUrl, raw.url, nest.url, scoped.url].map(async (base) => JSON.stringify(await (await fetch(`${base}/v1/me`, { headers })).json())),
    );
    if (new Set(answers).size !== 1) throw new Error(`The four servers answer /v1/me differently:\n${answers.map((a) => a.slice(0, 300)).join('\n')}`);
    const side = (label: string, url: string, pid: number) => ({ label, url: `${url}/v1/me`, options: { headers }, pid });
    const floor = await compareAlternating(
      'GET /v1/me: bare NestJS on Fastify vs raw Fastify, the same work',
      side('bare NestJS + Fastify', nest.url, nest.pid),
      side('raw Fastify + pg', raw.url, raw.pid),
      { min: 0 },
    );
    const api = await compareAlternating(
      'GET /v1/me: Hireloop vs bare NestJS on Fastify, the same work',
      side('Hireloop', env.apiUrl, env.apiPid),
      side('bare NestJS + Fastify', nest.url, nest.pid),
      { min: 0 },
    );
    const asyncContext = await compareAlternating(
      'GET /v1/me: bare NestJS with the tenant scope (AsyncLocalStorage per request) vs without, the same work',
      side('bare NestJS + tenant scope', scoped.url, scoped.pid),
      side('bare NestJS + Fastify', nest.url, nest.pid),
      { min: 0 },
    );
    console.log(
      `Nest's floor for GET /v1/me: ${floor.ratio.toFixed(2)} of raw Fastify (CPU ${floor.cpuRatio?.toFixed(2) ?? '?'}); Hireloop: ${api.ratio.toFixed(2)} of that floor (CPU ${api.cpuRatio?.toFixed(2) ?? '?'}); the tenant scope alone: ${asyncContext.ratio.toFixed(2)} of the floor (CPU ${asyncContext.cpuRatio?.toFixed(2) ?? '?'})`,
    );
    writeResult('framework-floor', { floor, api, asyncContext });
  } finally {
    await scoped.close();
    await nest.close();
    await raw.close();
  }
}
