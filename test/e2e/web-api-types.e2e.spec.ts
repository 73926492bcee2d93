/** The web app's committed API types (apps/web/src/api/schema.d.ts) must match the app's OpenAPI document. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { demoSignIn } from '../../apps/api/src/demo/demo-data.seeder.js';
import { DEMO_SIGN_IN_META, REGISTRATION_META, withShellMeta } from '../../apps/api/src/web/web-app.js';
import { startTestApp, TestApp } from '../support/app.js';

const run = promisify(execFile);
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t?.close());

test("apps/web/src/api/schema.d.ts is what openapi-typescript generates from the app's OpenAPI document (run npm run web:api-types when it is not)", async () => {
  // The document of the app as production builds it (dist/, compiled by `npm test`'s build; ts-jest's own compile emits
  // different decorator metadata), on this run's database.
  const env = { ...process.env, NODE_OPTIONS: '' };
  const result = await run(process.execPath, ['apps/web/scripts/openapi-types.mjs', '--check'], { cwd: process.cwd(), env }).catch((error) => error);
  expect(`${result.stderr ?? ''}`).not.toContain('out of date');
  expect(result.stdout).toContain('API types match the OpenAPI document');
}, 60_000);

test('the web app is served at /app with the SPA fallback, hashed assets and the CSP', async () => {
  const shell = await t.http().get('/app/jobs/123/pipeline');
  expect(shell.status).toBe(200);
  expect(shell.headers['content-type']).toMatch(/text\/html/);
  expect(shell.headers['content-security-policy']).toContain("default-src 'self'");
  expect(shell.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
  const asset = /\/app\/(assets\/[^"]+\.js)/.exec(shell.text)![1];
  const js = await t.http().get(`/app/${asset}`);
  expect(js.status).toBe(200);
  expect(js.headers['cache-control']).toContain('immutable');
  expect((await t.http().get('/app/assets/missing.js')).status).toBe(404);
  expect((await t.http().get('/app')).status).toBe(302);
  // No demo organization here (only development loads it): the shell offers no demo sign-in.
  expect(shell.text).not.toContain(DEMO_SIGN_IN_META);
  // Registration is open here: the shell says nothing about it.
  expect(shell.text).not.toContain(REGISTRATION_META);
});

test('where the demo organization is loaded, the shell carries its sign-in in a meta tag, attribute-escaped', () => {
  const html = '<!doctype html><html><head><title>Hireloop</title></head><body></body></html>';
  expect(withShellMeta(html, { [DEMO_SIGN_IN_META]: demoSignIn() })).toContain(
    `<meta name="${DEMO_SIGN_IN_META}" content="recruiter@demo.hireloop.dev / hireloop-demo-1"></head>`,
  );
  expect(withShellMeta(html, { [DEMO_SIGN_IN_META]: '"><script>x</script>' })).toContain('content="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
});
