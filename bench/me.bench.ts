import jwt from 'jsonwebtoken';
import { loadConfig } from '../libs/config/src/index.js';
import { BenchEnvironment, load, printComparison, startRawServer } from './harness.js';

/** Authenticated GET /v1/me against a raw node:http + pg server doing the same token check and query. */
export async function run(env: BenchEnvironment): Promise<void> {
  const register = await fetch(`${env.apiUrl}/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      organizationName: 'Bench',
      organizationSlug: `bench-${Date.now()}`,
      name: 'Bench Admin',
      email: `bench-${Date.now()}@example.test`,
      password: 'bench-password-1',
    }),
  });
  const { accessToken } = (await register.json()) as { accessToken: string };
  const secret = loadConfig(process.env).jwtSecret;

  const raw = await startRawServer(async (req) => {
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    let claims: { sub: string; org: string };
    try {
      claims = jwt.verify(token, secret, { algorithms: ['HS256'] }) as { sub: string; org: string };
    } catch {
      return { status: 401, body: { error: 'unauthenticated' } };
    }
    const user = await env.pool.query('SELECT id, organization_id, email, name, roles, active FROM users WHERE id = $1 AND organization_id = $2 AND active', [
      claims.sub,
      claims.org,
    ]);
    if (!user.rows[0]) return { status: 401, body: { error: 'unauthenticated' } };
    const org = await env.pool.query('SELECT id, name, slug, created_at FROM organizations WHERE id = $1', [claims.org]);
    return { status: 200, body: { user: user.rows[0], organization: org.rows[0] } };
  });

  const headers = { authorization: `Bearer ${accessToken}` };
  await load('warm-up', `${env.apiUrl}/v1/me`, { headers, durationSeconds: 1 });
  const subject = await load('Hireloop GET /v1/me', `${env.apiUrl}/v1/me`, { headers });
  const baseline = await load('raw node:http + pg', `${raw.url}/v1/me`, { headers });
  printComparison('Authenticated GET /v1/me', subject, baseline);
  await raw.close();
}
