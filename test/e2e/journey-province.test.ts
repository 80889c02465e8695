import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF } from '../helpers/documents.ts';
import { IN_TIME_FOR_2025, runningClock, startSystem, type TestSystem } from '../helpers/local.ts';
import { type Browser, ensureBuilt, expectAccessible, openBrowser, screenshots, signIn } from './browser.ts';
import {
  centralOpensEvaluations,
  decide as decideOn,
  openTaskFromMail as openTask,
  regionSelfEvaluates,
} from './steps.ts';

/**
 * The provincial journey (issue 16), signed in through the real sign-in, as 广东 (440000) people, from the scenario
 * `kicked-off`: draft → 初审 → 审核 on the task pages (central's 中央审核 on its task page as finance.100000) → split
 * the issued target to 广州 and 深圳 → adjust it (the same chain again) → arrange a budget (refused first, explained)
 * → delegate a review to a third party and revoke it → review each region's self-evaluation on its task page →
 * upload the provincial report and approve it. The journey calls no API but to move the clock past the budget year:
 * central's opening of the evaluation phase and the regions' self-evaluations (other roles' journeys) are taken in
 * the same browser, signed in as their people, by the steps of `./steps.ts`.
 */
const YEAR = 2025;
const GD = '440000';
const GZ = '440100';
const SZ = '440300';
const AGENCY = `medsec-agency.${GD}`;
const ADMIN = `medsec-admin.${GD}`;
const FINANCE = `finance.${GD}`;
const CENTRAL = 'finance.100000';
const WAIT = { timeout: 60_000 };
const EBMI = '职工基本医疗保险（含生育保险）基金';
const EBMI_ADJUST = `调整${EBMI}绩效目标`;

