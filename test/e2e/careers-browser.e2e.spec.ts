/**
 * The careers page in a real browser: Debian's headless chromium (driven with playwright-core) against the real API,
 * Postgres, Redis and the postings worker. A job is published to the careers board through the queue; the browser
 * opens /careers/:orgSlug, follows the job link, fills and submits the apply form (no JavaScript involved: the form
 * posts multipart and the server answers a confirmation page), and the API then shows the application in the job's
 * first stage with source `careers`. One screenshot per step lands in test-artifacts/careers/.
 *
 * Chromium missing is a failure, never a skip: `.ci/run` installs it (`apt-get install -y chromium`).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startTestApp, TestApp } from '../support/app.js';
import { freePort, Journey, launchBrowser } from '../web/browser.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';
import { JobFixture, makeJob, postingStatuses, startTestWorker, waitFor } from '../support/postings-fixtures.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'careers');
const LONG = 120_000;

async function launch(userDataDir: string): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: install Debian's package with \`apt-get install -y chromium\` (.ci/run does this), or set CHROMIUM_PATH. This test does not skip.`,
    );
  }
  try {
    // A persistent context is how playwright takes a --user-data-dir; a fresh temporary one per run.
    return await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
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
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: false,
    });
  } catch (error) {
    throw new Error(`Chromium at ${CHROMIUM} did not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

describe('careers page in headless chromium', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let context: BrowserContext | undefined;
  let userDataDir: string;
  let baseUrl: string;
  let org: TestOrg;
  let recruiter: TestUser;
  let job: JobFixture;
  let careersPublicId: number | undefined;
  const title = unique('Staff Platform Engineer ');
  let step = 0;

  const shot = async (page: Page, name: string) => {
    step++;
    await page.screenshot({ path: join(ARTIFACTS, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    userDataDir = mkdtempSync(join(tmpdir(), 'hireloop-chromium-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await startTestApp({ PUBLIC_BASE_URL: baseUrl });
    await t.app.listen({ port, host: '127.0.0.1' });
    worker = await startTestWorker({ PUBLIC_BASE_URL: baseUrl });
    org = await makeOrg(t, { name: 'Browserville Robotics' });
    recruiter = await makeUser(t, org, ['recruiter'], 'Rita Recruiter');
    job = await makeJob(org.id, { title });
  }, LONG);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await worker?.close();
    await t?.close();
  });

  it(
    'publishes a job to the careers board, applies through the form without JavaScript, and the application lands in the first stage with source careers',
    async () => {
      // Publish through the API; the worker takes it live through the outbox and the queue.
      const posted = await t
        .http()
        .post(`/v1/jobs/${job.id}/postings`)
        .set(bearer(recruiter))
        .send({ boards: ['careers'] });
      expect(posted.status).toBe(202);
      const careers = posted.body.data.find((p: { board: string }) => p.board === 'careers');
      expect(careers).toBeTruthy();
      careersPublicId = careers.publicId;
      await waitFor(
        () => postingStatuses(job.id),
        (s) => s.careers === 'live',
        30000,
        'careers posting live',
      );

      context = await launch(userDataDir);
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(15000);

      // 1. The careers page lists the job.
      const list = await page.goto(`${baseUrl}/careers/${org.slug}`);
      expect(list?.status()).toBe(200);
      await page.getByRole('heading', { level: 1, name: `Careers at ${org.name}` }).waitFor();
      const link = page.getByRole('link', { name: title, exact: true });
      await link.waitFor();
      await shot(page, 'careers-list');

      // 2. Follow the job link to the job page (description, apply form, JSON-LD).
      await Promise.all([page.waitForURL(`**/careers/${org.slug}/jobs/${careers.publicId}`), link.click()]);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.locator('script[type="application/ld+json"]').count()).toBe(1);
      await page.getByRole('heading', { name: 'Apply for this job' }).scrollIntoViewIfNeeded();
      await shot(page, 'job-page');

      // 3. Fill the form (JavaScript is off in this context: this is a plain form post).
      const email = `${unique('grace')}@example.test`;
      await page.locator('form.apply input[name=first_name]').fill('Grace');
      await page.locator('form.apply input[name=last_name]').fill('Hopper');
      await page.locator('form.apply input[name=email]').fill(email);
      await page.locator('form.apply input[name=phone]').fill('+49 30 1234567');
      await page.locator('form.apply textarea[name=resume_text]').fill('Compiler engineer: COBOL, FLOW-MATIC, 40 years of shipping software.');
      await page.locator('form.apply textarea[name=cover_letter]').fill('I would like to build your platform.');
      await shot(page, 'apply-form-filled');

      // 4. Submit: the server answers the confirmation page.
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/careers/${org.slug}/jobs/${careers.publicId}/apply`)),
        page.getByRole('button', { name: 'Submit application' }).click(),
      ]);
      expect(response.status()).toBe(201);
      await page.getByRole('heading', { level: 1, name: 'Thank you for applying' }).waitFor();
      await expect(page.locator('body').innerText()).resolves.toContain('has been received');
      await shot(page, 'confirmation');

      // 5. Through the API: the application is in the job's first stage, with the careers board as its source.
      const pipeline = await t.http().get(`/v1/jobs/${job.id}/pipeline`).set(bearer(recruiter));
      expect(pipeline.status).toBe(200);
      const firstStage = [...pipeline.body.stages].sort((a: { position: number }, b: { position: number }) => a.position - b.position)[0];
      const apps = await t.http().get(`/v1/jobs/${job.id}/applications`).set(bearer(recruiter));
      expect(apps.status).toBe(200);
      expect(apps.body.data).toHaveLength(1);
      expect(apps.body.data[0]).toMatchObject({ stageId: firstStage.id, source: 'careers', status: 'active' });
      expect(apps.body.data[0].candidateName).toMatch(/Grace/);
      expect(firstStage.activeCount).toBe(1);
    },
    LONG,
  );
  it(
    'is accessible (axe-core: no serious or critical findings), marks required fields, and a refused application moves focus to the error summary at the top',
    async () => {
      expect(careersPublicId).toBeDefined(); // published by the journey above
      const browser = await launchBrowser();
      const j = await Journey.start(browser, 'careers', baseUrl, { width: 390, height: 844 });
      try {
        const { page } = j;
        await page.goto(`/careers/${org.slug}`);
        await page.getByRole('heading', { level: 1, name: `Careers at ${org.name}` }).waitFor();
        await j.checkpoint('list-mobile');

        await page.goto(`/careers/${org.slug}/jobs/${careersPublicId}`);
        await page.getByRole('heading', { level: 1, name: title }).waitFor();
        // The stylesheet file applied (no inline style element): the Apply button at the top is styled as a button.
        const stylesheet = await page.evaluate(
          () => (globalThis as unknown as { document: { styleSheets: { href: string | null }[] } }).document.styleSheets[0]?.href ?? '',
        );
        expect(stylesheet).toContain('/careers/assets/careers.css');
        const apply = page.getByRole('link', { name: 'Apply', exact: true });
        expect(await apply.evaluate((a) => (globalThis as unknown as { getComputedStyle(e: unknown): { display: string } }).getComputedStyle(a).display)).toBe(
          'block',
        );
        // Required markers: each required field, the resume too, says so.
        for (const name of [/^First name\*? \(required\)/, /^Last name/, /^Email/, /^Resume/]) {
          await expect(
            page
              .getByLabel(name)
              .first()
              .evaluate((e) => e.closest('.field')?.querySelector('.req') !== null),
          ).resolves.toBe(true);
        }
        await j.checkpoint('job-mobile');

        await apply.click();
        await page.locator('form.apply input[name=last_name]').fill('Hopper');
        await page.locator('form.apply input[name=email]').fill('not-an-email');
        await Promise.all([
          page.waitForURL(`**/careers/${org.slug}/jobs/${careersPublicId}/apply`),
          page.getByRole('button', { name: 'Submit application' }).click(),
        ]);
        const summary = page.locator('.error-summary');
        await summary.waitFor();
        await expect(summary.evaluate((e) => e.ownerDocument.activeElement === e)).resolves.toBe(true);
        await expect(summary.innerText()).resolves.toMatch(/First name: Enter your first name\./);
        const box = await summary.boundingBox();
        expect(box!.y).toBeLessThan(844); // on the first screen, not below the fold
        await expect(page.locator('#f-email').getAttribute('aria-invalid')).resolves.toBe('true');
        await expect(page.locator('#e-email').innerText()).resolves.toMatch(/email address/);
        await expect(page.locator('#f-last_name').inputValue()).resolves.toBe('Hopper');
        // The summary's link takes the candidate to the field.
        await summary.getByRole('link', { name: /^First name/ }).click();
        await expect(
          page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id),
        ).resolves.toBe('f-first_name');
        await j.checkpoint('apply-errors-mobile');

        expect(j.violations).toEqual([]);
        expect(j.pageErrors).toEqual([]);
      } finally {
        await j.close();
        await browser.close();
      }
    },
    LONG,
  );
});
