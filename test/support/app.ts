import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent.js';
import { createApiApp } from '../../apps/api/src/bootstrap.js';
import { loadConfig } from '../../libs/config/src/index.js';

export interface TestApp {
  app: NestFastifyApplication;
  http: () => TestAgent;
  close: () => Promise<void>;
}

/** The whole API, built exactly as production builds it, on this run's database and Redis prefix. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ ...process.env, ...env });
  const app = await createApiApp(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    http: () => request(app.getHttpServer()),
    close: () => app.close(),
  };
}
