import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'web');

/** A free loopback port: the API must know its own public URL (absolute links and the form action) before it listens. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Debian's chromium, headless, with no network of its own (see .ci/run, which installs it when missing). */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
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
}

export interface AxeViolation {
  screen: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** One browser context per user, recording CSP violations, page errors and serious/critical axe findings. */
export class Journey {
  readonly violations: AxeViolation[] = [];
  readonly pageErrors: string[] = [];
  private constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  static async start(browser: Browser, name: string, baseUrl: string, viewport = { width: 1280, height: 900 }): Promise<Journey> {
    const context = await browser.newContext({ viewport, baseURL: baseUrl });
    const page = await context.newPage();
    const journey = new Journey(name, context, page, baseUrl);
    page.on('pageerror', (e) => journey.pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) journey.pageErrors.push(m.text());
    });
    page.setDefaultTimeout(30000); // generous: CI machines have two cores shared by the API, the worker, Postgres and chromium
    return journey;
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.page.goto('/app/');
    await this.page.locator('input[name=email]').fill(email);
    await this.page.locator('input[name=password]').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await this.page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  }

  /** Screenshot as a test artifact, and axe-core on the screen as it is now. */
  async checkpoint(screen: string): Promise<void> {
    await this.page.waitForLoadState('networkidle').catch(() => undefined);
    // Colours are checked once transitions have settled (a modal fading in is not yet its final contrast). An
    // evaluated function, not waitForFunction: its polling evaluates strings, which the page's CSP refuses.
    await this.page
      .evaluate(() => {
        const page = globalThis as unknown as { document: { getAnimations(): { finished: Promise<unknown> }[] }; setTimeout(fn: () => void, ms: number): void };
        // At most 3 s: an endless animation (a spinner) must not hold the check.
        return Promise.race([
          Promise.all(page.document.getAnimations().map((a) => a.finished)),
          new Promise((resolve) => page.setTimeout(() => resolve(null), 3000)),
        ]);
      })
      .catch(() => undefined);
    await this.page.screenshot({ path: join(ARTIFACTS, `${this.name}-${screen}.png`), fullPage: true });
    const hasAxe = await this.page.evaluate("typeof window.axe !== 'undefined'");
    if (!hasAxe) await this.page.evaluate(AXE_SOURCE);
    const results = await this.page.evaluate<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }>(
      "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] })",
    );
    for (const v of results.violations) {
      if (v.impact === 'serious' || v.impact === 'critical') {
        this.violations.push({ screen, id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) });
      }
    }
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
