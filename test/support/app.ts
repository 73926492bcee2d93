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
  // Configuration is read from the environment when the modules start, exactly as in production.
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  let app: NestFastifyApplication;
  try {
    app = await createApiApp(loadConfig(process.env));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return {
    app,
    http: () => request(app.getHttpServer()),
    close: () => app.close(),
  };
}
