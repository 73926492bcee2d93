/**
 * A large pipeline board stays light: with 2,000 applications the counts cover them all while only the first page of
 * each column is in the DOM. (Its time to interactive is measured by `npm run bench -- web`, never asserted here.)
 * The applications are inserted as rows; the board loads them through the API like any user.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startTestApp, TestApp } from '../support/app.js';
import { testDb } from '../support/db.js';
import { makeOrg, makeUser, TEST_PASSWORD } from '../support/factories.js';
import { makeHiringJob } from '../support/offers-fixtures.js';
import { ARTIFACTS, Journey, launchBrowser } from '../web/browser.js';

const LONG = 240_000;
const APPLICATIONS = 2000;

let t: TestApp;
let browser: Browser;
let baseUrl: string;
let journey: Journey | undefined;

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, LONG);

afterAll(async () => {
  await journey?.close().catch(() => undefined);
  await browser?.close();
  await t?.close();
});

/** Navigates to the board and waits until it is usable: every column rendered, its first page of cards shown, a drag handle ready. */
async function openBoard(j: Journey, jobId: string, expectCards: boolean): Promise<void> {
  const page = j.page;
  await page.goto(`/app/jobs/${jobId}/pipeline`);
  await page.locator('section.board-column').first().waitFor();
  if (expectCards)
    await page
      .locator('[data-testid=board-card]')
      .first()
      .getByRole('button', { name: /^Drag / })
      .waitFor();
  await page
    .getByRole('status')
    .filter({ hasText: /Loading/ })
    .first()
    .waitFor({ state: 'detached' });
}

test(
  `a pipeline board with ${APPLICATIONS} applications counts them all but renders only the first page of each column`,
  async () => {
    const org = await makeOrg(t);
    const recruiter = await makeUser(t, org, ['recruiter'], 'Bench Recruiter');
    const empty = await makeHiringJob(org.id, { team: [{ userId: recruiter.id, role: 'recruiter' }] });
    const full = await makeHiringJob(org.id, { team: [{ userId: recruiter.id, role: 'recruiter' }] });
    const db = await testDb();
    await db.query(
      `WITH c AS (
       INSERT INTO candidates (organization_id, first_name, last_name, emails, source)
       SELECT $1, 'Bench', 'Applicant ' || n, ARRAY['bench' || n || '@example.test'], 'referral' FROM generate_series(1, $2) AS n
       RETURNING id, last_name)
     INSERT INTO applications (organization_id, candidate_id, job_id, stage_id, source, applied_at, stage_entered_at)
     SELECT $1, c.id, $3, CASE WHEN right(c.last_name, 1) IN ('0', '1', '2') THEN $5::uuid ELSE $4::uuid END, 'referral',
            now() - (random() * interval '30 days'), now() - (random() * interval '20 days')
       FROM c`,
      [org.id, APPLICATIONS, full.id, full.stages.review, full.stages.technical],
    );

    journey = await Journey.start(browser, 'large-board', baseUrl);
    await journey.signIn(recruiter.email, TEST_PASSWORD);
    await openBoard(journey, empty.id, false);
    expect(await journey.page.locator('[data-testid=board-card]').count()).toBe(0);
    await openBoard(journey, full.id, true);
    const counts = await journey.page.getByTestId('stage-count').allInnerTexts();
    const rendered = await journey.page.locator('[data-testid=board-card]').count();
    await journey.page.screenshot({ path: join(ARTIFACTS, 'board-2000.png') });

    // The counts cover every application; only the first page of each column is in the DOM.
    expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(APPLICATIONS);
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThanOrEqual(100);
    expect(journey.pageErrors).toEqual([]);
  },
  LONG,
);
