import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitSelfEvaluation } from '#local/scenarios';
import { runningClock, startSystem, type TestSystem } from '../helpers/local.ts';
import { type Browser, ensureBuilt, expectAccessible, openBrowser, screenshots, signIn } from './browser.ts';

/**
 * 结果应用 (第二十条, R20.1, R5.2) in the browser: 广州's 职工医保 self-evaluation of 2026 grades 差 (prepared over the API,
 * as test/integration/results.test.ts does); on 结果应用 its 医保 administration proposes the use of the result, its
 * finance decides (applied, with a reason), and the row shows the tracking; the gate of the next arrangement opens.
 */
const YEAR = 2026;
const GZ = '440100';
const FUND = 'EBMI';

describe('web console: results applied', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await ensureBuilt();
    let restoreClock = runningClock('2026-01-20T10:00:00+08:00');
    try {
      sys = await startSystem({ scenario: { name: 'targets-issued', year: YEAR } });
      restoreClock();
      restoreClock = runningClock('2027-01-05T10:00:00+08:00'); // the budget year is over
      await sys.local.scheduler.check();
      await sys.settled();
      const opened = await sys.call('POST', `/api/cycles/${YEAR}/evaluations/open`, { as: 'finance.100000' });
      expect(opened.status).toBeLessThan(300);
      await sys.settled();
      await submitSelfEvaluation(sys, YEAR, GZ, FUND, { poor: true });
      await sys.settled();
    } finally {
      // the browser steps (sign-in, proposal, decision) need no particular day: the server's clock is real again
      restoreClock();
    }
    browser = await openBrowser();
    page = browser.page;
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  it('the administration proposes, finance decides, the page shows the tracking', async () => {
    const row = () => page.getByTestId('results').locator(`tr[data-item="${GZ}/${FUND}"]`);

    await signIn(page, sys.url, `medsec-admin.${GZ}`);
    await page.getByRole('navigation').getByRole('link', { name: '结果应用' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/results');
    await row().waitFor();
    expect(await row().textContent()).toContain('差');
    expect(await row().textContent()).toContain('尚缺：行政部门书面说明、财政部门决定');
    await row()
      .getByRole('button', { name: /^提出建议：广州市/ })
      .click();
    const form = page.getByTestId('results-form');
    // an empty justification is refused beside its field
    await form.getByRole('button', { name: '提交建议' }).click();
    await form.locator('.field-error').first().waitFor();
    await form.getByLabel('结果应用建议（书面说明）').fill('评价等级为差，建议压减下年度预算并限期整改');
    await form.getByLabel(/改进方案/).fill('一季度完成整改');
    await form.getByRole('button', { name: '提交建议' }).click();
    await page
      .getByTestId('results-notice')
      .getByText(/已提交广州市.*的结果应用建议/)
      .waitFor();
    await expect.poll(() => row().getAttribute('data-awaiting')).toBe('true');
    expect(await row().textContent()).toContain('尚缺：财政部门决定');
    await expectAccessible(page, 'results (administration)');

    await signIn(page, sys.url, `finance.${GZ}`);
    await page.getByRole('navigation').getByRole('link', { name: '结果应用' }).click();
    await row().waitFor();
    expect(await row().getAttribute('data-tracking')).toBe('pending');
    await row()
      .getByRole('button', { name: /^作出决定：广州市/ })
      .click();
    await form.getByText('建议：评价等级为差，建议压减下年度预算并限期整改').waitFor();
    await form.getByRole('radio', { name: '已应用' }).check();
    await form.getByLabel('理由').fill('下年度预算按评价结果压减');
    await form.getByRole('button', { name: '提交决定' }).click();
    await page
      .getByTestId('results-notice')
      .getByText(/已决定应用广州市.*的评价结果/)
      .waitFor();
    await expect.poll(() => row().getAttribute('data-tracking')).toBe('applied');
    const tracking = await row().getByTestId('results-tracking').textContent();
    expect(tracking).toContain('已应用');
    expect(tracking).toContain('理由：下年度预算按评价结果压减');
    expect(tracking).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    await screenshots(page, '40-results-applied');
    await expectAccessible(page, 'results (finance)');

    // the decision is what the next arrangement's gate reads
    const view = await sys.call('GET', `/api/cycles/${YEAR}/results/${GZ}/${FUND}`, { as: `finance.${GZ}` });
    expect(view.body).toMatchObject({ tracking: 'applied', allowsArrangement: true });
  }, 90_000);
});
