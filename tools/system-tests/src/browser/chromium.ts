import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`, which `.ci/run` does): no browser is downloaded. */
export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a headless Chromium on a machine with no network but loopback, as root. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestChromium {
  /** A new browser profile (its own cookies): one signed-in person. */
  person(): Promise<BrowserContext>;
  close(): Promise<void>;
}

export const launchChromium = async (): Promise<TestChromium> => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run installs it)`);
  const profiles: { context: BrowserContext; dir: string }[] = [];
  return {
    async person() {
      const dir = mkdtempSync(join(tmpdir(), 'digit-chromium-'));
      const context = await chromium.launchPersistentContext(dir, {
        executablePath: CHROMIUM,
        headless: true,
        args: FLAGS,
        viewport: { width: 1400, height: 900 },
        locale: 'fr-FR',
        timezoneId: 'Europe/Paris',
      });
      profiles.push({ context, dir });
      return context;
    },
    async close() {
      for (const { context, dir } of profiles) {
        await context.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
};

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: readonly string[];
}

/**
 * axe-core on the page as it stands, WCAG 2.1 A and AA rules (what RGAA follows): the serious and
 * critical violations. axe is evaluated through the debugging protocol, so the page's content
 * security policy stays as served.
 */
export const seriousViolations = async (page: Page): Promise<AxeViolation[]> => {
  await page.evaluate(AXE_SOURCE);
  // A string, run in the page: axe and the document are the browser's.
  const violations = await page.evaluate<AxeViolation[]>(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((node) => node.target.join(' ')) })))`);
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
};

/** Where the test writes its screenshots (`DASHBOARD_SCREENSHOTS`, default `tmp/screenshots`); the README's are copied from there. */
export const SCREENSHOTS = process.env.DASHBOARD_SCREENSHOTS ?? join(process.cwd(), 'tmp', 'screenshots');

/** The whole page at 1400 px, then at a phone's width (390 px). */
export const screenshots = async (page: Page, name: string): Promise<void> => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-1400.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-390.png`), fullPage: true });
  await page.setViewportSize({ width: 1400, height: 900 });
};
