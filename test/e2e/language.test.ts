import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { languageProblems } from '../helpers/language.ts';
import { IN_TIME_FOR_2025, runningClock, startSystem, type TestSystem } from '../helpers/local.ts';
import { guidingDraft, issueToRegions } from '../helpers/targets.ts';
import { type Browser, ensureBuilt, openBrowser, signIn, signOut } from './browser.ts';

/**
 * Every page in zh-CN, read as a Chinese reader reads it (issue 16, point 5): signed in as a central, a provincial
 * and a regional person (and signed out), every route of `web/src/routes.tsx`, the mailbox, the public pages, the
 * not-found page and a task page; `document.body.innerText` must hold no English word outside the allow-list
 * (`test/helpers/language.ts`), no ISO timestamp and no space between Chinese and digits. Passages marked as another
 * language (`lang="en"`: the language switch, the English half of a mail) and `<code>` references are not Chinese text.
 * The state is prepared over the API (a kickoff, one province's targets issued to a region); this is not a journey.
 */
const YEAR = 2025;
const CENTRAL = 'finance.100000';
const GD = '440000';
const GZ = '440100';
const PROVINCE = `finance.${GD}`;
const REGION = `medsec-agency.${GZ}`;
const DRAFTER = `hrss-agency.${GD}`;
const APP = ' · 社会保险基金预算绩效管理';

/** The page's Chinese text once it has stopped changing: nothing loading, and the same text twice in a row. */
async function chineseText(page: Page): Promise<string> {
  await page.locator('main h1').first().waitFor({ timeout: 60_000 });
  await expect.poll(() => page.locator('.loading').count(), { timeout: 60_000 }).toBe(0);
  let last = '';
  await expect
    .poll(
      async () => {
        const now = (await page.evaluate(`(() => {
          let text = document.body.innerText;
          for (const el of document.querySelectorAll('[lang]:not([lang^="zh"]), code')) {
            const own = el.innerText;
            if (own) text = text.split(own).join(' ');
          }
          return text;
        })()`)) as string;
        const same = now === last;
        last = now;
        return same;
      },
      { timeout: 60_000, interval: 500 },
    )
    .toBe(true);
  return last;
}

