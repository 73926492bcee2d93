/**
 * A new team's first day, in Debian's headless chromium through the UI only, against the real API, Postgres, Redis
 * and the postings worker: the admin creates a department and an office and invites a recruiter (reading the one-time
 * password from the screen); the recruiter signs in with it, chooses a password, creates a job from a template, edits
 * it, opens and posts it. axe-core runs on every screen; any serious or critical violation fails the test.
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { startTestApp, TestApp } from '../support/app.js';
import { bearer, makeOrg, TEST_PASSWORD, TestOrg, unique } from '../support/factories.js';
import { startTestWorker } from '../support/postings-fixtures.js';
import { Journey, launchBrowser } from '../web/browser.js';

const LONG = 240_000;

let t: TestApp;
let worker: INestApplicationContext;
let browser: Browser;
let baseUrl: string;
let org: TestOrg;
const journeys: Journey[] = [];

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  worker = await startTestWorker();
  browser = await launchBrowser();
  org = await makeOrg(t, { name: 'Porto Robotics' });
}, LONG);

afterAll(async () => {
  for (const j of journeys) await j.close().catch(() => undefined);
  await browser?.close();
  await worker?.close();
  await t?.close();
});

function expectClean(j: Journey) {
  expect(j.violations).toEqual([]);
  expect(j.pageErrors).toEqual([]);
}

test(
  'admin sets up a department, an office and a recruiter; the recruiter chooses a password, creates a job from a template, edits it and posts it',
  async () => {
    // --- the admin ---------------------------------------------------------------------------
    const admin = await Journey.start(browser, 'setup-admin', baseUrl);
    journeys.push(admin);
    await admin.signIn(org.admin.email, TEST_PASSWORD);
    const a = admin.page;
    await a.getByRole('link', { name: 'Administration' }).click();
    await a.getByRole('tab', { name: 'Departments and offices' }).click();
    await a.getByText('No departments yet').waitFor();
    await admin.checkpoint('units-empty');
    const department = unique('Robotics ');
    await a.getByRole('textbox', { name: /^New department/ }).fill(department);
    await a.getByRole('button', { name: 'Add department' }).click();
    await a.getByRole('cell', { name: department, exact: true }).waitFor();
    // An office with a country that is not a code: the sentence beside the field, nothing sent.
    await a.getByRole('textbox', { name: /^Office name/ }).fill('Porto');
    await a.getByRole('textbox', { name: /^City/ }).fill('Porto');
    await a.getByRole('textbox', { name: /^Region/ }).fill('Norte');
    await a.getByRole('textbox', { name: /^Country code/ }).fill('P1');
    await a.getByRole('button', { name: 'Add office' }).click();
    await a.getByText('Use the two-letter country code, such as DE for Germany.').waitFor();
    await admin.checkpoint('units-office-error');
    await a.getByRole('textbox', { name: /^Country code/ }).fill('PT');
    await a.getByRole('button', { name: 'Add office' }).click();
    await a.getByRole('cell', { name: 'Porto (Porto, PT)', exact: true }).waitFor();
    await admin.checkpoint('units-added');

    await a.getByRole('tab', { name: 'Users and roles' }).click();
    const email = `${unique('rita')}@example.test`;
    const invite = a.getByRole('form', { name: 'Invite a user' });
    await invite.getByRole('textbox', { name: /^Name/ }).fill('Rita Recruiter');
    await invite.getByRole('textbox', { name: /^Email/ }).fill(email);
    await invite.getByRole('button', { name: 'Invite' }).click();
    await a.getByRole('status').filter({ hasText: 'Rita Recruiter is invited' }).waitFor();
    // The invitation is emailed; the one-time password is the fallback the screen offers.
    const fallback = a.getByRole('button', { name: 'Show a one-time password instead' });
    if (await fallback.isVisible()) await fallback.click();
    const oneTime = (await a.getByTestId('one-time-password').innerText()).trim();
    expect(oneTime).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await a.getByRole('cell', { name: /Invited, has not signed in yet/ }).waitFor();
    await admin.checkpoint('user-invited');
    expectClean(admin);

    // --- the recruiter -----------------------------------------------------------------------
    const rec = await Journey.start(browser, 'setup-recruiter', baseUrl);
    journeys.push(rec);
    const r = rec.page;
    await r.goto('/app/');
    await r.locator('input[name=email]').fill(email);
    await r.locator('input[name=password]').fill(oneTime);
    await r.getByRole('button', { name: 'Sign in' }).click();
    await r.getByRole('heading', { name: 'Choose your password' }).waitFor();
    await r.getByLabel(/^One-time password/).fill(oneTime);
    await r.getByLabel(/^New password/).fill('rita-chose-this-1');
    await r.getByLabel(/^Repeat the new password/).fill('rita-chose-this-2');
    await r.getByRole('button', { name: 'Save my password' }).click();
    await r.getByText('The two passwords differ.').waitFor();
    await rec.checkpoint('choose-password-error');
    await r.getByLabel(/^Repeat the new password/).fill('rita-chose-this-1');
    await r.getByRole('button', { name: 'Save my password' }).click();
    await r.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await r.getByRole('heading', { name: 'Jobs' }).waitFor();
    await rec.checkpoint('jobs-empty');

    await r.getByRole('link', { name: 'New job' }).click();
    await r.getByRole('heading', { name: 'New job from a template' }).waitFor();
    // The company name comes from the organization; the title follows the template as it changes.
    await expect(r.getByRole('textbox', { name: /^Company Name/ }).inputValue()).resolves.toBe('Porto Robotics');
    const title = r.getByRole('textbox', { name: /^Job title/ });
    await expect(title.inputValue()).resolves.toMatch(/^Senior /);
    await r.getByLabel('Seniority', { exact: true }).first().click();
    await r.getByRole('option', { name: 'Mid-level' }).click();
    // The new template loads, then the title follows it (read until it does; waitForFunction is refused by the CSP).
    for (let i = 0; i < 150 && !(await title.inputValue()).startsWith('Mid'); i += 1) await r.waitForTimeout(100);
    await expect(title.inputValue()).resolves.toMatch(/^Mid/);
    await r.getByRole('textbox', { name: /^Salary Min/ }).fill('60000');
    await r.getByRole('textbox', { name: /^Salary Max/ }).fill('80000');
    // The preview is the page candidates see, not Markdown source.
    await r
      .getByRole('region', { name: /Preview of the job description/ })
      .locator('h2, h3, li')
      .first()
      .waitFor();
    // Create without a department: the sentence beside the field, which takes the focus.
    await r.getByRole('button', { name: 'Create draft job' }).click();
    await r.getByText('Choose the department this job belongs to, or add one.').waitFor();
    await expect(r.evaluate("document.activeElement && document.activeElement.getAttribute('aria-invalid')")).resolves.toBe('true');
    await rec.checkpoint('new-job-department-error');
    await r
      .getByLabel(/^Department/)
      .first()
      .click();
    await r.getByRole('option', { name: department }).click();
    // Offices by keyboard (the field sits under the sticky header after the scroll to the department).
    await r
      .getByLabel(/^Offices/)
      .first()
      .focus();
    await r.keyboard.type('Port');
    await r.getByRole('option', { name: /^Porto/ }).click();
    await r.keyboard.press('Escape');
    await rec.checkpoint('new-job-filled');
    await r.getByRole('button', { name: 'Create draft job' }).click();
    await r.getByRole('button', { name: 'Open job' }).waitFor();
    const jobId = r.url().split('/jobs/')[1];
    await rec.checkpoint('job-draft');

    await r.getByRole('link', { name: 'Edit job' }).click();
    await r.getByRole('heading', { name: /^Edit / }).waitFor();
    await rec.checkpoint('edit-job');
    await r.getByRole('textbox', { name: /^Job title/ }).fill('Robotics Backend Engineer');
    await r.getByRole('textbox', { name: /^Openings/ }).fill('2');
    await r.getByRole('button', { name: 'Save changes' }).click();
    await r
      .getByRole('heading', { name: /Robotics Backend Engineer/ })
      .first()
      .waitFor();
    const saved = await t.http().get(`/v1/jobs/${jobId}`).set(bearer(org.admin));
    expect(saved.body).toMatchObject({ title: 'Robotics Backend Engineer', openings: 2, status: 'draft' });

    await r.getByRole('button', { name: 'Open job' }).click();
    await r.getByRole('button', { name: 'Put on hold' }).waitFor();
    await r.getByRole('button', { name: 'Post to selected boards' }).click();
    await r.locator('[data-testid=posting-status-careers]', { hasText: 'live' }).waitFor({ timeout: 30000 });
    await rec.checkpoint('job-posted');
    await r.getByRole('link', { name: 'Jobs' }).click();
    await r.getByRole('cell', { name: '0 in process' }).waitFor();
    await r.mouse.move(900, 700); // not hovering the navigation link just clicked
    await rec.checkpoint('jobs-list');
    expectClean(rec);
  },
  LONG,
);
