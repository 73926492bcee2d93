/**
 * Steps the browser journeys share, each through the UI only (no API calls): the admin's setup screens, an invited
 * person's first sign-in, the recruiter's job and board screens, the interviewer's scorecard, the offer screens.
 * Each step waits on what the screen shows (locators), never on a fixed delay.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { join } from 'node:path';
import { ARTIFACTS, Journey } from './browser.js';

/** A link of the main navigation; the pointer then leaves it (axe checks the screen, not the link's hover colours). */
export async function navigate(j: Journey, label: string): Promise<void> {
  await j.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: label }).click();
  await j.page.mouse.move(1000, 10);
}

export type RoleName = 'Admin' | 'Recruiter' | 'Hiring manager' | 'Interviewer';

/** Administration → Departments and offices: one department and one office (country as its two-letter code). */
export async function addDepartmentAndOffice(
  admin: Journey,
  department: string,
  office: { name: string; city: string; region: string; country: string },
): Promise<void> {
  const a = admin.page;
  await navigate(admin, 'Administration');
  await a.getByRole('tab', { name: 'Departments and offices' }).click();
  await a.getByRole('textbox', { name: /^New department/ }).waitFor();
  await admin.checkpoint('units');
  await a.getByRole('textbox', { name: /^New department/ }).fill(department);
  await a.getByRole('button', { name: 'Add department' }).click();
  await a.getByRole('cell', { name: department, exact: true }).waitFor();
  await a.getByRole('textbox', { name: /^Office name/ }).fill(office.name);
  await a.getByRole('textbox', { name: /^City/ }).fill(office.city);
  await a.getByRole('textbox', { name: /^Region/ }).fill(office.region);
  await a.getByRole('textbox', { name: /^Country code/ }).fill(office.country);
  await a.getByRole('button', { name: 'Add office' }).click();
  await a.getByRole('cell', { name: `${office.name} (${office.city}, ${office.country})`, exact: true }).waitFor();
  await admin.checkpoint('units-added');
}

/**
 * Administration → Users and roles: invites a person with the given roles and returns the one-time password the
 * screen shows once.
 */
export async function inviteUser(admin: Journey, person: { name: string; email: string; roles: RoleName[] }): Promise<string> {
  const a = admin.page;
  await navigate(admin, 'Administration');
  await a.getByRole('tab', { name: 'Users and roles' }).click();
  const invite = a.getByRole('form', { name: 'Invite a user' });
  await invite.getByRole('textbox', { name: /^Name/ }).fill(person.name);
  await invite.getByRole('textbox', { name: /^Email/ }).fill(person.email);
  for (const role of ['Admin', 'Recruiter', 'Hiring manager', 'Interviewer'] as const) {
    await invite.getByRole('checkbox', { name: role, exact: true }).setChecked(person.roles.includes(role));
  }
  await invite.getByRole('button', { name: 'Invite' }).click();
  await a
    .getByRole('status')
    .filter({ hasText: `${person.name} is invited` })
    .waitFor();
  // The invitation is emailed; the journey hands over the one-time password the screen offers as the fallback.
  const fallback = a.getByRole('button', { name: 'Show a one-time password instead' });
  if (await fallback.isVisible()) await fallback.click();
  const oneTime = (await a.getByTestId('one-time-password').innerText()).trim();
  await a
    .getByRole('row', { name: new RegExp(person.email.replace(/[.+]/g, '\\$&')) })
    .getByText('Invited, has not signed in yet')
    .waitFor();
  return oneTime;
}

/** An invited person's first sign-in: the one-time password, then a password of their own; lands on their home. */
export async function firstSignIn(browser: Browser, name: string, baseUrl: string, email: string, oneTime: string, password: string): Promise<Journey> {
  const j = await Journey.start(browser, name, baseUrl);
  const p = j.page;
  await p.goto('/app/');
  await p.locator('input[name=email]').fill(email);
  await p.locator('input[name=password]').fill(oneTime);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByRole('heading', { name: 'Choose your password' }).waitFor();
  await j.checkpoint('choose-password');
  await p.getByLabel(/^One-time password/).fill(oneTime);
  await p.getByLabel(/^New password/).fill(password);
  await p.getByLabel(/^Repeat the new password/).fill(password);
  await p.getByRole('button', { name: 'Save my password' }).click();
  await p.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  return j;
}

/**
 * One option of a Mantine Select/MultiSelect whose input is focused. ArrowDown opens the list as a person would; the
 * option is then chosen by a click on the option itself, and the choice is checked (the field shows it, or the option
 * is marked chosen), trying again if it did not take. Keyboard highlighting proved unreliable on a loaded 2-core
 * machine (the list re-renders under the arrow keys and resets the highlighted option), and a pointer click at screen
 * coordinates can land under the sticky header or on a list still in transition.
 */
