/**
 * Browser journeys of the web app (apps/web, served by the API at /app) in Debian's headless chromium against the
 * real API, Postgres, Redis and the postings worker. Screenshots land in test-artifacts/web/; axe-core runs on every
 * screen visited and any serious or critical violation fails the suite.
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { startTestApp, TestApp } from '../support/app.js';
import { testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TEST_PASSWORD, TestOrg, TestUser, unique } from '../support/factories.js';
import { dateIn, daysFromNow, makeHiringJob } from '../support/offers-fixtures.js';
import { startFilesWorker } from '../support/files-fixtures.js';
import { startTestWorker } from '../support/postings-fixtures.js';
import { Journey, launchBrowser } from '../web/browser.js';
import { amendScorecard, decideAndDraftOffer, submitScorecard } from '../web/steps.js';

const LONG = 180_000;

let t: TestApp;
let worker: INestApplicationContext;
let filesWorker: INestApplicationContext;
let browser: Browser;
let baseUrl: string;
let org: TestOrg;
let recruiter: TestUser;
let manager: TestUser;
let interviewer: TestUser;
let interviewer2: TestUser;
const journeys: Journey[] = [];

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.getHttpServer().address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${address.port}`;
  worker = await startTestWorker();
  filesWorker = await startFilesWorker();
  browser = await launchBrowser();
  org = await makeOrg(t);
  recruiter = await makeUser(t, org, ['recruiter'], 'Rita Recruiter');
  manager = await makeUser(t, org, ['hiring_manager'], 'Hank Manager');
  interviewer = await makeUser(t, org, ['interviewer'], 'Ivy Interviewer');
  interviewer2 = await makeUser(t, org, ['interviewer'], 'Otto Other');
}, LONG);

afterAll(async () => {
  for (const j of journeys) await j.close().catch(() => undefined);
  await browser?.close();
  await worker?.close();
  await filesWorker?.close();
  await t?.close();
});

async function journey(name: string, user: TestUser, viewport?: { width: number; height: number }): Promise<Journey> {
  const j = await Journey.start(browser, name, baseUrl, viewport);
  journeys.push(j);
  await j.signIn(user.email, TEST_PASSWORD);
  return j;
}

function expectClean(j: Journey) {
  expect(j.violations).toEqual([]);
  expect(j.pageErrors).toEqual([]);
}

async function applyTo(jobId: string, firstName: string): Promise<{ id: string; candidateId: string }> {
  const res = await t
    .http()
    .post('/v1/applications')
    .set(bearer(recruiter))
    .send({ jobId, source: 'referral', candidate: { firstName, lastName: unique('Tester'), emails: [`${unique('cand')}@example.test`] } });
  expect(res.status).toBe(201);
  return { id: res.body.id, candidateId: res.body.candidateId };
}

test(
  '(1) a recruiter creates a job from a template, fixes a lint finding, opens and posts it, sees the careers page and moves an applicant across two stages',
  async () => {
    const dept = await t.http().post('/v1/departments').set(bearer(org.admin)).send({ name: 'Engineering' });
    expect(dept.status).toBe(201);
    const j = await journey('1-recruiter', recruiter);
    const page = j.page;
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    await j.checkpoint('jobs-list');

    await page.getByRole('link', { name: 'New job' }).click();
    await page.getByRole('heading', { name: 'New job from a template' }).waitFor();
    await page.getByRole('textbox', { name: /^Company Name/ }).fill('Acme Robotics');
    await page.getByRole('textbox', { name: /^Salary Min/ }).fill('60000');
    await page.getByRole('textbox', { name: /^Salary Max/ }).fill('110000');
    await page
      .getByRole('textbox', { name: /^Currency/ })
      .first()
      .fill('EUR');
    await page.getByRole('textbox', { name: /^Team Name/ }).fill('Rockstar Platform');
    // The live preview marks the exclusionary word at its span and lists the finding with the suggested fix.
    const finding = page.locator('[data-testid=findings] li[data-rule=exclusionary-language]').first();
    await finding.waitFor();
    await expect(finding.innerText()).resolves.toMatch(/Wording that may put people off/);
    await page.locator('.preview mark[data-rule=exclusionary-language]').first().waitFor();
    await j.checkpoint('new-job-lint-finding');
    // One click applies the suggested fix to the variable the word came from.
    await finding.getByRole('button', { name: /^Replace with/ }).click();
    await page
      .locator('.preview mark[data-rule=exclusionary-language]', { hasText: /rock ?star/i })
      .first()
      .waitFor({ state: 'detached' });
    expect(await page.getByRole('textbox', { name: /^Team Name/ }).inputValue()).toBe('Skilled engineer Platform');
    // Fix it.
    await page.getByRole('textbox', { name: /^Team Name/ }).fill('Platform');
    await finding.waitFor({ state: 'detached' });
    await j.checkpoint('new-job-fixed');

    await page
      .getByLabel(/^Department/)
      .first()
      .click();
    await page.getByRole('option', { name: 'Engineering' }).click();
    // The interview plan starts as the default; rename its second stage.
    const secondStage = page.getByRole('textbox', { name: /^Stage 2 Name/ });
    await expect(secondStage.inputValue()).resolves.toBe('Recruiter screen');
    await secondStage.fill('Phone screen');
    await j.checkpoint('new-job-interview-plan');
    await page.getByRole('button', { name: 'Create draft job' }).click();
    await page.getByRole('button', { name: 'Open job' }).waitFor();
    const jobId = page.url().split('/jobs/')[1];
    await page.getByTestId('interview-plan').getByText('Phone screen').waitFor();
    const created = await t.http().get(`/v1/jobs/${jobId}`).set(bearer(recruiter));
    expect(created.body.interviewPlan.map((s: { name: string }) => s.name)).toEqual([
      'Application review',
      'Phone screen',
      'Take-home exercise',
      'Technical interview',
      'System design',
      'Hiring manager conversation',
      'Offer',
      'Hired',
    ]);
    await j.checkpoint('job-draft');

    await page.getByRole('button', { name: 'Open job' }).click();
    await page.getByRole('button', { name: 'Put on hold' }).waitFor();
    await page.getByRole('button', { name: 'Post to selected boards' }).click();
    await page.locator('[data-testid=posting-status-careers]', { hasText: 'live' }).waitFor({ timeout: 30000 });
    await j.checkpoint('job-posted');
    // The close dialog: its close button is labelled (axe checks the open dialog); cancel keeps the job open.
    await page.getByRole('button', { name: 'Close job' }).click();
    await page
      .getByRole('dialog', { name: 'Close job' })
      .getByRole('textbox', { name: /^Reason/ })
      .waitFor();
    await j.checkpoint('close-job-dialog');
    await page.getByRole('button', { name: 'Cancel closing the job' }).click();
    await page.getByRole('dialog', { name: 'Close job' }).waitFor({ state: 'detached' });

    const careersLink = page.getByRole('region', { name: 'Postings' }).getByRole('link', { name: 'Careers page' });
    const href = await careersLink.getAttribute('href');
    const careers = await j.context.newPage();
    await careers.goto(href!);
    await expect(careers.content()).resolves.toContain('application/ld+json');
    await careers.getByRole('heading', { level: 1 }).first().waitFor();
    await careers.screenshot({ path: `test-artifacts/web/1-recruiter-careers-page.png`, fullPage: true });
    await careers.close();

    // An applicant, moved by drag from the first stage to the second, then with the card's Move to menu to the third.
    const applicant = await applyTo(jobId, 'Grace');
    await page.goto(`/app/jobs/${jobId}/pipeline`);
    const card = page.locator('[data-testid=board-card]', { hasText: 'Grace' });
    await card.waitFor();
    const columns = page.locator('section.board-column');
    const secondName = (await columns.nth(1).getAttribute('data-stage'))!;
    const thirdName = (await columns.nth(2).getAttribute('data-stage'))!;
    await j.checkpoint('pipeline-board');
    const handle = card.getByRole('button', { name: /Drag Grace/ });
    const from = (await handle.boundingBox())!;
    const to = (await columns.nth(1).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 20, from.y + 10, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 15 });
    await page.mouse.up();
    await page
      .getByTestId('board-message')
      .filter({ hasText: `moved to ${secondName}` })
      .waitFor();
    await columns.nth(1).locator('[data-testid=board-card]', { hasText: 'Grace' }).waitFor();

    await page.getByRole('combobox', { name: /Move Grace .* to/ }).selectOption({ label: thirdName });
    await page
      .getByTestId('board-message')
      .filter({ hasText: `moved to ${thirdName}` })
      .waitFor();
    await columns.nth(2).locator('[data-testid=board-card]', { hasText: 'Grace' }).waitFor();
    await j.checkpoint('pipeline-moved');

    const app = await t.http().get(`/v1/applications/${applicant.id}`).set(bearer(recruiter));
    expect(app.body.stageName).toBe(thirdName);
    expect(app.body.moves.filter((m: { kind: string }) => m.kind === 'moved')).toHaveLength(2);

    // The candidate profile: upload a resume file, then download it back with the token.
    await columns
      .nth(2)
      .locator('[data-testid=board-card]', { hasText: 'Grace' })
      .getByRole('link', { name: /^Grace/ })
      .click();
    const resume = page.getByRole('region', { name: 'Resume' });
    await resume.waitFor();
    await resume.locator('input[type=file]').setInputFiles({
      name: 'grace-resume.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Grace Tester\nRust, Postgres and distributed systems at scale.\n'),
    });
    await resume.getByRole('button', { name: 'Upload', exact: true }).click();
    await resume.getByText('File: grace-resume.txt').waitFor();
    await resume
      .getByText(/distributed systems at scale/)
      .first()
      .waitFor();
    await j.checkpoint('candidate-resume');
    const [download] = await Promise.all([page.waitForEvent('download'), resume.getByRole('button', { name: 'Download resume' }).click()]);
    expect(download.suggestedFilename()).toBe('grace-resume.txt');
    // Recruiters work the decision queue too.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Decision queue' }).click();
    await page.getByRole('heading', { name: 'Decision queue' }).waitFor();
    expectClean(j);
  },
  LONG,
);

async function kitAndInterview() {
  const job = await makeHiringJob(org.id, {
    team: [
      { userId: manager.id, role: 'hiring_manager' },
      { userId: recruiter.id, role: 'recruiter' },
      { userId: interviewer.id, role: 'interviewer' },
      { userId: interviewer2.id, role: 'interviewer' },
    ],
  });
  const applicant = await applyTo(job.id, 'Linus');
  const kits = await t.http().get('/v1/interview-kits?limit=100').set(bearer(recruiter));
  const kit = kits.body.data.find((k: { key: string }) => /rate-limiter/.test(k.key)) ?? kits.body.data[0];
  const interview = await t
    .http()
    .post(`/v1/applications/${applicant.id}/interviews`)
    .set(bearer(recruiter))
    .send({
      stageId: job.stages.review,
      kitId: kit.id,
      startsAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
      durationMinutes: 60,
      interviewerIds: [interviewer.id, interviewer2.id],
      videoUrl: 'https://meet.example.test/abc',
    });
  expect(interview.status).toBe(201);
  const detail = await t.http().get(`/v1/interview-kits/${kit.id}`).set(bearer(recruiter));
  return {
    job,
    applicant,
    interviewId: interview.body.id as string,
    competencies: detail.body.revision.content.competencies as { key: string; name: string }[],
  };
}

test(
  '(2) an interviewer opens the kit, fills a scorecard, leaves and finds the draft, submits, and only then sees the other scorecard',
  async () => {
    const { interviewId, competencies } = await kitAndInterview();
    // The other panelist submits first.
    const other = await t
      .http()
      .post(`/v1/interviews/${interviewId}/scorecard/submit`)
      .set(bearer(interviewer2))
      .send({
        ratings: competencies.map((c) => ({ competency: c.key, rating: 3 })),
        keyTakeaways: 'Solid reasoning about counters under contention.',
        overall: 'yes',
      });
    expect(other.status).toBe(200);

    const j = await journey('2-interviewer', interviewer, { width: 390, height: 844 });
    const page = j.page;
    await page.goto('/app/interviews');
    await page.getByTestId('interview-row').first().waitFor();
    await j.checkpoint('my-interviews');
    await page.getByTestId('interview-row').first().getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Competency rubric' }).waitFor();
    await j.checkpoint('kit');
    // Blind: nothing of the other scorecard before submitting.
    await expect(page.getByText('Solid reasoning about counters').count()).resolves.toBe(0);

    const first = competencies[0];
    await page.getByRole('radio', { name: new RegExp(`^${first.name}: 4 `) }).check();
    await page
      .getByRole('textbox', { name: new RegExp(`^Evidence for ${first.name}`) })
      .fill('Designed a sliding-window limiter and explained the Redis failure mode.');
    await page.getByRole('textbox', { name: 'Key takeaways' }).fill('Strong on failure modes.');
    await page.getByTestId('save-state').filter({ hasText: 'Draft saved' }).waitFor();
    await j.checkpoint('scorecard-draft');

    // Leave and come back: the draft is still there.
    await page.goto('/app/interviews');
    await page.getByTestId('interview-row').first().waitFor();
    await page.goto(`/app/interviews/${interviewId}`);
    await expect(page.getByRole('textbox', { name: 'Key takeaways' }).inputValue()).resolves.toBe('Strong on failure modes.');
    await expect(page.getByRole('radio', { name: new RegExp(`^${first.name}: 4 `) }).isChecked()).resolves.toBe(true);

    for (const c of competencies.slice(1)) await page.getByRole('radio', { name: new RegExp(`^${c.name}: 3 `) }).check();
    await page.locator('label', { hasText: /^Strong yes$/ }).click();
    await expect(page.getByRole('radio', { name: 'Strong yes' }).isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Submit scorecard' }).click();
    await page.getByRole('heading', { name: 'Your scorecard is submitted' }).waitFor();
    await page.getByTestId('other-scorecard').filter({ hasText: 'Solid reasoning about counters' }).waitFor();
    await j.checkpoint('submitted-panel');
    expectClean(j);
  },
  LONG,
);

test(
  '(3) a hiring manager reads the packet, decides to offer, and approves the offer',
  async () => {
    const job = await makeHiringJob(org.id, {
      team: [
        { userId: manager.id, role: 'hiring_manager' },
        { userId: recruiter.id, role: 'recruiter' },
      ],
    });
    const applicant = await applyTo(job.id, 'Barbara');
    const detail = await t.http().get(`/v1/applications/${applicant.id}`).set(bearer(recruiter));
    const moved = await t
      .http()
      .post(`/v1/applications/${applicant.id}/move`)
      .set(bearer(recruiter))
      .send({ toStageId: job.stages.technical, expectedVersion: detail.body.version });
    expect(moved.status).toBe(200);
    const chain = await t
      .http()
      .put('/v1/offer-settings')
      .set(bearer(org.admin))
      .send({ approvalChain: [{ role: 'hiring_manager' }] });
    expect(chain.status).toBe(200);

    const j = await journey('3-manager', manager);
    const page = j.page;
    await page.goto('/app/decisions');
    await page.getByRole('link', { name: /Barbara/ }).click();
    await page.getByRole('heading', { name: /Decision packet/ }).waitFor();
    await page.getByRole('region', { name: 'Scorecards' }).waitFor();
    await j.checkpoint('packet');

    await page.getByRole('radio', { name: 'Make an offer' }).check();
    await page.getByRole('textbox', { name: /^Rationale/ }).fill('Strong technical signal across the loop and a clear fit for the team.');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByRole('form', { name: 'Offer' }).waitFor();
    await page.getByRole('textbox', { name: /^Base salary/ }).fill('120000');
    await page.getByText(/offer inside the band/).waitFor();
    await j.checkpoint('offer-form');
    // The recruiter drafts and submits it (a drafter never approves their own offer); the hiring manager approves.
    const drafted = await t
      .http()
      .post(`/v1/applications/${applicant.id}/offers`)
      .set(bearer(recruiter))
      .send({ base: { amount: 120000, currency: 'EUR', period: 'YEAR' }, startDate: dateIn(40), expiresAt: daysFromNow(10) });
    expect(drafted.status).toBe(201);
    expect((await t.http().post(`/v1/offers/${drafted.body.id}/submit`).set(bearer(recruiter)).send({})).status).toBe(200);

    await page.getByRole('link', { name: 'Approvals' }).click();
    await page.getByRole('link', { name: /Barbara/ }).click();
    await page.getByRole('button', { name: 'Approve offer' }).waitFor();
    await j.checkpoint('offer-approval');
    await page.getByRole('button', { name: 'Approve offer' }).click();
    await page.getByTestId('offer-status').filter({ hasText: 'Approved' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'You approved the offer' }).waitFor();
    await j.checkpoint('offer-approved');
    const offers = await t.http().get(`/v1/applications/${applicant.id}/offers`).set(bearer(recruiter));
    expect(offers.body.data[0].status).toBe('approved');
    expectClean(j);
  },
  LONG,
);

test(
  '(4) an interviewer cannot reach any offer or compensation screen',
  async () => {
    const job = await makeHiringJob(org.id, { team: [{ userId: manager.id, role: 'hiring_manager' }] });
    const applicant = await applyTo(job.id, 'Edsger');
    const j = await journey('4-interviewer-blocked', interviewer);
    const page = j.page;
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    for (const hidden of ['Jobs', 'Candidates', 'Decision queue', 'Approvals', 'Administration']) {
      await expect(nav.getByRole('link', { name: hidden }).count()).resolves.toBe(0);
    }
    for (const path of [
      `/app/applications/${applicant.id}/packet`,
      '/app/approvals',
      '/app/decisions',
      `/app/offers/${applicant.id}`,
      `/app/jobs/${job.id}`,
      '/app/jobs/new',
      '/app/admin',
    ]) {
      await page.goto(path);
      await page.getByRole('alert').filter({ hasText: 'Not available for your role' }).waitFor();
      const text = await page.locator('body').innerText();
      expect(text).not.toMatch(/140,000|100,000|€|salary|Base salary/i);
    }
    await j.checkpoint('blocked');
    expectClean(j);
  },
  LONG,
);

test(
  '(5) an admin reads a notification from the bell, the reports with their tables, and sets the careers page colour',
  async () => {
    const db = await testDb();
    await db.query(`INSERT INTO notifications (organization_id, user_id, kind, payload) VALUES ($1, $2, 'scorecard_escalation', $3::jsonb)`, [
      org.id,
      org.admin.id,
      JSON.stringify({ candidateName: 'Jordan Applicant', jobTitle: 'Backend Engineer', owedBy: [{ id: interviewer.id, name: 'Ivy Interviewer' }] }),
    ]);
    const j = await journey('5-admin-reports', org.admin);
    const page = j.page;
    await page.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    const panel = page.getByRole('region', { name: 'Notifications' });
    await panel.getByText('Scorecards for Jordan Applicant for Backend Engineer are overdue: still owed by Ivy Interviewer.').waitFor();
    await j.checkpoint('notifications');
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByRole('button', { name: 'Notifications, none unread' }).waitFor();

    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('table', { name: /Candidates per stage/ }).waitFor();
    await page.mouse.move(1000, 10); // the pointer off the navigation: axe checks the screen, not a hover state
    await j.checkpoint('reports-hiring');
    await page.getByRole('tab', { name: 'Interviewer calibration' }).click();
    await page.getByRole('heading', { name: 'Interviewer calibration' }).waitFor();
    await j.checkpoint('reports-calibration');

    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('textbox', { name: /^Accent colour/ }).fill('#0b5cad');
    await page.getByRole('button', { name: 'Save careers page' }).click();
    await page.getByText('Saved.').waitFor();
    await j.checkpoint('careers-branding');
    const settings = await t.http().get('/v1/organization/settings').set(bearer(org.admin));
    expect(settings.body.accentColor).toBe('#0b5cad');
    expectClean(j);
  },
  LONG,
);

test(
  '(6) a recruiter schedules an interview with two interviewers from the profile; both submit, one amends; the hiring manager decides from the packet and drafts an offer with a bonus; an admin approves; the recruiter previews the letter and sends it',
  async () => {
    // Data the other screens would create: a job with its team, an applicant, the default approval chain.
    expect(
      (
        await t
          .http()
          .put('/v1/offer-settings')
          .set(bearer(org.admin))
          .send({ approvalChain: [{ role: 'hiring_manager' }, { role: 'admin' }] })
      ).status,
    ).toBe(200);
    const job = await makeHiringJob(org.id, {
      team: [
        { userId: manager.id, role: 'hiring_manager' },
        { userId: recruiter.id, role: 'recruiter' },
        { userId: interviewer.id, role: 'interviewer' },
        { userId: interviewer2.id, role: 'interviewer' },
      ],
    });
    const applicant = await applyTo(job.id, 'Margaret');
    const kits = await t.http().get('/v1/interview-kits?limit=100').set(bearer(recruiter));
    const kit = kits.body.data.find((k: { key: string }) => /rate-limiter/.test(k.key)) ?? kits.body.data[0];
    const kitDetail = await t.http().get(`/v1/interview-kits/${kit.id}`).set(bearer(recruiter));
    const competencies = kitDetail.body.revision.content.competencies as { key: string; name: string; rubric: string[] }[];

    // The recruiter schedules from the candidate profile.
    const r = await journey('6-recruiter', recruiter);
    let page = r.page;
    await page.goto(`/app/candidates/${applicant.candidateId}`);
    await page.getByRole('button', { name: 'Schedule an interview' }).click();
    const form = page.getByRole('form', { name: 'Schedule an interview' });
    await form.getByRole('combobox', { name: /^Stage/ }).selectOption({ label: 'Technical interview' });
    await form.getByRole('combobox', { name: /^Interview kit/ }).selectOption({ label: `${kit.title}${kit.builtIn ? ' (built-in)' : ''}` });
    await form.getByLabel(/^Interviewers/).click();
    await page.getByRole('option', { name: 'Ivy Interviewer' }).click();
    await page.getByRole('option', { name: 'Otto Other' }).click();
    await page.keyboard.press('Escape');
    await form.getByRole('textbox', { name: /^Video link/ }).fill('https://meet.example.test/margaret');
    await form.getByTestId('busy-row').nth(1).waitFor();
    await expect(form.getByTestId('busy-row').allInnerTexts()).resolves.toEqual(
      expect.arrayContaining([expect.stringMatching(/^Ivy Interviewer:/), expect.stringMatching(/^Otto Other:/)]),
    );
    await expect(form.getByText(/Your time zone:/).count()).resolves.toBe(1);
    await r.checkpoint('schedule-form');
    await form.getByRole('button', { name: 'Schedule interview' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Interview scheduled: .* with Ivy Interviewer and Otto Other/ })
      .waitFor();
    const row = page.getByTestId('candidate-interview');
    await row.getByRole('link', { name: 'Join the video call' }).waitFor();
    await expect(row.getByRole('link', { name: 'Join the video call' }).getAttribute('href')).resolves.toBe('https://meet.example.test/margaret');
    await row.getByText('Ivy Interviewer: interview not held yet').waitFor();
    await r.checkpoint('candidate-interviews');
    const listed = await t.http().get(`/v1/interviews?applicationId=${applicant.id}`).set(bearer(recruiter));
    expect(listed.body.data).toHaveLength(1);
    const interviewId = listed.body.data[0].id as string;
    expect(listed.body.data[0].interviewers.map((p: { name: string }) => p.name)).toEqual(['Ivy Interviewer', 'Otto Other']);
    expect(listed.body.data[0].kit.id).toBe(kit.id);

    // Both interviewers submit through the UI; Ivy then amends hers.
    async function scorecard(who: TestUser, name: string, level: number, overall: string) {
      const j = await journey(name, who);
      await j.page.goto(`/app/interviews/${interviewId}`);
      await j.page.getByRole('link', { name: 'Join the video call' }).waitFor();
      await submitScorecard(j, competencies, level, overall, {
        evidence: `${name}: designed a sliding-window limiter and explained its failure modes.`,
        takeaways: `${name} takeaway: calm under pressure.`,
      });
      return j;
    }
    const ivy = await scorecard(interviewer, '6-ivy', 3, 'Yes');
    const otto = await scorecard(interviewer2, '6-otto', 3, 'Yes');
    await amendScorecard(ivy, 'Strong yes', 'Re-read my notes: the design answer was stronger than I rated.');
    expectClean(ivy);
    expectClean(otto);

    // The hiring manager decides from the packet, then drafts an offer with a bonus and submits it.
    const m = await journey('6-manager', manager);
    page = m.page;
    await page.goto(`/app/applications/${applicant.id}/packet`);
    const scorecards = page.getByRole('region', { name: 'Scorecards' });
    await scorecards.getByRole('columnheader', { name: 'Ivy Interviewer' }).waitFor();
    await scorecards.getByRole('columnheader', { name: 'Otto Other' }).waitFor();
    await scorecards.getByRole('rowheader', { name: competencies[0].name }).first().waitFor();
    await scorecards.getByText(`Evidence: 6-otto: designed a sliding-window limiter`, { exact: false }).waitFor();
    await scorecards.getByText(`3 of 4 — ${competencies[0].rubric[2]}`, { exact: false }).first().waitFor();
    await scorecards.getByTestId('amended-mark').filter({ hasText: 'Re-read my notes' }).waitFor();
    await scorecards.getByText('6-ivy takeaway: calm under pressure.', { exact: false }).waitFor();
    await expect(scorecards.innerText()).resolves.not.toMatch(new RegExp(competencies[0].key));
    await page
      .getByRole('region', { name: 'Salary band' })
      .getByText(/€100,000 – €140,000 per year/)
      .waitFor();
    await page.getByRole('region', { name: 'Time in stages' }).waitFor();
    await page.getByRole('region', { name: 'Resume' }).waitFor();
    await expect(page.getByRole('radio', { name: 'Make an offer' }).isChecked()).resolves.toBe(false);
    await expect(page.getByRole('radio', { name: 'No hire' }).isChecked()).resolves.toBe(false);
    await m.checkpoint('packet');
    await decideAndDraftOffer(
      m,
      'Both interviewers saw strong design judgement and clear communication.',
      { baseSalary: '125000', bonus: '15000', bonusKind: 'signing' },
      /Offer submitted for approval: Org Admin approves first/,
    );
    const offers = await t.http().get(`/v1/applications/${applicant.id}/offers`).set(bearer(recruiter));
    const offerId = offers.body.data[0].id as string;
    expect(offers.body.data[0]).toMatchObject({ status: 'pending_approval', bonus: { amount: 15000, currency: 'EUR', kind: 'signing' } });
    // The drafter's own step went to the next approver: the hiring manager has nothing to approve.
    await page.goto(`/app/offers/${offerId}`);
    await page.getByText('You drafted this offer, so others approve it.').waitFor();
    await expect(page.getByRole('button', { name: 'Approve offer' }).count()).resolves.toBe(0);
    expectClean(m);

    // An admin approves from the inbox.
    const a = await journey('6-admin', org.admin);
    page = a.page;
    await page.goto('/app/approvals');
    await page.getByRole('link', { name: /Margaret/ }).click();
    await page.getByRole('heading', { name: /Offer to Margaret/ }).waitFor();
    const steps = page.getByTestId('approval-step');
    await expect(steps.count()).resolves.toBe(1);
    await expect(steps.first().innerText()).resolves.toMatch(/^1\s+Org Admin/);
    await a.checkpoint('offer-approval');
    await page.getByRole('button', { name: 'Approve offer' }).click();
    await page.getByRole('status').filter({ hasText: 'You approved the offer. Every approval is in' }).waitFor();
    await page.getByTestId('offer-status').filter({ hasText: 'Approved' }).waitFor();
    await a.checkpoint('offer-approved');
    expectClean(a);

    // The recruiter previews the letter and sends it.
    page = r.page;
    await page.goto(`/app/offers/${offerId}`);
    await page.getByRole('heading', { name: /Offer to Margaret/ }).waitFor();
    await page.getByText('Senior Backend Engineer', { exact: false }).first().waitFor();
    await page.getByText(/Job band: €100,000 – €140,000/).waitFor();
    await page.getByText(/Bonus: €15,000 \(signing\)/).waitFor();
    await page.getByRole('button', { name: 'Preview the letter' }).click();
    const letter = page.getByTestId('letter-preview');
    await letter.getByRole('heading', { name: /Offer of employment: Senior Backend Engineer/ }).waitFor();
    await expect(letter.innerText()).resolves.toMatch(/15,000 EUR \(signing\)/);
    await r.checkpoint('letter-preview');
    await page.getByRole('button', { name: 'Send offer' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /The offer letter is sent to Margaret/ })
      .waitFor();
    await page.getByTestId('offer-status').filter({ hasText: 'Sent to the candidate' }).waitFor();
    await r.checkpoint('offer-sent');
    expectClean(r);

    const final = await t.http().get(`/v1/offers/${offerId}`).set(bearer(recruiter));
    expect(final.body.status).toBe('sent');
    expect(final.body.letter.markdown).toContain('15,000 EUR (signing)');
    const cards = await t.http().get(`/v1/applications/${applicant.id}/scorecards`).set(bearer(recruiter));
    const ivyCard = cards.body.data.find((c: { interviewerId: string; current: boolean }) => c.interviewerId === interviewer.id && c.current);
    expect(ivyCard).toMatchObject({ amended: true, overall: 'strong_yes', correctionReason: 'Re-read my notes: the design answer was stronger than I rated.' });
  },
  LONG * 2,
);
