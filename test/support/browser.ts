import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium: Playwright's own browser download is not possible on the project's machines. */
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with apt-get install -y chromium (.ci/run does)`);
  // Tests run as root in CI containers, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

/** One person in their own browser context, with every console error and uncaught exception kept. */
export class PortalUser {
  readonly errors: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly baseUrl: string,
  ) {
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.errors.push(`console: ${msg.text()} (${msg.location().url})`);
    });
    page.on('pageerror', (err) => this.errors.push(`uncaught: ${err.message}`));
  }

  static async open(browser: Browser, baseUrl: string): Promise<PortalUser> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, reducedMotion: 'reduce' });
    return new PortalUser(context, await context.newPage(), baseUrl);
  }

  /** Signs in through the form, with the keyboard only. */
  async signIn(token: string, path = '/portal/catalogue'): Promise<void> {
    await this.page.goto(`${this.baseUrl}${path}`);
    await this.page.waitForURL(/\/portal\/signin/);
    await this.page.getByLabel('API token').focus();
    await this.page.keyboard.type(token);
    await this.page.keyboard.press('Enter');
    await this.page.waitForURL((url) => !url.pathname.endsWith('/signin'));
  }

  /** axe-core on the current page: the serious and critical violations, described. */
  async accessibilityProblems(): Promise<string[]> {
    const result = await new AxeBuilder({ page: this.page }).analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // Dates and times (class `volatile`) are masked, so that a later run writes the same image.
    const mask = [this.page.locator('.volatile')];
    await this.page.screenshot({
      path: join(SCREENSHOTS, `${name}.png`),
      fullPage: false,
      animations: 'disabled',
      caret: 'hide',
      mask,
      maskColor: '#d8dee4',
    });
  }

  /** One part of the page (e.g. the diff), however far down it is. */
  async screenshotOf(locator: Locator, name: string): Promise<void> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await locator.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: 'disabled', caret: 'hide' });
  }

  close(): Promise<void> {
    return this.context.close();
  }
}