export async function chooseOption(page: Page, input: Locator, name: string | RegExp, filter?: string): Promise<void> {
  const option = page.getByRole('option', typeof name === 'string' ? { name, exact: true } : { name });
  // Chosen: the option is marked as the field's value (MultiSelect, list still open), or the field shows it (Select).
  const chosen = async (timeout: number) => {
    const pattern =
      typeof name === 'string' ? { source: `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, flags: '' } : { source: name.source, flags: name.flags };
    const inField = input.evaluate(
      (el, p) =>
        new Promise<void>((resolve, reject) => {
          const until = Date.now() + p.timeout;
          const check = () => {
            if (new RegExp(p.source, p.flags).test((el as unknown as { value: string }).value)) resolve();
            else if (Date.now() > until) reject(new Error('not chosen'));
            else setTimeout(check, 100);
          };
          check();
        }),
      { ...pattern, timeout },
    );
    const marked = option.and(page.locator('[data-combobox-active]')).first().waitFor({ timeout });
    return Promise.any([inField, marked]).then(
      () => true,
      () => false,
    );
  };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    // Chosen already (a slow render caught up)? Clicking again would deselect it.
    if (attempt > 0 && (await chosen(1000))) return;
    // Open the list and wait for the option itself (its data may still be loading on a busy machine).
    if (!(await option.first().isVisible())) {
      // Mantine hides an open list (display: none) while its field is out of the viewport, e.g. pushed off the screen
      // by a layout shift after it was focused; the list then counts as open, so ArrowDown would only move the
      // highlight inside the hidden list. Bring the field back into view and close the list before opening it again.
      await input.scrollIntoViewIfNeeded().catch(() => undefined);
      if ((await input.getAttribute('aria-expanded').catch(() => null)) === 'true') await input.press('Escape');
      await input.focus();
      // Typed again on a retry: a filter typed while the list re-rendered can leave it empty (no option shown).
      if (filter && attempt > 0) {
        await input.fill('');
        await input.fill(filter);
      }
      await input.press('ArrowDown');
    }
    const shown = await option
      .first()
      .waitFor({ state: 'visible', timeout: attempt === 0 ? 60_000 : 15_000 })
      .then(() => true)
      .catch(() => false);
    if (!shown) continue;
    // The list can close under us (a re-render, focus moved): then open it again.
    const clicked = await option
      .first()
      .dispatchEvent('click', undefined, { timeout: 5000 })
      .then(() => true)
      .catch(() => false);
    if (!clicked) continue;
    if (await chosen(30_000)) return;
  }
  await page.screenshot({ path: join(ARTIFACTS, `choose-option-failed-${Date.now()}.png`), fullPage: true });
  // What the screen showed, so a failure on a CI machine (where the screenshot is not kept) says why.
  const value = await input.inputValue().catch((error: unknown) => `(unreadable: ${String(error)})`);
  const focused = await page.evaluate("document.activeElement?.outerHTML.slice(0, 160) ?? '(none)'").catch(() => '(unknown)');
  const expanded = await input.getAttribute('aria-expanded').catch(() => '(unreadable)');
  const box = await input.boundingBox().catch(() => null);
  const viewport = page.viewportSize();
  // Only a list that is open (Mantine's dropdown), not the options of native selects elsewhere on the screen.
  const offered = await page
    .locator('[role=listbox]:visible [role=option]')
    .allInnerTexts()
    .catch(() => []);
  throw new Error(
    `Could not choose the option ${String(name)}: the field shows ${JSON.stringify(value)}, the open list offers ${JSON.stringify(offered.slice(0, 20))} (aria-expanded ${String(expanded)}; the field at ${JSON.stringify(box)} in a viewport of ${JSON.stringify(viewport)}), focus is on ${String(focused)}`,
  );
}

/** A Select or MultiSelect (Mantine) by its label: types to filter when asked, picks each option, closes the list. */
export async function pickOptions(page: Page, label: RegExp, names: (string | RegExp)[], filter?: string): Promise<void> {
  const input = page.getByLabel(label).first();
  await input.focus();
  // fill, not key by key: under load a keystroke can land while the list re-renders and the filter comes out garbled.
  if (filter) await input.fill(filter);
  for (const name of names) await chooseOption(page, input, name, filter);
  await page.keyboard.press('Escape');
}

/** The job screen: open the job, post it to the careers page and wait until the posting is live. */
export async function openAndPost(rec: Journey): Promise<void> {
  const r = rec.page;
  await r.getByRole('button', { name: 'Open job' }).click();
  await r.getByRole('button', { name: 'Put on hold' }).waitFor();
  await r.getByRole('button', { name: 'Post to selected boards' }).click();
  await r.locator('[data-testid=posting-status-careers]', { hasText: 'live' }).waitFor({ timeout: 30000 });
  await rec.checkpoint('job-posted');
}

/** The pipeline board: the card's "Move to" menu, then the board's announcement and the card in its new column. */
export async function moveCardTo(rec: Journey, firstName: string, stage: string): Promise<void> {
  const r = rec.page;
  await r.getByRole('combobox', { name: new RegExp(`Move ${firstName} .* to`) }).selectOption({ label: stage });
  await r
    .getByTestId('board-message')
    .filter({ hasText: `moved to ${stage}` })
    .waitFor();
  await r.locator(`section.board-column[data-stage="${stage}"]`).locator('[data-testid=board-card]', { hasText: firstName }).waitFor();
}

/** The interviewer's scorecard: every competency at one level, evidence, takeaways, a recommendation; submits it. */
export async function submitScorecard(
  j: Journey,
  competencies: { name: string }[],
  level: number,
  overall: string,
  texts: { evidence: string; takeaways: string },
): Promise<void> {
  const p = j.page;
  await p.getByRole('heading', { name: 'Competency rubric' }).waitFor();
  for (const c of competencies) await p.getByRole('radio', { name: new RegExp(`^${c.name}: ${level} `) }).check();
  await p.getByRole('textbox', { name: new RegExp(`^Evidence for ${competencies[0].name}`) }).fill(texts.evidence);
  await p.getByRole('textbox', { name: 'Key takeaways' }).fill(texts.takeaways);
  await p.locator('label', { hasText: new RegExp(`^${overall}$`) }).click();
  await j.checkpoint('scorecard-filled');
  await p.getByRole('button', { name: 'Submit scorecard' }).click();
  const confirmation = p.getByTestId('scorecard-confirmation');
  await confirmation.getByText('Thank you: your scorecard is in.', { exact: false }).waitFor();
  // The confirmation is in view and focused, not off-screen; what was submitted is shown read-only.
  await expect(confirmation.evaluate((el) => el === el.ownerDocument.activeElement)).resolves.toBe(true);
  const box = (await confirmation.boundingBox())!;
  expect(box.y).toBeLessThan(p.viewportSize()?.height ?? 900);
  expect(box.y + 20).toBeGreaterThan(0);
  await p.getByTestId('scorecard-view').getByText(texts.takeaways).waitFor();
  await j.checkpoint('scorecard-submitted');
}

/** A submitted scorecard amended: a new recommendation and the reason, then the amended mark. */
export async function amendScorecard(j: Journey, overall: string, reason: string): Promise<void> {
  const p = j.page;
  await p.getByRole('button', { name: 'Amend your scorecard' }).click();
  await p.getByRole('form', { name: 'Amend your scorecard' }).waitFor();
  await p.locator('label', { hasText: new RegExp(`^${overall}$`) }).click();
  await p.getByRole('textbox', { name: /^Why do you amend it/ }).fill(reason);
  await j.checkpoint('amend-form');
  await p.getByRole('button', { name: 'Save the amendment' }).click();
  await p.getByText('Your amendment is saved.', { exact: false }).waitFor();
  await p
    .getByTestId('scorecard-view')
    .getByTestId('amended-mark')
    .filter({ hasText: reason.slice(0, 20) })
    .waitFor();
  await j.checkpoint('amended');
}

/** The decision packet: "Make an offer" with a rationale, then a draft offer with a bonus, submitted for approval. */
export async function decideAndDraftOffer(
  m: Journey,
  rationale: string,
  offer: { baseSalary: string; bonus: string; bonusKind: string },
  submittedTo: RegExp,
): Promise<void> {
  const page = m.page;
  await page.getByRole('radio', { name: 'Make an offer' }).check();
  await page.getByRole('textbox', { name: /^Rationale/ }).fill(rationale);
  await page.getByRole('button', { name: 'Record decision' }).click();
  await page.getByRole('form', { name: 'Offer' }).waitFor();
  await page.getByRole('textbox', { name: /^Base salary/ }).fill(offer.baseSalary);
  await page.getByRole('textbox', { name: /^Bonus amount/ }).fill(offer.bonus);
  await page.getByRole('textbox', { name: 'Kind of bonus' }).fill(offer.bonusKind);
  await m.checkpoint('offer-form');
  await page.getByRole('button', { name: 'Create draft offer' }).click();
  await page.getByRole('status').filter({ hasText: 'The offer is drafted.' }).waitFor();
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await page.getByRole('status').filter({ hasText: submittedTo }).waitFor();
  await m.checkpoint('offer-submitted');
}
