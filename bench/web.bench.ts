import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { type BenchEnvironment, registerBenchOrganization } from './harness.js';

/**
 * The web app: initial JavaScript (gzipped, from the Vite build in apps/web/dist), and time to interactive of the
 * pipeline board in headless Chromium for a job with 2,000 applications beside an empty board.
 * "Interactive" = the board's columns are rendered and (when there are cards) the first card's Move-to menu is enabled,
 * measured as performance.now() at that moment, i.e. from navigation start, cold page each run.
 */
const APPLICATIONS = 2000;
const RUNS = 5;

async function makeJob(env: BenchEnvironment, organizationId: string): Promise<string> {
  const [templateId, revisionId, jobId] = [randomUUID(), randomUUID(), randomUUID()];
  const db = await env.pool.connect();
  await db.query('BEGIN');
  await db.query(
    `INSERT INTO templates (id, organization_id, family, title, built_in, latest_revision_id, latest_revision_number) VALUES ($1, $2, 'backend', 'Backend', false, $3, 1)`,
    [templateId, organizationId, revisionId],
  );
  await db.query(
    `INSERT INTO template_revisions (id, template_id, organization_id, number, title, sections, variables) VALUES ($1, $2, $3, 1, 'Backend', '{}', '[]')`,
    [revisionId, templateId, organizationId],
  );
  await db.query(
    `INSERT INTO jobs (id, organization_id, template_id, template_revision_id, title, description_markdown, description_html, work_model, employment_type, seniority, salary_min, salary_max, salary_currency, salary_period, openings, status, opened_at)
     VALUES ($1, $2, $3, $4, 'Backend Engineer', 'md', '<p>x</p>', 'remote', 'FULL_TIME', 'senior', 100000, 140000, 'EUR', 'YEAR', 1, 'open', now())`,
    [jobId, organizationId, templateId, revisionId],
  );
  const stages = ['Application review', 'Recruiter screen', 'Take-home', 'Technical interview', 'System design', 'Hiring manager', 'Offer', 'Hired'];
  const kinds = ['application_review', 'recruiter_screen', 'take_home', 'technical_interview', 'system_design', 'hiring_manager', 'offer', 'hired'];
  for (const [i, name] of stages.entries()) {
    await db.query(`INSERT INTO job_stages (id, organization_id, job_id, position, name, kind, sla_days) VALUES ($1, $2, $3, $4, $5, $6, 5)`, [
      randomUUID(),
      organizationId,
      jobId,
      i,
      name,
      kinds[i],
    ]);
  }
  await db.query('COMMIT');
  db.release();
  return jobId;
}

export async function run(env: BenchEnvironment): Promise<void> {
  const sizeModule = await import(pathToFileURL(join(process.cwd(), 'apps/web/scripts/bundle-size.mjs')).href);
  const size = sizeModule.initialJs();
  console.log(
    `initial JavaScript of /app: ${(size.initialGzip / 1024).toFixed(1)} KB gzipped in ${size.initial.length} chunks (budget 250 KB); largest lazy route chunk ${(Math.max(...size.lazy.map((f: { gzip: number }) => f.gzip)) / 1024).toFixed(1)} KB`,
  );

  const slug = `bench-web-${Date.now().toString(36)}`;
  const registered = await registerBenchOrganization(env.apiUrl, env.pool, slug, 'Bench Web');
  const token = registered.accessToken;
  const empty = await makeJob(env, registered.organization.id);
  const full = await makeJob(env, registered.organization.id);

  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < APPLICATIONS) {
      const i = next++;
      const res = await fetch(`${env.apiUrl}/v1/applications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          jobId: full,
          source: i % 3 ? 'careers' : 'referral',
          candidate: { firstName: `Cand${i}`, lastName: `Bench${i}`, emails: [`c${i}@${slug}.test`] },
        }),
      });
      if (res.status !== 201) throw new Error(`application ${i}: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  console.log(`loaded ${APPLICATIONS} applications through the API in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const measure = async (jobId: string, withCards: boolean) => {
      const times: number[] = [];
      for (let r = 0; r < RUNS; r += 1) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        await context.addInitScript(`localStorage.setItem('hireloop.token', ${JSON.stringify(token)})`);
        const page = await context.newPage();
        await page.goto(`${env.apiUrl}/app/jobs/${jobId}/pipeline`);
        await page.locator('section.board-column').first().waitFor({ timeout: 60000 });
        if (withCards) await page.locator('[data-testid=board-card] select').first().waitFor({ timeout: 60000 });
        times.push(Number(await page.evaluate('performance.now()')));
        await context.close();
      }
      times.sort((a, b) => a - b);
      return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1] };
    };
    const emptyBoard = await measure(empty, false);
    const fullBoard = await measure(full, true);
    const fmt = (m: { median: number; min: number; max: number }) => `median ${m.median.toFixed(0)} ms (min ${m.min.toFixed(0)}, max ${m.max.toFixed(0)})`;
    console.log(`pipeline board time to interactive, empty board:           ${fmt(emptyBoard)}`);
    console.log(
      `pipeline board time to interactive, ${APPLICATIONS} applications:  ${fmt(fullBoard)}  (${(fullBoard.median / emptyBoard.median).toFixed(2)}× the empty board; first 50 cards per column rendered, the rest paged)`,
    );
  } finally {
    await browser.close();
  }
}
