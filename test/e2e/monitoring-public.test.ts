import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runningClock, startSystem, type TestSystem } from '../helpers/local.ts';
import { issueEbmiToRegions } from '../helpers/monitoring.ts';
import { type Browser, ensureBuilt, expectAccessible, openBrowser, screenshots, signIn, signOut } from './browser.ts';

/**
 * Monitoring (第三章) and disclosure (第二十一条) in the browser: a region's agency submits a monitoring period from the
 * workspace form (a field error first, then corrected) and sees the comparison and findings without a reload; the
 * province's finance sees the region in its monitoring table; central publishes (over the API) and an anonymous
 * visitor reads the public page — empty before, real data after.
 */
const YEAR = 2026;
const GD = '440000';
const GZ = '440100';
const AGENCY = `medsec-agency.${GZ}`;
const FIELD = (key: string) => `#mon-${GZ}-EBMI-${key.replace(/\./g, '-')}`;

describe('web console: monitoring and public disclosure', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  let restoreClock: (() => void) | undefined;
  const moveTo = async (iso: string) => {
    restoreClock?.();
    restoreClock = runningClock(iso);
    await sys.local.scheduler.check(); // the daily tick's catch-up occurrence
    await sys.settled();
  };

  beforeAll(async () => {
    await ensureBuilt();
    restoreClock = runningClock('2025-12-01T10:00:00+08:00');
    sys = await startSystem();
    browser = await openBrowser();
    page = browser.page;
    const kickoff = await sys.call('POST', '/api/cycles', {
      as: 'finance.100000',
      body: { year: YEAR, targetsDue: '2025-12-20' },
    });
    expect(kickoff.status).toBe(202);
    await sys.settled();
    await issueEbmiToRegions(sys, YEAR, GD, [GZ]);
    await moveTo('2026-02-01T09:00:00+08:00'); // January's period is open, due 10 February
    // a kickoff prepares every unit of the country: up to a minute on a loaded 2-core machine, then the chain to 下达
  }, 300_000);
  afterAll(async () => {
    restoreClock?.();
    await browser?.close();
    await sys?.close();
  });

  const signInAs = (userId: string) => signIn(page, sys.url, userId);

  it('the region’s agency submits January from the form: a field error first, then the comparison and findings without a reload', async () => {
    await signInAs(AGENCY);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/region');
    const card = page.getByTestId('monitoring-EBMI');
    await card.waitFor();
    const period = card.getByTestId('monitoring-periods').locator('tr[data-as-of="2026-01-31"]');
    expect(await period.getAttribute('data-status')).toBe('open');
    expect(await period.locator('td').allTextContents()).toEqual(['待报送', '2026年2月10日 23:59', '—', '0']);
    await card.getByText('暂未发现问题。').waitFor();
    await page.evaluate('window.__sameDocument = true');
    // the period's pre-filled 绩效监控表, fetched with the token
    const downloaded = page.waitForEvent('download');
    await card.getByRole('button', { name: '下载2026-01-31期绩效监控表（Excel）' }).click();
    expect((await downloaded).suggestedFilename()).toBe(`monitoring-${YEAR}-${GZ}-EBMI-2026-01-31.xlsx`);

    const budget = {
      contributionIncome: '1200000000',
      subsidy: '240000000',
      benefits: '1000000000',
      income: '1500000000',
      expenditure: '2000000000',
    };
    // January, year to date: no subsidy yet (behind elapsed time), benefits mistyped in words at first
    const actual = {
      contributionIncome: '102000000',
      subsidy: '0',
      benefits: '八千五百万',
      income: '127500000',
      expenditure: '150000000',
      balance: '2000000000.50', // a year's payments in hand: no reserve warning (第十三条 risk), not what this test is about
    };
    for (const [k, v] of Object.entries(budget)) await page.locator(FIELD(`budget.${k}`)).fill(v);
    for (const [k, v] of Object.entries(actual)) await page.locator(FIELD(`actual.${k}`)).fill(v);
    await page.locator(FIELD('indicators.collection-rate')).fill('85'); // target 98: a major miss
    await page.locator(FIELD('indicators.expenditure-income-growth-gap')).fill('-0.6');
    await page.locator(FIELD('indicators.risk-control')).selectOption('良');
    await page.locator(FIELD('notes.riskControl')).fill('基金运行平稳，无挤占挪用');
    await page.locator(FIELD('notes.financialManagement')).fill('按月对账，账实相符');

    await card.getByRole('button', { name: '报送监控数据' }).click();
    const benefits = page.locator(FIELD('actual.benefits'));
    await expect.poll(() => benefits.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`${FIELD('actual.benefits')}-err`).textContent()).toBe(
      '社会保险待遇支出须为数字（元），现为“八千五百万”',
    );
    await card.getByRole('alert').getByText('监控数据有误，未保存').waitFor();
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(1); // only the field at fault
    await screenshots(page, '20-region-monitoring-form');
    await expectAccessible(page, 'region workspace (monitoring form with a field error)');

    await benefits.fill('85000000');
    await card.getByRole('button', { name: '报送监控数据' }).click();
    const result = card.getByTestId('monitoring-result');
    await result.getByText('2026-01-31期监控数据已报送，比较结果如下。').waitFor();
    const subsidy = result.locator('tr[data-line="subsidy"] td');
    expect(await subsidy.allTextContents()).toEqual(['0.0%', '8.5%', '-8.5%', '滞后']);
    const raised = result.getByTestId('monitoring-result-findings').locator('tbody tr');
    expect(await raised.count()).toBe(2);

    // the card's own tables follow without a reload: the period submitted, the findings with their correction
    await expect.poll(() => period.getAttribute('data-status')).toBe('submitted');
    const findings = card.getByTestId('monitoring-findings');
    const late = findings.locator('tr[data-code="subsidy-late"] td');
    expect((await late.allTextContents()).slice(0, 3)).toEqual(['2026-01-31', '及时性', '一般']);
    expect(await late.last().textContent()).toBe('已记录');
    const missed = findings.locator('tr[data-code="indicator-collection-rate"]');
    expect((await missed.locator('td').allTextContents()).slice(0, 3)).toEqual(['2026-01-31', '有效性', '重大']);
    expect(await missed.locator('td').last().textContent()).toMatch(/^整改中 整改期限2026年3月3日$/);
    expect(await missed.getByRole('rowheader').textContent()).toBe('指标“社会保险费征缴率”当前值 85 未达目标 98');
    expect(await period.locator('td').last().textContent()).toBe('2');
    await card.getByRole('img', { name: /预算执行率与时序进度折线图/ }).waitFor();
    const execution = card.getByTestId('monitoring-execution').locator('tbody tr');
    expect(await execution.first().locator('td').first().textContent()).toBe('8.5%');
    await card.getByText('目前没有待报送的监控期。').waitFor();
    expect(await page.evaluate('window.__sameDocument')).toBe(true);

    await screenshots(page, '21-region-monitoring');
    await expectAccessible(page, 'region workspace (monitoring)');
  });

  it('the province’s finance sees the region in its monitoring table, by open findings', async () => {
    await sys.settled();
    await signInAs(`finance.${GD}`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/province');
    const row = page.getByTestId('province-monitoring').locator(`tr[data-org="${GZ}"]`);
    await row.waitFor();
    expect(await row.getByRole('rowheader').textContent()).toBe('广州市');
    // funds, open findings, being corrected, overdue, periods late, periods missing
    expect((await row.locator('td').allTextContents()).slice(1)).toEqual(['2', '1', '0', '0', '0']);
    await screenshots(page, '22-province-monitoring');
    await expectAccessible(page, 'province view (monitoring)');

    await row.getByRole('link', { name: '广州市' }).click(); // to the region's workspace
    await expect.poll(() => new URL(page.url()).searchParams.get('org')).toBe(GZ);
    await page.getByTestId('monitoring-EBMI').getByTestId('monitoring-findings').waitFor();
    await expect.poll(() => page.getByTestId('monitoring-findings').locator('tbody tr').count()).toBe(2);
    expect(await page.getByRole('button', { name: '报送监控数据' }).count()).toBe(0); // the province only reads
  });

  it('an anonymous visitor finds nothing published yet, then — once central publishes — the year’s targets', async () => {
    await signOut(page, sys.url);
    await page.goto(`${sys.url}/public/${YEAR}`);
    await page.getByTestId('public-empty').getByText(`${YEAR}年度的绩效信息尚未公开。`).waitFor();
    await screenshots(page, '23-public-empty');
    await expectAccessible(page, 'public disclosure (nothing published)');

    const published = await sys.call('POST', `/api/cycles/${YEAR}/publication`, { as: 'finance.100000' });
    expect(published.status).toBe(201);
    expect(published.body.counts).toEqual({ targets: 1, results: 0, assessments: 0 });

    await page.goto(`${sys.url}/signin`);
    await page.evaluate('window.__sameDocument = true');
    await page.getByRole('link', { name: /^信息公开：/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/public');
    const disclosure = page.getByTestId('disclosure');
    await disclosure.waitFor(); // the newest published year
    expect(await disclosure.getAttribute('data-year')).toBe(String(YEAR));
    expect(await page.getByTestId('published-at').textContent()).toMatch(/^2026年2月1日 \d{2}:\d{2}$/);
    const target = page.getByTestId('public-targets').locator(`details[data-org="${GD}"][data-fund="EBMI"]`);
    await target.getByText('广东省 · 职工基本医疗保险（含生育保险）基金').click();
    const rate = target.getByRole('row', { name: /社会保险费征缴率/ });
    expect(await rate.locator('td').allTextContents()).toEqual(['98', '%']);
    await page.getByText('本次公开不含绩效评价结果。').waitFor();
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    await screenshots(page, '24-public-disclosure');
    await expectAccessible(page, 'public disclosure');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Budget performance disclosure' }).waitFor();
    await target.getByText('Guangdong').first().waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { level: 1, name: '预算绩效信息公开' }).waitFor();
  });

  it('a province’s finance publishes its own disclosure; the public page lists it beside central’s, with .xlsx and .docx', async () => {
    await signInAs(`finance.${GD}`);
    await page.getByRole('navigation').getByRole('link', { name: '绩效信息公开' }).click();
    await page.getByRole('heading', { level: 2, name: `广东省${YEAR}年度绩效信息公开` }).waitFor();
    await page.getByRole('button', { name: '公开绩效信息' }).click();
    await page.getByRole('button', { name: `确认公开${YEAR}年度` }).click();
    await page
      .getByTestId('published')
      .getByText(/重点目标1项/)
      .waitFor();
    await screenshots(page, '25-province-publication');
    await page.getByRole('link', { name: '查看信息公开页面' }).click();
    const disclosure = page.getByTestId('disclosure');
    await expect.poll(() => disclosure.getAttribute('data-org')).toBe(GD);
    await page.getByTestId('published-by').getByText('广东省').waitFor();
    await signOut(page, sys.url);

    // anyone: the levels that published, central first; the province's own snapshot and its downloads
    await page.goto(`${sys.url}/public/${YEAR}`);
    const levels = page.getByTestId('public-levels');
    await expect.poll(() => levels.locator('li').allTextContents()).toEqual(['全国（财政部）', '广东省']);
    await expect.poll(() => disclosure.getAttribute('data-org')).toBe('100000');
    await levels.getByRole('link', { name: '广东省' }).click();
    await expect.poll(() => disclosure.getAttribute('data-org')).toBe(GD);
    await page.getByTestId('public-targets').locator(`details[data-org="${GD}"][data-fund="EBMI"]`).waitFor();
    const downloads = page.getByTestId('public-downloads');
    for (const [name, type] of [
      ['下载 Excel', 'spreadsheetml'],
      ['下载 Word 文档', 'wordprocessingml'],
    ] as const) {
      const href = (await downloads.getByRole('link', { name }).getAttribute('href')) as string;
      const res = await fetch(new URL(href, sys.url)); // no token: public
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
    }
    await expectAccessible(page, 'public disclosure of a province');
  });
});
