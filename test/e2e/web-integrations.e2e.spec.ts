/**
 * The admin screens for API keys and webhooks in Debian's headless chromium against the real API, Postgres, Redis and
 * the webhooks worker, with a real receiver on loopback. axe-core runs on every screen; a serious or critical
 * violation fails the test.
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count } from '../support/db.js';
import { bearer, makeOrg, TEST_PASSWORD, TestOrg, unique } from '../support/factories.js';
import { waitFor } from '../support/postings-fixtures.js';
import { Receiver, startReceiver, startWebhooksWorker } from '../support/webhooks-fixtures.js';
import { Journey, launchBrowser } from '../web/browser.js';

const LONG = 180_000;

let t: TestApp;
let worker: INestApplicationContext;
let browser: Browser;
let baseUrl: string;
let org: TestOrg;
let receiver: Receiver;
let j: Journey;

beforeAll(async () => {
  t = await startTestApp({ EGRESS_ALLOWLIST: '127.0.0.1' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  worker = await startWebhooksWorker();
  browser = await launchBrowser();
  org = await makeOrg(t);
  receiver = await startReceiver();
  j = await Journey.start(browser, 'integrations-admin', baseUrl);
  await j.signIn(org.admin.email, TEST_PASSWORD);
}, LONG);

afterAll(async () => {
  await j?.close().catch(() => undefined);
  await browser?.close();
  await receiver?.close();
  await worker?.close();
  await t?.close();
  await closeTestDb();
});

test(
  'an admin creates an API key with two permissions, copies it once, sees it listed and revokes it',
  async () => {
    const page = j.page;
    // The navigation offers the screen; opened by address so the pointer does not rest on the link (hover is no finding of this screen).
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'API keys' }).waitFor();
    await page.goto('/app/integrations/api-keys');
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await j.checkpoint('api-keys-empty');
    // Nothing chosen: the form says so beside the permissions and sends nothing.
    await page.getByRole('textbox', { name: /^Name/ }).fill('HR system sync');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByText('Choose at least one permission').waitFor();
    expect(await count('api_keys', 'organization_id = $1', [org.id])).toBe(0);
    await page.getByRole('checkbox', { name: 'See jobs, postings and job setup' }).check();
    await page.getByRole('checkbox', { name: 'See candidates' }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('heading', { name: 'Copy your new key now' }).waitFor();
    const key = (await page.getByLabel('The new API key').textContent())?.trim() ?? '';
    expect(key).toMatch(/^hl_[0-9A-Za-z]{43}$/);
    await j.checkpoint('api-key-created');
    expect(
      (
        await t
          .http()
          .get('/v1/jobs')
          .set({ authorization: `Bearer ${key}` })
      ).status,
    ).toBe(200);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    const row = page.getByRole('row', { name: /HR system sync/ });
    await row.getByText('See candidates').waitFor();
    // Codes never reach the screen: permissions read as sentences.
    expect(await page.locator('main').textContent()).not.toContain('candidates:read');
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Revoke the key HR system sync' }).click();
    await page.getByText('The key “HR system sync” was revoked.').waitFor();
    expect(
      (
        await t
          .http()
          .get('/v1/jobs')
          .set({ authorization: `Bearer ${key}` })
      ).status,
    ).toBe(401);
    expect(j.violations).toEqual([]);
    expect(j.pageErrors).toEqual([]);
  },
  LONG,
);

test(
  'an admin adds a webhook (test message received, secret shown once), reads its deliveries, sends one again, replays a window and rotates the secret',
  async () => {
    const page = j.page;
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Webhooks' }).waitFor();
    await page.goto('/app/integrations/webhooks');
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    await j.checkpoint('webhooks-empty');
    await page.getByRole('textbox', { name: /^Receiver address/ }).fill(receiver.url);
    await page.getByRole('textbox', { name: /^Description/ }).fill('HR system');
    await page.getByRole('checkbox', { name: /^Everything/ }).uncheck();
    await page.getByRole('checkbox', { name: 'Candidate added' }).check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByText('A test message reached your receiver.').waitFor();
    expect(receiver.received.map((r) => r.body.type)).toEqual(['ping']);
    await j.checkpoint('webhook-added');
    await page.getByRole('button', { name: 'I have stored the secret' }).click();

    const candidate = await t
      .http()
      .post('/v1/candidates')
      .set(bearer(org.admin))
      .send({ firstName: 'Ada', lastName: 'Lovelace', emails: [`${unique('ada')}@example.test`] });
    expect(candidate.status).toBe(201);
    await waitFor(
      () => Promise.resolve(receiver.events().length),
      (n) => n === 1,
      60000,
      'the candidate event',
    );

    await page.getByRole('link', { name: 'HR system' }).click();
    await page.getByRole('heading', { name: 'HR system' }).waitFor();
    await page.getByRole('cell', { name: 'Candidate added' }).first().waitFor();
    await j.checkpoint('webhook-detail');
    await page.getByRole('button', { name: /^Send again: “Candidate added” from / }).click();
    await page.getByText('“Candidate added” will be sent again.').waitFor();
    await waitFor(
      () => Promise.resolve(receiver.events().length),
      (n) => n === 2,
      60000,
      'the redelivery',
    );
    expect(receiver.events()[1].headers['webhook-id']).toBe(receiver.events()[0].headers['webhook-id']);

    const hourAgo = new Date(Date.now() - 3600_000);
    const local = new Date(hourAgo.getTime() - hourAgo.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.getByLabel(/^From/).fill(local);
    await page.getByRole('button', { name: 'Send again', exact: true }).click();
    await page.getByText('One event will be sent again.').waitFor();
    await waitFor(
      () => Promise.resolve(receiver.events().length),
      (n) => n === 3,
      60000,
      'the replay',
    );

    await page.getByRole('button', { name: 'Rotate the signing secret' }).click();
    await page.getByRole('heading', { name: 'New signing secret' }).waitFor();
    await j.checkpoint('webhook-rotated');
    expect(await page.locator('main').textContent()).not.toMatch(/candidate\.created|delivered\b|pending\b/);
    expect(j.violations).toEqual([]);
    expect(j.pageErrors).toEqual([]);
  },
  LONG,
);
