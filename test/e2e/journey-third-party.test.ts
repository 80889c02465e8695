import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runningClock, startSystem, type TestSystem } from '../helpers/local.ts';
import { type Browser, ensureBuilt, expectAccessible, openBrowser, screenshots, signIn } from './browser.ts';
import { centralOpensEvaluations, provinceDelegates, regionSelfEvaluates } from './steps.ts';

/**
 * The third party's journey (第十七条, issue 16), in the browser and signed in the real way: 广东's finance has
 * delegated the provincial review of 广州's 职工基本医疗 self-evaluation to 广东's third party for 30 days; the third
 * party lands on its own page, sees only that item, opens the review task from its mail, reviews it within the window,
 * and once the window has closed (the clock moved) sees the item no longer.
 *
 * It starts from the scenario `targets-issued`; the other roles' steps after the budget year are taken in the same
 * browser, signed in as their people, by the steps of `./steps.ts`: central's opening of the evaluation phase,
 * 广州's figures, report and sign-off (looked at closely by journey-region.test.ts) and the province's delegation (by
 * the province's journey). This file calls the API only to move the clock.
 */
const YEAR = 2026;
const THIRD_PARTY = 'third-party.440000';
const GD = '440000';
const GZ = '440100';
const WAIT = { timeout: 60_000 };

describe('journey: a third party reviews only what a province delegated to it, within the window', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  let restoreClock: (() => void) | undefined;
  const moveTo = async (iso: string) => {
    restoreClock?.();
    restoreClock = runningClock(iso);
    await sys.local.scheduler.check();
    await sys.settled();
  };
  const shot = async (n: string, step: string) => {
    await screenshots(page, `journey-third-party-${n}-${step}`);
    await expectAccessible(page, `journey-third-party ${n} ${step}`);
  };

  beforeAll(async () => {
    await ensureBuilt();
    restoreClock = runningClock('2026-01-20T10:00:00+08:00');
    sys = await startSystem({ scenario: { name: 'targets-issued', year: YEAR } });
    await moveTo('2027-01-05T10:00:00+08:00'); // the budget year is over
    browser = await openBrowser();
    page = browser.page;
    // the machine is loaded: the provider's login page lists the whole directory, pages wait on workflows
    page.setDefaultTimeout(60_000);
    // a national kickoff alone takes 30–120 s on a loaded 2-core machine
  }, 600_000);
  afterAll(async () => {
    restoreClock?.();
    await browser?.close();
    await sys?.close();
  });

  it('00 the other roles’ steps before it, in the browser: central opens the phase, 广州 self-evaluates, 广东 delegates', async () => {
    const w = { page, url: sys.url, settled: sys.settled };
    await centralOpensEvaluations(w);
    await regionSelfEvaluates(w, GZ, 'EBMI');
    await provinceDelegates(w, GD, GZ, 'EBMI', '2027-02-04'); // the window ends on 4 February 2027
  }, 600_000);

  it('01 signed in, the third party lands on its own page and sees only the delegated item', async () => {
    await signIn(page, sys.url, THIRD_PARTY);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/delegated');
    await page.getByRole('heading', { level: 1, name: /受托评价事项/ }).waitFor();
    // its navigation offers only what it may use: its own page and the pages for everyone, no provincial workbench
    expect(await page.getByRole('navigation').getByRole('link').allTextContents()).toEqual([
      '信息公开',
      '受托评价事项',
      '本地邮箱',
    ]);
    const rows = page.getByTestId('delegated-items').locator('tbody tr');
    await expect.poll(() => rows.count(), WAIT).toBe(1);
    expect(await rows.first().getAttribute('data-org')).toBe('440100');
    expect(await rows.first().getByRole('rowheader').textContent()).toBe('广州市');
    const cells = await rows.first().locator('td').allTextContents();
    expect(cells.slice(0, 2)).toEqual(['职工基本医疗保险（含生育保险）基金', '已报送']);
    expect(cells[3]).toMatch(/^2027\D+0?2\D+0?4\D+\d\d:\d\d$/); // the window's end, 30 days on, Beijing time
    await page
      .getByTestId('third-party-tasks')
      .getByText(/广州市/)
      .waitFor(WAIT);
    await shot('01', 'delegated-items');
  });

  it('02 it opens the review task from its mail and reviews the item within the window', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '本地邮箱' }).click();
    await page.getByLabel('按主题或收件人筛选').fill(THIRD_PARTY);
    const mail = page.getByRole('article').filter({ hasText: /评价广州市2026年度职工基本医疗.*绩效自评/ });
    await expect.poll(() => mail.count(), WAIT).toBe(1);
    await mail.getByRole('link', { name: /^打开链接：.*\/tasks\// }).click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/tasks\//);
    await page.getByRole('heading', { level: 2, name: '待您处理' }).waitFor(WAIT);
    expect(await page.getByTestId('task-item-status').textContent()).toBe('已报送');
    await page.getByTestId('task-item').getByTestId('score-card').waitFor();
    await page.getByRole('radio', { name: '确认' }).check();
    await page.getByLabel('改进建议（每行一条）').fill('加强征缴扩面\n规范待遇支付审核');
    await shot('02', 'review-task');
    await page.getByRole('button', { name: '提交决定' }).click();
    await page.getByRole('heading', { level: 2, name: '已提交' }).waitFor(WAIT);
    await expect.poll(() => page.getByTestId('task-item-status').textContent(), WAIT).toBe('已评价');

    await sys.settled();
    await page.getByRole('navigation').getByRole('link', { name: '受托评价事项' }).click();
    const row = page.getByTestId('delegated-items').locator('tbody tr[data-org="440100"]');
    await expect.poll(() => row.getAttribute('data-status'), WAIT).toBe('reviewed');
    // its open tasks are a list of their own, loaded beside the items
    await expect.poll(() => page.getByText('目前没有待您处理的评价任务。').count(), WAIT).toBe(1);
    await shot('03', 'reviewed');
  });

  it('03 after the window it sees the item no longer', async () => {
    await moveTo('2027-02-10T09:00:00+08:00');
    await signIn(page, sys.url, THIRD_PARTY);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/delegated');
    await page.getByText('目前没有委托给您的评价事项。').waitFor(WAIT);
    expect(await page.getByTestId('delegated-items').count()).toBe(0);
    await shot('04', 'window-closed');
  });
});
