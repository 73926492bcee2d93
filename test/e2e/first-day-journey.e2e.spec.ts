/**
 * A team's first day as one story, in Debian's headless chromium against the real API, Postgres, Redis and the
 * postings worker, on an organization that did not exist before the test: the admin sets up a department and an
 * office and invites a recruiter, a hiring manager and two interviewers (each signs in with the one-time password
 * the admin's screen shows and chooses a password); the recruiter creates a job from a template, edits it (title,
 * openings, hiring team), opens and posts it; a candidate applies on the public careers page found from the posting;
 * the recruiter moves the card and schedules an interview with the two interviewers; both submit scorecards and one
 * amends; the recruiter moves the card to the hiring manager's stage; the hiring manager decides from the packet and
 * drafts an offer with a bonus; the admin approves; the recruiter previews the letter and sends it.
 *
 * Everything happens through the UI, from the sign-up screen that creates the organization and its first admin. The one
 * exception: the admin's email address is marked confirmed by a fixture (what opening the emailed link does; the
 * account pages' own tests open it), since no mail worker runs here. axe-core runs on every screen visited; any
 * serious or critical violation fails the test.
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import { rateLimiterDesignKit } from '../../libs/interviews/src/library/kits/rate-limiter-design.kit.js';
import { startTestApp, TestApp } from '../support/app.js';
import { testDb } from '../support/db.js';
import { confirmEmailOf, unique } from '../support/factories.js';
import { startTestWorker } from '../support/postings-fixtures.js';
import { freePort, Journey, launchBrowser } from '../web/browser.js';
import {
  addDepartmentAndOffice,
  amendScorecard,
  decideAndDraftOffer,
  firstSignIn,
  inviteUser,
  moveCardTo,
  navigate,
  openAndPost,
  pickOptions,
  submitScorecard,
} from '../web/steps.js';

const LONG = 420_000;

let t: TestApp;
let worker: INestApplicationContext;
let browser: Browser;
let baseUrl: string;
const journeys: Journey[] = [];

beforeAll(async () => {
  // The careers page's links and its apply form's action are absolute: the API must know its own address.
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  t = await startTestApp({ PUBLIC_BASE_URL: baseUrl });
  await t.app.listen({ port, host: '127.0.0.1' });
  worker = await startTestWorker({ PUBLIC_BASE_URL: baseUrl });
  browser = await launchBrowser();
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

const KIT = rateLimiterDesignKit;

test(
  'first day on a new organization, through the UI: setup, invitations, a job posted, an application from the careers page, an interview with two scorecards (one amended), a decision, an offer with a bonus approved and sent',
  async () => {
    const people = {
      recruiter: { name: 'Rita Recruiter', email: `${unique('rita')}@example.test`, roles: ['Recruiter'] as const },
      manager: { name: 'Hank Manager', email: `${unique('hank')}@example.test`, roles: ['Hiring manager'] as const },
      ivy: { name: 'Ivy Interviewer', email: `${unique('ivy')}@example.test`, roles: ['Interviewer'] as const },
      otto: { name: 'Otto Other', email: `${unique('otto')}@example.test`, roles: ['Interviewer'] as const },
    };

    // --- the admin creates the organization from the sign-in page ------------------------------
    const admin = await Journey.start(browser, 'first-day-admin', baseUrl);
    journeys.push(admin);
    const a = admin.page;
    const adminEmail = `${unique('ada')}@example.test`;
    const slug = unique('lisbon-robotics-');
    await a.goto('/app/');
    await a.getByRole('link', { name: 'Create an organization' }).click();
    await a.getByRole('heading', { name: 'Create your organization' }).waitFor();
    await a.getByRole('textbox', { name: /^Organization name/ }).fill('Lisbon Robotics');
    await expect(a.getByRole('textbox', { name: /^Web address/ }).inputValue()).resolves.toBe('lisbon-robotics');
    await a.getByRole('textbox', { name: /^Web address/ }).fill(slug);
    await a.getByRole('textbox', { name: /^Your name/ }).fill('Ada Admin');
    await a.getByRole('textbox', { name: /^Your work email/ }).fill(adminEmail);
    await a.getByLabel(/^New password/).fill('ada-chose-this-password');
    await a.getByLabel(/^Repeat the new password/).fill('ada-chose-this-password');
    await admin.checkpoint('create-organization');
    await a.getByRole('button', { name: 'Create organization' }).click();
    await a.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await a.getByText('Lisbon Robotics').first().waitFor();
    // What opening the confirmation link does (inviting people needs a confirmed address), then the screens again.
    const [created]: { id: string; organization_id: string }[] = await (
      await testDb()
    ).query(`SELECT id, organization_id FROM users WHERE email = $1`, [adminEmail]);
    await confirmEmailOf(t, created.organization_id, created.id);
    await a.reload();
    await a.getByRole('heading', { name: 'Jobs' }).waitFor();
    await admin.checkpoint('jobs-empty');
    const department = unique('Robotics ');
    await addDepartmentAndOffice(admin, department, { name: 'Lisbon', city: 'Lisbon', region: 'Lisboa', country: 'PT' });
    const oneTime: Record<keyof typeof people, string> = { recruiter: '', manager: '', ivy: '', otto: '' };
    for (const key of Object.keys(people) as (keyof typeof people)[]) {
      const person = people[key];
      oneTime[key] = await inviteUser(admin, { ...person, roles: [...person.roles] });
      expect(oneTime[key]).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    }
    await admin.checkpoint('users-invited');
    expectClean(admin);

    // --- each invited person signs in once and chooses a password ----------------------------
    const sign = async (key: keyof typeof people) => {
      const j = await firstSignIn(browser, `first-day-${key}`, baseUrl, people[key].email, oneTime[key], `${key}-chose-this-password`);
      journeys.push(j);
      return j;
    };
    const rec = await sign('recruiter');
    const manager = await sign('manager');
    const ivy = await sign('ivy');
    const otto = await sign('otto');

    // --- the recruiter creates a job from a template, edits it and posts it -------------------
    const r = rec.page;
    await r.getByRole('heading', { name: 'Jobs' }).waitFor();
    await rec.checkpoint('jobs-empty');
    await r.getByRole('link', { name: 'New job' }).click();
    await r.getByRole('heading', { name: 'New job from a template' }).waitFor();
    await expect(r.getByRole('textbox', { name: /^Company Name/ }).inputValue()).resolves.toBe('Lisbon Robotics');
    await r.getByRole('textbox', { name: /^Salary Min/ }).fill('60000');
    await r.getByRole('textbox', { name: /^Salary Max/ }).fill('80000');
    await pickOptions(r, /^Department/, [department]);
    await pickOptions(r, /^Offices/, [/^Lisbon/], 'Lis');
    await rec.checkpoint('new-job-filled');
    await r.getByRole('button', { name: 'Create draft job' }).click();
    await r.getByRole('button', { name: 'Open job' }).waitFor();
    await rec.checkpoint('job-draft');

    await r.getByRole('link', { name: 'Edit job' }).click();
    await r.getByRole('heading', { name: /^Edit / }).waitFor();
    await r.getByRole('textbox', { name: /^Job title/ }).fill('Robotics Backend Engineer');
    await r.getByRole('textbox', { name: /^Openings/ }).fill('2');
    await pickOptions(r, /^Recruiters/, [people.recruiter.name]);
    await pickOptions(r, /^Hiring managers/, [people.manager.name]);
    await pickOptions(r, /^Interviewers/, [people.ivy.name, people.otto.name]);
    await rec.checkpoint('edit-job');
    await r.getByRole('button', { name: 'Save changes' }).click();
    await r
      .getByRole('heading', { name: /Robotics Backend Engineer/ })
      .first()
      .waitFor();
    await openAndPost(rec);

    // --- a candidate finds the careers page from the posting and applies ----------------------
    const href = await r.getByRole('region', { name: 'Postings' }).getByRole('link', { name: 'Careers page' }).getAttribute('href');
    expect(href).toMatch(/^\/careers\//);
    const candidate = await Journey.start(browser, 'first-day-candidate', baseUrl);
    journeys.push(candidate);
    const c = candidate.page;
    await c.goto(href!);
    await c.getByRole('heading', { level: 1, name: 'Robotics Backend Engineer' }).waitFor();
    await candidate.checkpoint('careers-job');
    await c.getByRole('link', { name: 'Apply', exact: true }).click();
    await c.getByLabel(/^First name/).fill('Margaret');
    await c.getByLabel(/^Last name/).fill('Hamilton');
    await c.getByLabel(/^Email/).fill(`${unique('margaret')}@example.test`);
    await c.getByLabel(/^Or paste your resume/).fill('Margaret Hamilton\nFlight software, Apollo guidance computer, error recovery under load.');
    await candidate.checkpoint('careers-apply-filled');
    await c.getByRole('button', { name: 'Submit application' }).click();
    await c.getByRole('heading', { level: 1, name: 'Thank you for applying' }).waitFor();
    await candidate.checkpoint('careers-applied');
    expectClean(candidate);

    // --- the recruiter moves the card and schedules an interview with both interviewers -------
    await r.getByRole('link', { name: 'Pipeline board' }).click();
    const card = r.locator('[data-testid=board-card]', { hasText: 'Margaret' });
    await card.waitFor();
    await rec.checkpoint('pipeline-board');
    await moveCardTo(rec, 'Margaret', 'Recruiter screen');
    await rec.checkpoint('pipeline-moved');

    await card.getByRole('link', { name: /^Margaret/ }).click();
    await r.getByRole('button', { name: 'Schedule an interview' }).click();
    const form = r.getByRole('form', { name: 'Schedule an interview' });
    await form.getByRole('combobox', { name: /^Stage/ }).selectOption({ label: 'Technical interview' });
    await form.getByRole('combobox', { name: /^Interview kit/ }).selectOption({ label: `${KIT.title} (built-in)` });
    await form.getByLabel(/^Interviewers/).click();
    await r.getByRole('option', { name: people.ivy.name }).click();
    await r.getByRole('option', { name: people.otto.name }).click();
    await r.keyboard.press('Escape');
    await form.getByRole('textbox', { name: /^Video link/ }).fill('https://meet.example.test/margaret');
    await form.getByTestId('busy-row').nth(1).waitFor();
    await rec.checkpoint('schedule-form');
    await form.getByRole('button', { name: 'Schedule interview' }).click();
    await r
      .getByRole('status')
      .filter({ hasText: new RegExp(`Interview scheduled: .* with ${people.ivy.name} and ${people.otto.name}`) })
      .waitFor();
    await r.getByTestId('candidate-interview').getByText(`${people.ivy.name}: interview not held yet`).waitFor();
    await rec.checkpoint('candidate-interviews');

    // --- both interviewers submit from "My interviews"; Ivy amends hers ------------------------
    const scorecard = async (j: Journey, level: number, overall: string) => {
      const p = j.page;
      await navigate(j, 'My interviews');
      await p.getByTestId('interview-row').filter({ hasText: 'Margaret' }).waitFor();
      await j.checkpoint('my-interviews');
      await p.getByTestId('interview-row').filter({ hasText: 'Margaret' }).getByRole('link').first().click();
      await submitScorecard(j, KIT.competencies, level, overall, {
        evidence: `${j.name}: designed a sliding-window limiter and explained its failure modes.`,
        takeaways: `${j.name} takeaway: calm under pressure.`,
      });
    };
    await scorecard(ivy, 3, 'Yes');
    await scorecard(otto, 3, 'Yes');
    const reason = 'Re-read my notes: the design answer was stronger than I rated.';
    await amendScorecard(ivy, 'Strong yes', reason);
    expectClean(ivy);
    expectClean(otto);

    // --- the recruiter moves the card to the hiring manager's stage ----------------------------
    await navigate(rec, 'Jobs');
    await r.getByRole('cell', { name: '1 in process' }).waitFor();
    await rec.checkpoint('jobs-list');
    await r.getByRole('link', { name: 'Pipeline of Robotics Backend Engineer' }).click();
    await card.waitFor();
    await moveCardTo(rec, 'Margaret', 'Hiring manager conversation');

    // --- the hiring manager decides from the packet and drafts an offer with a bonus -----------
    const m = manager.page;
    await navigate(manager, 'Decision queue');
    await m.getByRole('link', { name: /Margaret/ }).click();
    const scorecards = m.getByRole('region', { name: 'Scorecards' });
    await scorecards.getByRole('columnheader', { name: people.ivy.name }).waitFor();
    await scorecards.getByRole('columnheader', { name: people.otto.name }).waitFor();
    await scorecards.getByTestId('amended-mark').filter({ hasText: 'Re-read my notes' }).waitFor();
    await scorecards.getByText(`3 of 4 — ${KIT.competencies[0].rubric[2]}`, { exact: false }).first().waitFor();
    await m
      .getByRole('region', { name: 'Resume' })
      .getByText(/Apollo guidance computer/)
      .waitFor();
    await m
      .getByRole('region', { name: 'Salary band' })
      .getByText(/60,000 – .*80,000/)
      .waitFor();
    await manager.checkpoint('packet');
    await decideAndDraftOffer(
      manager,
      'Both interviewers saw strong design judgement and clear communication.',
      { baseSalary: '72000', bonus: '5000', bonusKind: 'signing' },
      /Offer submitted for approval: Ada Admin approves first/,
    );
    expectClean(manager);

    // --- the admin approves from the inbox -----------------------------------------------------
    await navigate(admin, 'Approvals');
    await a.getByRole('link', { name: /Margaret/ }).click();
    await a.getByRole('heading', { name: /Offer to Margaret/ }).waitFor();
    await admin.checkpoint('offer-approval');
    await a.getByRole('button', { name: 'Approve offer' }).click();
    await a.getByRole('status').filter({ hasText: 'You approved the offer. Every approval is in' }).waitFor();
    await a.getByTestId('offer-status').filter({ hasText: 'Approved' }).waitFor();
    await admin.checkpoint('offer-approved');
    expectClean(admin);

    // --- the recruiter previews the letter and sends it ----------------------------------------
    await navigate(rec, 'Candidates');
    await r.getByRole('searchbox', { name: 'Search candidates' }).fill('Margaret');
    await r
      .getByRole('link', { name: /Margaret/ })
      .first()
      .click();
    await r.getByRole('link', { name: 'Decision packet' }).click();
    await r
      .getByRole('region', { name: 'Offers' })
      .getByRole('link', { name: /^Offer of / })
      .click();
    await r.getByRole('heading', { name: /Offer to Margaret/ }).waitFor();
    await r.getByText(/Bonus: .*5,000 \(signing\)/).waitFor();
    await r.getByRole('button', { name: 'Preview the letter' }).click();
    const letter = r.getByTestId('letter-preview');
    await letter.getByRole('heading', { name: /Offer of employment: Robotics Backend Engineer/ }).waitFor();
    await expect(letter.innerText()).resolves.toMatch(/5,000 \w+ \(signing\)/);
    await rec.checkpoint('letter-preview');
    await r.getByRole('button', { name: 'Send offer' }).click();
    await r
      .getByRole('status')
      .filter({ hasText: /The offer letter is sent to Margaret/ })
      .waitFor();
    await r.getByTestId('offer-status').filter({ hasText: 'Sent to the candidate' }).waitFor();
    await rec.checkpoint('offer-sent');
    expectClean(rec);
  },
  LONG,
);
