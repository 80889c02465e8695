import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

/**
 * Browser tests of the console: Chromium driven by playwright-core, headless, with a fresh profile. Which Chromium and
 * which fonts were found once for the run by `test/browser-setup.ts` (the system's, or the one inside an npm package).
 * Screenshots go to `test-results/console/` (git-ignored); axe-core runs inside the page.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
export const SHOTS = path.join(ROOT, 'test-results', 'console');

export const DESKTOP = { width: 1366, height: 768 };
export const MOBILE = { width: 390, height: 844 };

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'sifpm-chromium-'));
  const browser = inject('browser');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browser.executablePath,
    env: { ...process.env, FONTCONFIG_FILE: browser.fontconfigFile },
    headless: true,
    viewport: DESKTOP,
    locale: 'zh-CN',
    // The browser's own zone differs from Asia/Shanghai on purpose: the console must not depend on it.
    timezoneId: 'Europe/London',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // axe-core goes in before the page's own scripts, through the browser's debugging protocol: the console's CSP
  // (script-src 'self') stays in force and would refuse a script tag added by the test.
  await context.addInitScript({ path: AXE });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  mkdirSync(SHOTS, { recursive: true });
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** One full-page screenshot per page at desktop and phone size. */
export async function screenshots(page: Page, name: string): Promise<void> {
  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['mobile', MOBILE],
  ] as const) {
    await page.setViewportSize(viewport);
    // no layout breakage: nothing wider than the viewport (wide tables scroll inside their own box)
    await expect
      .poll(() => page.evaluate('document.documentElement.scrollWidth'), { message: `${name} at ${size}` })
      .toBeLessThanOrEqual(viewport.width);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${size}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core on the page as it stands: no serious or critical violation. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const violations = (await page.evaluate(
    'window.axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)',
  )) as AxeViolation[];
  const severe = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(severe, `accessibility of ${name}`).toEqual([]);
}

/** Build the console if its sources are newer than `web/dist` (npm test builds it first anyway). */
export async function ensureBuilt(): Promise<void> {
  const index = path.join(ROOT, 'web', 'dist', 'index.html');
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
      const p = path.join(dir, e.name);
      return Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }, 0);
  const sources = Math.max(
    newest(path.join(ROOT, 'web', 'src')),
    newest(path.join(ROOT, 'web', 'public')),
    statSync(path.join(ROOT, 'web', 'index.html')).mtimeMs,
    statSync(path.join(ROOT, 'web', 'vite.config.ts')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'web', 'vite.config.ts'), logLevel: 'warn' });
}

/**
 * Signs in the real way as `userId` (signing out first if someone is signed in): the console's sign-in page, the local
 * OpenID provider's login page, back through `/auth/callback`.
 */
export async function signIn(page: Page, url: string, userId: string): Promise<void> {
  if (await page.getByRole('button', { name: '退出登录' }).isVisible()) await signOut(page, url);
  else await page.goto(`${url}/signin`);
  await page.getByRole('button', { name: '前往登录' }).click();
  await pickPerson(page, userId);
  await page.getByTestId('whoami').waitFor();
}

/** The local OpenID provider's login page lists the whole directory: seconds on a loaded machine. */
const PROVIDER_PAGE = { timeout: 60_000 };

/** Waits for the local OpenID provider's login page (after 前往登录). */
export async function atProviderLogin(page: Page): Promise<void> {
  await page.waitForURL((u) => u.pathname.startsWith('/local/interaction/'), PROVIDER_PAGE);
}

/** On the local OpenID provider's login page: find `userId` and sign in as them; back in the console. */
export async function pickPerson(page: Page, userId: string): Promise<void> {
  await atProviderLogin(page);
  await page.getByLabel('搜索').fill(userId);
  await page.getByRole('button', { name: '筛选' }).click();
  await page.locator(`button[data-user-id="${userId}"]`).click(PROVIDER_PAGE);
  await page.waitForURL((u) => !/^\/(local|auth)\//.test(u.pathname), PROVIDER_PAGE);
}

/** Signs out through the console's button: the provider ends its session and sends the browser back to `/signin`. */
export async function signOut(page: Page, url: string): Promise<void> {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(`${url}/signin`);
  await page.getByRole('button', { name: '前往登录' }).waitFor();
}