describe('the console in zh-CN: no English, raw codes or ISO timestamps on any page', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  let taskLink = '';
  let restoreClock: (() => void) | undefined;
  const visited = new Set<string>();

  beforeAll(async () => {
    await ensureBuilt();
    restoreClock = runningClock(IN_TIME_FOR_2025); // the kickoff refuses deadlines already past
    sys = await startSystem();
    // the state the pages show: a kicked-off year, one province's target issued down to a region
    const started = await sys.call('POST', '/api/cycles', {
      as: CENTRAL,
      body: { year: YEAR, targetsDue: '2026-05-30' },
    });
    expect(started.status).toBe(202);
    await vi.waitFor(
      async () => expect((await sys.call('GET', `/api/cycles/${YEAR}`, { as: CENTRAL })).body.phase).toBe('targets'),
      { timeout: 180_000, interval: 500 },
    );
    await sys.settled();
    // what people write is Chinese too (the helper's default goals carry an English gloss)
    await issueToRegions(sys, YEAR, GD, 'EBMI', [GZ], { ...guidingDraft('EBMI'), goals: ['按指导性目标执行'] });
    await sys.settled();
    const mail = (await sys.mail()).find(
      (m) => m.to.includes(`${DRAFTER}@sifpm.example.cn`) && m.links.some((l) => l.includes('/tasks/')),
    );
    taskLink = new URL(mail?.links.find((l) => l.includes('/tasks/')) ?? '').pathname;
    expect(taskLink).toMatch(/^\/tasks\//);
    browser = await openBrowser();
    page = browser.page;
  }, 600_000);
  afterAll(async () => {
    restoreClock?.();
    await browser?.close();
    await sys?.close();
  });

  /** Opens `path` and fails on what a Chinese reader should not meet, in the page and in its title. */
  async function check(who: string, path: string, route: string) {
    await page.goto(`${sys.url}${path}`);
    const text = await chineseText(page);
    const title = await page.title();
    visited.add(route);
    expect(languageProblems(text), `${who} ${path}`).toEqual([]);
    expect(languageProblems(title), `${who} ${path}: document.title “${title}”`).toEqual([]);
    expect(title.endsWith(APP), `${who} ${path}: document.title “${title}”`).toBe(true);
    return { text, title };
  }

  it('signed out: sign-in (also after a task link), public disclosure, mailbox, not found', async () => {
    await check('anonymous', '/signin', '/signin');
    const forTask = await check('anonymous', `/signin?next=${encodeURIComponent(taskLink)}`, '/signin');
    expect(forTask.text).toContain('您打开的是邮件中的待办事项链接');
    await check('anonymous', '/public', '/public');
    await check('anonymous', `/public/${YEAR}`, '/public/:year');
    await check('anonymous', '/mailbox', '/mailbox');
    await check('anonymous', '/no-such-page', '*');
    // the callback without its parameters says the sign-in did not complete, in Chinese
    await check('anonymous', '/auth/callback', '/auth/callback');
  }, 300_000);

  it('central: home, dashboard, a province, a region, the directory, a task, the mailbox', async () => {
    await signIn(page, sys.url, CENTRAL);
    await check(CENTRAL, '/', '/');
    await check(CENTRAL, '/central', '/central');
    await check(CENTRAL, `/central?cycle=${YEAR}`, '/central');
    const province = await check(CENTRAL, `/province?org=${GD}`, '/province');
    expect(province.title).toBe(`省级工作台 · 广东省${APP}`);
    const region = await check(CENTRAL, `/region?org=${GZ}`, '/region');
    expect(region.title).toBe(`统筹地区工作台 · 广州市${APP}`);
    await check(CENTRAL, '/directory', '/directory');
    await check(CENTRAL, taskLink, '/tasks/:actionId');
    await check(CENTRAL, '/mailbox', '/mailbox');
    await check(CENTRAL, '/public', '/public');
    for (const path of ['/central/targets', '/central/monitoring', '/central/assessments', '/central/publication'])
      await check(CENTRAL, path, path);
    for (const path of ['/overviews/monitoring', '/overviews/completeness', '/risk', '/rules'])
      await check(CENTRAL, path, path);
    await check(CENTRAL, `/overviews/regions?org=${GD}`, '/overviews/regions');
  }, 300_000);

  it('a refused field is marked where it is: the kickoff year left empty', async () => {
    await page.goto(`${sys.url}/central`);
    await page.getByRole('button', { name: '启动年度工作' }).click();
    const dialog = page.getByRole('dialog', { name: '启动年度预算绩效管理工作' });
    const year = dialog.getByLabel('预算年度');
    await year.fill('');
    await dialog.getByRole('button', { name: /^确认启动/ }).click();
    await expect.poll(() => year.getAttribute('aria-invalid')).toBe('true');
    const message = dialog.getByTestId('field-error-year');
    expect(await message.textContent()).toMatch(/^年度须在/);
    // the input names its message, which stands next to it; the focus is on the input
    const describedBy = (await year.getAttribute('aria-describedby')) ?? '';
    expect(describedBy.split(' ')).toContain(await message.getAttribute('id'));
    expect(await page.evaluate('document.activeElement?.id')).toBe(await year.getAttribute('id'));
    expect(await dialog.getByRole('alert').textContent()).toMatch(
      /^有1处填写有误，已在对应栏目下标出。（代码：VALIDATION_FAILED）$/,
    );
    await dialog.getByRole('button', { name: '取消' }).click();
  }, 120_000);

  it('province: its view, its own workspace (titled as its own), the directory, a task for another group', async () => {
    await page.goto(`${sys.url}/`);
    await signOut(page, sys.url);
    await signIn(page, sys.url, PROVINCE);
    await check(PROVINCE, '/', '/');
    await check(PROVINCE, '/province', '/province');
    await check(PROVINCE, `/province?region=${GZ}`, '/province');
    const own = await check(PROVINCE, '/region', '/region');
    expect(own.title).toBe(`本级工作台 · 广东省${APP}`);
    expect(await page.locator('main h1').first().textContent()).toMatch(/^本级工作台/);
    await check(PROVINCE, '/directory', '/directory');
    const notYours = await check(PROVINCE, taskLink, '/tasks/:actionId');
    expect(notYours.text).toContain('此任务不属于您');
    expect(notYours.text).toMatch(/此事项由广东省人力资源社会保障经办机构（填报）办理/);
    await check(PROVINCE, '/central', '/central'); // not for its tier: said in Chinese
    for (const path of [
      '/province/own',
      '/province/targets',
      '/province/decompose',
      '/province/budget',
      '/province/delegations',
      '/province/report',
      '/province/publication',
      '/overviews/regions',
      '/risk',
      '/rules',
    ])
      await check(PROVINCE, path, path);
    await check(PROVINCE, '/delegated', '/delegated');
    await check(PROVINCE, '/results', '/results');
  }, 300_000);

  it('region: its workspace, the directory, a task link that leads nowhere, the mailbox', async () => {
    await page.goto(`${sys.url}/`);
    await signOut(page, sys.url);
    await signIn(page, sys.url, REGION);
    await check(REGION, '/', '/');
    const region = await check(REGION, '/region', '/region');
    expect(region.title).toBe(`统筹地区工作台 · 广州市${APP}`);
    await check(REGION, `/region?cycle=${YEAR}`, '/region');
    await check(REGION, '/directory', '/directory');
    await check(REGION, '/tasks/aZ09-not-a-real-action', '/tasks/:actionId');
    await check(REGION, '/mailbox', '/mailbox');
    await check(REGION, '/province', '/province'); // not for its tier
  }, 300_000);

  it('the drafter’s own task page', async () => {
    await page.goto(`${sys.url}/`);
    await signOut(page, sys.url);
    await signIn(page, sys.url, DRAFTER);
    const task = await check(DRAFTER, taskLink, '/tasks/:actionId');
    expect(task.title).toMatch(/^待办任务 · 广东省2025年度/);
  }, 300_000);

  it('visited every route of the route table', () => {
    // the route table's paths, read from its source (the console's modules are not for Node)
    const table = readFileSync(new URL('../../web/src/routes.tsx', import.meta.url), 'utf8');
    const paths = [...table.matchAll(/\bpath: '([^']+)'/g)].map((m) => m[1] ?? '');
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((p) => !visited.has(p))).toEqual([]);
  });
});
