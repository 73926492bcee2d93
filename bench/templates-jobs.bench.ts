import { encodeCursor } from '../libs/platform/src/index.js';
import { builtInTemplates, lintTemplate, renderTemplate } from '../libs/templates/src/index.js';
import { BenchEnvironment, compareAlternating, explain, load, startBaselineProcess, timeIt, writeResult, registerBenchOrganization } from './harness.js';

const JOBS = Number(process.env.BENCH_JOBS ?? 100_000);
const DEEP_OFFSET = Math.floor(JOBS * 0.9);

/**
 * Templates and jobs:
 * 1. render throughput of the template engine in-process (render alone, render + lint) and over HTTP;
 * 2. `GET /v1/jobs` first page and a deep page (keyset cursor at 90%) with 100k jobs in one
 *    organization, beside the raw Fastify + pg baseline process doing the same token check and the same SQL.
 */
export async function run(env: BenchEnvironment): Promise<void> {
  const values = { companyName: 'Bench Co', teamName: 'Payments', location: 'Berlin', salaryMin: 120000, salaryMax: 160000, currency: 'EUR' };
  const library = builtInTemplates();
  const sample = library.find((t) => t.key === 'backend-developer.go.staff.platform.remote') ?? library[0];

  // --- 1. render throughput, in-process ------------------------------------------------------
  const N = Number(process.env.BENCH_RENDERS ?? 5000);
  for (let i = 0; i < 200; i++) renderTemplate({ title: sample.title, sections: sample.sections, variables: sample.variables, values });
  let start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) renderTemplate({ title: sample.title, sections: sample.sections, variables: sample.variables, values });
  const renderMs = Number(process.hrtime.bigint() - start) / 1e6;
  start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const rendered = renderTemplate({ title: sample.title, sections: sample.sections, variables: sample.variables, values });
    lintTemplate({ sections: rendered.sections }, { requirePayRange: true, seniority: 'staff', salary: { min: 120000, max: 160000, currency: 'EUR' } });
  }
  const renderLintMs = Number(process.hrtime.bigint() - start) / 1e6;
  start = process.hrtime.bigint();
  for (const template of library) renderTemplate({ title: template.title, sections: template.sections, variables: template.variables, values });
  const libraryMs = Number(process.hrtime.bigint() - start) / 1e6;
  console.log('\n## Template engine (in-process, one core)');
  console.log('| operation | ops/s | mean µs |');
  console.log('| --- | ---: | ---: |');
  console.log(`| renderTemplate (markdown + sanitised HTML) | ${((N / renderMs) * 1000).toFixed(0)} | ${((renderMs / N) * 1000).toFixed(0)} |`);
  console.log(`| renderTemplate + lintTemplate | ${((N / renderLintMs) * 1000).toFixed(0)} | ${((renderLintMs / N) * 1000).toFixed(0)} |`);
  console.log(
    `| whole built-in library (${library.length} templates) | ${((library.length / libraryMs) * 1000).toFixed(0)} | ${((libraryMs / library.length) * 1000).toFixed(0)} |`,
  );

  // --- setup: one organization, 100k jobs ----------------------------------------------------
  const slug = `bench-jobs-${Date.now()}`;
  const { accessToken, organization } = await registerBenchOrganization(env.apiUrl, env.pool, slug, 'Bench Jobs');
  const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
  const orgId = organization.id;

  const [template] = (await env.pool.query(`SELECT id, latest_revision_id FROM templates WHERE key = $1`, [sample.key])).rows;
  const renderBody = JSON.stringify({ variables: values });
  await load('warm-up', `${env.apiUrl}/v1/templates/${template.id}/render`, { headers, method: 'POST', body: renderBody, durationSeconds: 1 });
  const httpRender = await load('Hireloop POST /v1/templates/:id/render', `${env.apiUrl}/v1/templates/${template.id}/render`, {
    headers,
    method: 'POST',
    body: renderBody,
  });
  console.log('\n## Render over HTTP (render + lint + problem-free response)');
  console.log(
    `| ${httpRender.label} | ${httpRender.requestsPerSecond.toFixed(0)} req/s | p50 ${httpRender.p50Ms} ms | p99 ${httpRender.p99Ms} ms | errors ${httpRender.errors} | non-2xx ${httpRender.non2xx} |`,
  );

  const department = (await (
    await fetch(`${env.apiUrl}/v1/departments`, { method: 'POST', headers, body: JSON.stringify({ name: 'Engineering' }) })
  ).json()) as { id: string };
  const office = (await (
    await fetch(`${env.apiUrl}/v1/offices`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Berlin', city: 'Berlin', region: 'Berlin', country: 'DE' }),
    })
  ).json()) as { id: string };
  const one = await fetch(`${env.apiUrl}/v1/jobs`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      templateId: template.id,
      departmentId: department.id,
      officeIds: [office.id],
      workModel: 'hybrid',
      employmentType: 'FULL_TIME',
      seniority: 'staff',
      openings: 1,
    }),
  });
  const sampleJob = (await one.json()) as { description: { markdown: string; html: string } };

  const loadStart = Date.now();
  await env.pool.query(
    `INSERT INTO jobs (organization_id, template_id, template_revision_id, title, variables, description_markdown, description_html, findings, department_id,
                       work_model, remote_countries, employment_type, seniority, salary_min, salary_max, salary_currency, salary_period, openings, status, close_reason, version, created_at, updated_at)
     SELECT $1, $2, $3, 'Backend Engineer #' || g, '{}'::jsonb, $4, $5, '[]'::jsonb, $6,
            (ARRAY['onsite','hybrid','remote'])[1 + g % 3], CASE WHEN g % 3 = 2 THEN ARRAY['DE'] ELSE '{}' END, 'FULL_TIME',
            (ARRAY['junior','mid','senior','staff'])[1 + g % 4], 100000, 150000, 'EUR', 'YEAR', 1,
            (ARRAY['draft','open','on_hold','closed'])[1 + g % 4], CASE WHEN g % 4 = 3 THEN 'bench' END, 1, now() - (g || ' seconds')::interval, now()
     FROM generate_series(1, $7::int) AS g`,
    [orgId, template.id, template.latest_revision_id, sampleJob.description.markdown, sampleJob.description.html, department.id, JOBS],
  );
  await env.pool.query(
    `INSERT INTO job_offices (organization_id, job_id, office_id) SELECT organization_id, id, $2 FROM jobs WHERE organization_id = $1 ON CONFLICT DO NOTHING`,
    [orgId, office.id],
  );
  await env.pool.query(`ANALYZE jobs; ANALYZE job_offices; ANALYZE job_hiring_team`);
  console.log(`\nLoaded ${JOBS} jobs (INSERT … SELECT generate_series) in ${((Date.now() - loadStart) / 1000).toFixed(1)} s`);

  const [deep] = (
    await env.pool.query(
      `SELECT created_at::text AS c, id::text AS i FROM jobs WHERE organization_id = $1 ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 1`,
      [orgId, DEEP_OFFSET],
    )
  ).rows;
  const deepCursor = encodeCursor([deep.c, deep.i]);

  // --- the raw baseline (its own process): the same token check and user query, the same list SQL (jobListQuery) ---
  const raw = await startBaselineProcess(env);
  const authOnly = { authorization: headers.authorization };
  const check = (await (await fetch(`${env.apiUrl}/v1/jobs?cursor=${deepCursor}`, { headers: authOnly })).json()) as { data?: Array<{ id: string }> };
  const checkRaw = (await (await fetch(`${raw.url}/v1/jobs?cursor=${deepCursor}`, { headers: authOnly })).json()) as { data?: Array<{ id: string }> };
  if (check.data?.[0]?.id !== checkRaw.data?.[0]?.id) throw new Error('Hireloop and the baseline disagree on the deep page');

  const pair = (title: string, path: string) =>
    compareAlternating(
      title,
      { label: 'Hireloop GET /v1/jobs', url: `${env.apiUrl}${path}`, options: { headers: authOnly }, pid: env.apiPid },
      { label: 'raw Fastify + pg', url: `${raw.url}${path}`, options: { headers: authOnly }, pid: raw.pid },
      { min: 0.7 },
    );
  const firstPage = await pair(`GET /v1/jobs first page (25 of ${JOBS} jobs in one organization)`, '/v1/jobs');
  const deepPage = await pair(`GET /v1/jobs deep page (cursor at row ${DEEP_OFFSET})`, `/v1/jobs?cursor=${deepCursor}`);
  writeResult('templates-jobs', { jobs: JOBS, firstPage, deepPage });
  const filtered = await timeIt(50, () =>
    fetch(`${env.apiUrl}/v1/jobs?status=open&seniority=staff&q=Engineer%20%2399`, { headers: authOnly }).then((r) => r.json()),
  );
  console.log(
    `\nFiltered list (status + seniority + title search), 50 sequential requests: median ${filtered.medianMs.toFixed(1)} ms, p95 ${filtered.p95Ms.toFixed(1)} ms`,
  );

  console.log('\nPlan of the deep-page query:');
  console.log(
    await explain(
      env.pool,
      `SELECT j.id FROM jobs j WHERE j.organization_id = $1 AND (j.created_at, j.id) < ($2::timestamptz, $3::uuid) ORDER BY j.created_at DESC, j.id DESC LIMIT 26`,
      [orgId, deep.c, deep.i],
    ),
  );
  await raw.close();
}
