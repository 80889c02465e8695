import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runningClock, startSystem, type TestSystem } from '../helpers/local.ts';
import { type Browser, ensureBuilt, expectAccessible, openBrowser, screenshots, signIn } from './browser.ts';

/**
 * Issue 17, point 1 (R4.2): a pooling region's finance on the budget page — arranges 职工医保's lines after the issued
 * target (scenario `targets-issued`: 广东 issued it to 广州), sees the budget in force with its totals, and imports a
 * budget export whose refused cells are each listed (sheet, cell, line, reason), nothing written.
 */
const YEAR = 2026;
const GZ = '440100';
const WAIT = { timeout: 60_000 };

async function badExport(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('基金预算');
  ws.addRow([
    '险种代码',
    '险种',
    '社会保险费收入（元）',
    '财政补贴收入（元）',
    '利息收入（元）',
    '其他收入（元）',
    '社会保险待遇支出（元）',
    '其他支出（元）',
    '上年末滚存结余（元）',
  ]);
  ws.addRow(['EBMI', '', '一千万', 0, 0, 0, 1.234, 0, 0]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('the budget page: lines arranged after the target, an Excel import refused cell by cell (R4.2)', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  let restoreClock: (() => void) | undefined;

  beforeAll(async () => {
    await ensureBuilt();
    restoreClock = runningClock('2026-01-20T10:00:00+08:00');
    sys = await startSystem({ scenario: { name: 'targets-issued', year: YEAR } });
    browser = await openBrowser();
    page = browser.page;
    page.setDefaultTimeout(60_000);
  }, 600_000);
  afterAll(async () => {
    restoreClock?.();
    await browser?.close();
    await sys?.close();
  });

  it('arranges the lines, then shows each refused cell of an import', async () => {
    await signIn(page, sys.url, `finance.${GZ}`);
    await page.goto(`${sys.url}/province/budget?cycle=${YEAR}`);
    await page.getByLabel('险种').selectOption('EBMI');
    await page.getByText('该险种尚未安排预算。').waitFor(WAIT);
    const values: Record<string, string> = {
      社会保险费收入: '12000000.00',
      财政补贴收入: '2400000.00',
      利息收入: '100000',
      其他收入: '0',
      社会保险待遇支出: '10000000',
      其他支出: '0',
      上年末滚存结余: '5000000',
    };
    const form = page.getByTestId('budget-form');
    for (const [label, v] of Object.entries(values)) await form.getByLabel(`${label}（元）`).fill(v);
    await form.getByRole('button', { name: '安排预算' }).click();
    await expect
      .poll(() => page.getByTestId('budget-done').textContent(), WAIT)
      .toBe('已安排职工基本医疗保险（含生育保险）基金预算10000000.00元，依据已审定的第1版绩效目标。');
    const record = page.getByTestId('budget-record');
    expect(await record.getByRole('heading', { level: 2 }).textContent()).toBe('现行预算（第1版）');
    expect(await record.getByRole('row', { name: /收入合计/ }).textContent()).toContain('14500000.00');
    expect(await record.getByRole('row', { name: /^年末滚存结余/ }).textContent()).toContain('9500000.00');
    await screenshots(page, 'budget-01-arranged');
    await expectAccessible(page, 'budget arranged');

    const importCard = page.getByTestId('budget-import');
    await importCard.getByLabel('Excel文件').setInputFiles({
      name: '基金预算.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await badExport(),
    });
    await importCard.getByRole('button', { name: '导入' }).click();
    const errors = importCard.getByTestId('budget-import-errors');
    await errors.waitFor(WAIT);
    expect(await errors.locator('caption').textContent()).toBe('有2处有误，未写入任何数据');
    const rows = await errors.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^基金预算C2社会保险费收入（元）社会保险费收入须为非负金额.*一千万/);
    expect(rows[1]).toMatch(/^基金预算G2社会保险待遇支出（元）社会保险待遇支出须为非负金额.*1\.234/);
    await screenshots(page, 'budget-02-import-refused');
    await expectAccessible(page, 'budget import refused');
    // nothing was written: the budget in force is still the arranged one
    const after = await sys.call('GET', `/api/cycles/${YEAR}/budgets/${GZ}/EBMI`, { as: `finance.${GZ}` });
    expect(after.body).toMatchObject({ budgetVersion: 1, lines: { contributionIncome: '12000000.00' } });
  }, 300_000);
});