describe('journey: provincial finance, HRSS and medical security (广东)', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  let restoreClock: (() => void) | undefined;

  beforeAll(async () => {
    await ensureBuilt();
    restoreClock = runningClock(IN_TIME_FOR_2025); // the kickoff refuses deadlines already past
    sys = await startSystem({ scenario: { name: 'kicked-off', year: YEAR } });
    browser = await openBrowser();
    page = browser.page;
  }, 300_000);
  afterAll(async () => {
    restoreClock?.();
    await browser?.close();
    await sys?.close();
  });

  const step = async (name: string) => {
    await screenshots(page, `journey-province-${name}`);
    await expectAccessible(page, name);
  };

  const where = () => ({ page, url: sys.url, settled: () => sys.settled() });
  /** Signs in as `userId`, opens the newest mail to them whose subject has `words`, follows its task link. */
  const openTaskFromMail = (userId: string, words: string) => openTask(where(), userId, words);
  const decide = (decision: '提交' | '同意' | '确认') => decideOn(page, decision);

  /** 初审 → 审核 → 中央审核 of 广东's 职工基本医疗 target, each on its task page, seeing the draft. */
  async function reviewChain(round: string) {
    for (const [who, words] of [
      [ADMIN, '职工基本医疗 绩效目标初审'],
      [FINANCE, '职工基本医疗 绩效目标审核'],
      [CENTRAL, '职工基本医疗 绩效目标中央审核'],
    ] as const) {
      await openTaskFromMail(who, words);
      await page.getByTestId('target-values').waitFor();
      expect(await page.getByTestId('target-values').locator('tbody tr').count()).toBeGreaterThan(0);
      await step(`${round}-${words.split(' ')[1]}`);
      await decide('同意');
    }
    await sys.settled();
  }

  it('the province home shows each of its items with its next step and a link', async () => {
    await signIn(page, sys.url, FINANCE);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/province');
    const rows = page.getByTestId('next-steps').locator('tbody tr');
    await expect.poll(() => rows.count(), WAIT).toBe(7);
    const ebmi = page.getByTestId('next-steps').locator('tr[data-kind="targets"][data-fund="EBMI"]');
    expect(await ebmi.getByRole('link').textContent()).toBe('制定绩效目标');
    await step('01-home');
  }, 300_000);

  it('the agency drafts on its 制定 task page (indicators prefilled with the guiding values) and submits', async () => {
    await openTaskFromMail(AGENCY, '职工基本医疗 绩效目标制定');
    const form = page.getByTestId('task-draft');
    await form.getByLabel('总体目标（每行一条）').fill('参保扩面，基金收支平衡\n待遇按时足额支付');
    // prefilled: no value field is empty
    const inputs = form.locator('input');
    expect(await inputs.count()).toBeGreaterThan(0);
    for (const value of await inputs.evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value)))
      expect(value).not.toBe('');
    await step('02-draft-task');
    await form.getByRole('button', { name: '保存草案' }).click();
    await form.getByText('草案已保存。').waitFor(WAIT);
    await decide('提交');
  }, 300_000);

  it('初审, 审核 and central’s 中央审核 decide on their task pages, seeing the draft', async () => {
    await reviewChain('03');
  }, 300_000);

  it('finance splits the issued target to 广州 and 深圳, the API’s checks shown in the cell', async () => {
    await signIn(page, sys.url, FINANCE);
    const link = page
      .getByTestId('next-steps')
      .locator('tr[data-kind="targets"][data-fund="EBMI"]')
      .getByRole('link', { name: /分解下达至统筹地区/ });
    await link.waitFor(WAIT);
    await link.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/province/decompose');
    const table = page.getByTestId('decompose-table');
    await table.waitFor(WAIT);
    for (const region of [GZ, SZ]) await table.locator(`tr[data-region="${region}"] input[type=checkbox]`).check();
    const cell = table.locator(`tr[data-region="${GZ}"] td input`).first();
    const value = await cell.inputValue();
    expect(value).not.toBe('');
    await cell.fill('-5');
    await page.getByRole('button', { name: '下达至所选2个统筹地区' }).click();
    const confirm = page.getByRole('dialog', { name: `下达${EBMI}绩效目标` });
    await confirm.getByText('向2个统筹地区下达绩效目标：广州市、深圳市').waitFor();
    await step('04-decompose-confirm');
    await confirm.getByRole('button', { name: '确认下达' }).click();
    await expect.poll(() => cell.getAttribute('aria-invalid'), WAIT).toBe('true');
    const errorId = await cell.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${errorId}"]`).textContent()).not.toBe('');
    await step('04-decompose-check');
    await cell.fill(value);
    await page.getByRole('button', { name: '下达至所选2个统筹地区' }).click();
    await confirm.getByRole('button', { name: '确认下达' }).click();
    await expect
      .poll(() => page.getByTestId('decompose-done').textContent(), WAIT)
      .toBe('已下达至2个统筹地区：广州市、深圳市。');
    await step('05-decomposed');
  }, 300_000);

  it('finance adjusts the issued target (a dialog says what follows); it runs the chain again', async () => {
    await page.getByRole('link', { name: '返回省级绩效目标' }).click();
    await page.getByRole('button', { name: EBMI_ADJUST }).click(WAIT);
    const dialog = page.getByRole('dialog', { name: EBMI_ADJUST });
    await dialog.waitFor();
    await dialog.getByText(/已审定的第\d+版继续有效/).waitFor();
    await dialog.getByRole('button', { name: '确认调整' }).click();
    // no reason: the API's refusal beside the field
    await dialog.getByText('请填写调整理由。').waitFor(WAIT);
    expect(await dialog.getByLabel(/调整理由/).getAttribute('aria-invalid')).toBe('true');
    await step('06-adjust-dialog');
    await dialog.getByLabel(/调整理由/).fill('年中参保人数变化，调整基金支出目标');
    await dialog.getByRole('button', { name: '确认调整' }).click();
    await page.getByTestId('adjust-done').waitFor(WAIT);
    await expect
      .poll(() => page.getByTestId('province-targets').locator('tr[data-fund="EBMI"]').textContent(), WAIT)
      .toContain('制定中');
    await step('07-adjusted');

    await openTaskFromMail(AGENCY, '职工基本医疗 绩效目标制定');
    await page.getByTestId('task-draft').getByRole('button', { name: '保存草案' }).click();
    await page.getByTestId('task-draft').getByText('草案已保存。').waitFor(WAIT);
    await decide('提交');
    await reviewChain('08');
  }, 300_000);

  it('finance arranges a budget: refused for a fund without an approved target, with the reason in words', async () => {
    await signIn(page, sys.url, FINANCE);
    await page.goto(`${sys.url}/province/budget?cycle=${YEAR}`);
    const form = page.getByTestId('budget-form');
    const fill = async (benefits: string) => {
      for (const label of ['社会保险费收入', '财政补贴收入', '利息收入', '其他收入', '其他支出', '上年末滚存结余'])
        await form.getByLabel(`${label}（元）`).fill(label === '社会保险费收入' ? '2000000' : '0');
      await form.getByLabel('社会保险待遇支出（元）').fill(benefits);
    };
    await page.getByLabel('险种').selectOption('URMI');
    await fill('1000000');
    await form.getByRole('button', { name: '安排预算' }).click();
    const refused = page.getByTestId('budget-refused');
    await refused.waitFor(WAIT);
    expect(await refused.textContent()).toContain('尚不能安排城乡居民基本医疗');
    expect(await refused.textContent()).toContain('中央审核');
    await step('09-budget-refused');

    await page.getByLabel('险种').selectOption('EBMI');
    await fill('12.345');
    await form.getByRole('button', { name: '安排预算' }).click();
    await expect.poll(() => form.getByLabel('社会保险待遇支出（元）').getAttribute('aria-invalid'), WAIT).toBe('true');
    await fill('1250000.00');
    await form.getByRole('button', { name: '安排预算' }).click();
    await expect
      .poll(() => page.getByTestId('budget-done').textContent(), WAIT)
      .toMatch(/^已安排职工基本医疗保险（含生育保险）基金预算1250000\.00元，依据已审定的第\d+版绩效目标。$/);
    await step('10-budget');
  }, 300_000);

  it('the regions submit (other journeys’ steps); finance delegates 深圳’s review to a third party and revokes it', async () => {
    restoreClock?.();
    restoreClock = runningClock('2026-01-05T02:00:00Z'); // the budget year is over
    // the other roles' steps, in the browser: central opens the phase, 广州 and 深圳 self-evaluate and sign off
    const w = where();
    await centralOpensEvaluations(w);
    await regionSelfEvaluates(w, GZ, 'EBMI');
    await regionSelfEvaluates(w, SZ, 'EBMI');

    await signIn(page, sys.url, FINANCE);
    const link = page.getByTestId('next-steps').locator('tr[data-kind="provincial-evaluation"]').getByRole('link');
    await expect.poll(() => link.textContent(), WAIT).toBe('评价各地区自评，可委托第三方');
    await link.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/province/delegations');
    await page.getByLabel('受托第三方机构').selectOption(`third-party.${GD}`);
    await page.getByLabel(/深圳市 · 职工基本医疗/).check();
    await page.getByRole('button', { name: '委托所选1项' }).click();
    await page.getByTestId('delegations-notice').waitFor(WAIT);
    await expect.poll(() => page.getByTestId('delegations').locator('tbody tr').count(), WAIT).toBe(1);
    await step('11-delegated');

    await page.getByRole('button', { name: `撤销深圳市${EBMI}的委托` }).click();
    const dialog = page.getByRole('dialog', { name: '撤销委托' });
    await dialog.getByText(`将不能再查看或评价深圳市${EBMI}的自评`).waitFor();
    await step('12-revoke-dialog');
    await dialog.getByRole('button', { name: '确认撤销' }).click();
    await expect
      .poll(() => page.getByTestId('delegations-notice').textContent(), WAIT)
      .toBe(`已撤销深圳市${EBMI}的委托，评价任务已发回本省财政。`);
    await page.getByText('目前没有委托。').waitFor(WAIT);
    await step('13-revoked');
  }, 300_000);

  it('finance reviews each region’s self-evaluation on its task page, the report beside it', async () => {
    for (const [n, region] of [
      ['14', '广州市'],
      ['15', '深圳市'],
    ] as const) {
      await openTaskFromMail(FINANCE, `评价${region}`);
      const item = page.getByTestId('task-item');
      await expect.poll(() => item.getByTestId('task-item-status').textContent(), WAIT).toBe('已报送');
      // the report under review, opened in a tab of its own (a presigned GET the API issues after the record's
      // own authorisation, audited)
      const doc = item.getByTestId('document-link').first();
      await expect.poll(() => doc.textContent(), WAIT).toMatch(/^自评报告 · PDF 文件 · \d+ KB/);
      await step(`${n}-review-${region}`);
      const pdf = browser.context.waitForEvent('response', {
        predicate: (r) => r.url().includes('X-Amz-Signature='),
        timeout: 60_000,
      });
      const tab = browser.context.waitForEvent('page', { timeout: 60_000 });
      await doc.getByRole('button', { name: '打开：自评报告' }).click();
      const response = await pdf;
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toBe('application/pdf');
      const opened = await tab;
      expect(response.request().frame().page()).toBe(opened);
      await opened.close();
      await decide('确认');
    }
    await sys.settled();
  }, 300_000);

  it('finance uploads the provincial report and approves it on its task page', async () => {
    await signIn(page, sys.url, FINANCE);
    const link = page.getByTestId('next-steps').locator('tr[data-kind="provincial-evaluation"]').getByRole('link');
    await expect.poll(() => link.textContent(), WAIT).toBe('上传省级绩效评价报告');
    await link.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/province/report');
    const report = page.getByTestId('provincial-report');
    expect(await page.getByTestId('provincial-items').textContent()).toBe('共2项，已报送2项，已评价2项');
    await page.getByLabel(/上传省级绩效评价报告（PDF 或 Word）/).setInputFiles({
      name: '省级绩效评价报告.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await expect.poll(() => report.getAttribute('data-status'), WAIT).toBe('approval');
    expect(await page.getByTestId('provincial-file').textContent()).toMatch(/^PDF ?文件，\d+ KB$/);
    await step('16-report-uploaded');

    await openTaskFromMail(FINANCE, '审定 省级绩效评价报告');
    await step('17-report-approval');
    await decide('同意');
    await sys.settled();
    await page.goto(`${sys.url}/province/report?cycle=${YEAR}`);
    await expect.poll(() => page.getByTestId('provincial-status').textContent(), WAIT).toBe('已报送');
    await page.getByText('省级绩效评价报告已审定并报送中央。').waitFor();
    await step('18-report-submitted');
  }, 300_000);
  // issue 17, R24.1: the province's implementation rules (第二十四条), drafted here, reviewed by central on its task
  it('finance drafts its implementation rules: refusals at their fields, then saved, submitted, reviewed, issued', async () => {
    await signIn(page, sys.url, FINANCE);
    await page.getByRole('navigation').getByRole('link', { name: '实施细则' }).click();
    const editor = page.getByTestId('rules-editor');
    await editor.waitFor(WAIT);
    expect(await page.getByTestId('rules-status').textContent()).toBe('尚未编制本年度实施细则。');
    await editor.getByLabel('险种').selectOption({ label: EBMI });
    await editor.getByLabel('指标名称').fill('医保服务网上可办率');
    await editor.getByLabel(/^指标编号/).fill('gd-online-service');
    await editor.getByLabel('分值', { exact: true }).fill('3');
    await editor.getByRole('button', { name: '新增指标' }).click();
    await expect.poll(() => editor.getByTestId('rules-addition-list').textContent()).toContain('医保服务网上可办率');
    // 6 points down to 1 is beyond central's ±50 %; 15 June is later than central's 31 May
    const indicator = editor.getByLabel('指标', { exact: true });
    await expect.poll(() => indicator.locator('option').count(), WAIT).toBeGreaterThan(1);
    await indicator.selectOption('contribution-income-completion');
    await editor.getByLabel('调整后分值').fill('1');
    await editor.getByRole('button', { name: '调整权重' }).click();
    await editor.getByLabel('自评报送截止日期').fill('2026-06-15');
    await editor.getByRole('button', { name: '保存草案' }).click();
    await page.getByTestId('rules-refused').waitFor(WAIT);
    const self = editor.getByLabel('自评报送截止日期');
    expect(await self.getAttribute('aria-invalid')).toBe('true');
    const selfError = await self.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${selfError}"]`).textContent()).toBe(
      '自评报送截止日期不得晚于中央规定的2026年5月31日',
    );
    expect(await editor.getByTestId('rules-reweight-list').textContent()).toMatch(/超出中央规定的调整幅度/);
    await step('19-rules-refused');

    // within the bounds: 6 down to 3 makes room for the 3 points of its own indicator; 30 April
    await editor.getByTestId('rules-reweight-list').getByRole('button', { name: '删除' }).click();
    await indicator.selectOption('contribution-income-completion');
    await editor.getByLabel('调整后分值').fill('3');
    await editor.getByRole('button', { name: '调整权重' }).click();
    await self.fill('2026-04-30');
    await editor.getByRole('button', { name: '保存草案' }).click();
    await expect.poll(() => page.getByTestId('rules-done').textContent(), WAIT).toBe('草案已保存。');
    await expect.poll(() => page.getByTestId('rules-status').textContent(), WAIT).toContain('编制中');
    await editor.getByRole('button', { name: '报送中央审核' }).click();
    await expect.poll(() => page.getByTestId('rules-status').textContent(), WAIT).toContain('中央审核中');
    await step('20-rules-submitted');

    await openTaskFromMail(CENTRAL, '审核广东省2025年度绩效管理实施细则');
    await decide('同意');
    await sys.settled();
    await page.getByRole('navigation').getByRole('link', { name: '实施细则' }).click();
    const card = page.getByTestId(`rules-${GD}`);
    await card.waitFor(WAIT);
    await expect.poll(() => card.getByTestId('rules-status').textContent(), WAIT).toContain('已印发');
    expect(await card.getByTestId('rules-reweights').locator('tbody tr').first().textContent()).toContain('63');
    await step('21-rules-issued');
  }, 300_000);
});
