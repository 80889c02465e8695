import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '#shared/platform/clock';
import { startSystem, type TestSystem } from '../helpers/local.ts';
import { heldClock, issueEbmi } from '../helpers/overviews.ts';
import { type Browser, ensureBuilt, expectAccessible, openBrowser, screenshots, signIn } from './browser.ts';

/**
 * The overviews in the browser (issue 16, point 3): central opens 全国监控概览 and 完成情况 from the navigation, a
 * province 统筹地区进度; each page at desktop and phone width (the tables scroll in their own box), axe-clean, and
 * 下载 Excel hands over an .xlsx. The state is prepared over the API: kickoff, 广东's 职工基本医疗 target issued to
 * 广州, January's monitoring submitted.
 */
const YEAR = 2026;
const GD = '440000';
const GZ = '440100';

describe('web console: the overviews', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  let restoreClock: (() => void) | undefined;
  const clock = heldClock('2025-12-01T10:00:00+08:00');

  beforeAll(async () => {
    await ensureBuilt();
    restoreClock = setClock(clock.now);
    sys = await startSystem();
    browser = await openBrowser();
    page = browser.page;
    const kickoff = await sys.call('POST', '/api/cycles', {
      as: 'finance.100000',
      body: { year: YEAR, targetsDue: '2025-12-20' },
    });
    expect(kickoff.status).toBe(202);
    await sys.settled();
    await issueEbmi(sys, clock, YEAR, GD, [GZ]);
    clock.set('2026-02-01T09:00:00+08:00'); // January's period opens
    await sys.local.scheduler.check();
    const submit = () =>
      sys.call('PUT', `/api/cycles/${YEAR}/monitoring/${GZ}/EBMI/periods/2026-01-31`, {
        as: `medsec-agency.${GZ}`,
        body: {
          budget: {
            contributionIncome: '1200000000',
            subsidy: '240000000',
            benefits: '1000000000',
            income: '1500000000',
            expenditure: '2000000000',
          },
          actual: {
            contributionIncome: '102000000',
            subsidy: '20400000',
            benefits: '40000000',
            income: '127500000',
            expenditure: '50000000',
            balance: '900000000',
          },
          indicators: [
            { id: 'collection-rate', value: '98.5' },
            { id: 'risk-control', grade: '良' },
          ],
          notes: { riskControl: '基金运行平稳', financialManagement: '按月对账' },
        },
      });
    // the tick that opens the period may still be retrying on a loaded machine
    await clock.until(sys, async () => (await submit()).status === 200, 'January’s submission accepted');
  }, 600_000);
  afterAll(async () => {
    restoreClock?.();
    await browser?.close();
    await sys?.close();
  });

  const nav = (name: string) => page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name });

  /** Click 下载 Excel: the browser receives an .xlsx (a zip package: `PK`). */
  async function downloadExcel(expectedName: string) {
    const downloaded = page.waitForEvent('download', { timeout: 60_000 });
    await page.getByRole('button', { name: '下载 Excel' }).click();
    const file = await downloaded;
    expect(file.suggestedFilename()).toBe(expectedName);
    const bytes = readFileSync((await file.path()) as string);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
  }

  it('central opens 全国监控概览 and 完成情况 from the navigation, and downloads each as Excel', async () => {
    await signIn(page, sys.url, 'finance.100000');
    await nav('全国监控概览').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/overviews/monitoring');
    await page.getByRole('heading', { level: 1, name: /全国监控概览/ }).waitFor();
    const gd = page.getByTestId('monitoring-overview').locator(`tr[data-org="${GD}"] td[data-fund="EBMI"]`);
    await expect.poll(async () => (await gd.textContent()) ?? '', { timeout: 60_000 }).toContain('已报1/1');
    expect(await gd.textContent()).toContain('滞后1');
    await screenshots(page, 'overview-monitoring');
    await expectAccessible(page, 'overview-monitoring');
    await downloadExcel(`${YEAR}年度全国监控概览.xlsx`);

    await nav('完成情况').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/overviews/completeness');
    const monitoring = page.getByTestId('completeness').locator('tr[data-phase="monitoring"][data-tier="region"]');
    await monitoring.waitFor({ timeout: 60_000 });
    expect(await monitoring.locator('td[data-col="done"]').textContent()).toBe('1');
    await screenshots(page, 'overview-completeness');
    await expectAccessible(page, 'overview-completeness');
    await downloadExcel(`${YEAR}年度全国完成情况.xlsx`);
  });

  it('a province opens 统筹地区进度: each region’s step and since when, and downloads it as Excel', async () => {
    await signIn(page, sys.url, `finance.${GD}`);
    await nav('统筹地区进度').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/overviews/regions');
    const cell = page.getByTestId('region-matrix').locator(`tr[data-org="${GZ}"] td[data-fund="EBMI"]`);
    await cell.waitFor({ timeout: 60_000 });
    expect(await cell.getAttribute('data-step')).toBe('monitoring');
    expect((await cell.textContent())?.replace(/\s+/g, ' ')).toBe('监控中 自2026年2月1日');
    const own = page.getByTestId('region-matrix').locator(`tr[data-org="${GD}"] td[data-fund="UI"]`);
    expect((await own.textContent())?.replace(/\s+/g, ' ')).toBe('制定中 自2025年12月1日');
    await screenshots(page, 'overview-regions');
    await expectAccessible(page, 'overview-regions');
    await downloadExcel(`${YEAR}年度广东省统筹地区进度.xlsx`);
  });
});
