import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guidingDraft } from '#local/scenarios';
import { PDF } from '../helpers/documents.ts';
import { runningClock, startSystem, type TestSystem } from '../helpers/local.ts';
import { type Browser, ensureBuilt, expectAccessible, openBrowser, screenshots, signIn } from './browser.ts';
import { centralOpensEvaluations } from './steps.ts';

/**
 * The pooling region's journey (issue 16), in the browser and signed in the real way: 广州's medical-security agency
 * finds the target 广东 issued to it (scenario `targets-issued`), uploads January's filled Excel workbook (refused cell
 * by cell), then submits January from the form (a collection rate far below target becomes a correction item),
 * answers the correction on its task page with an evidence file, its finance closes it; after the year the self-evaluation — report first, then the figures, the card always saying what
 * is still missing, a confirmation before it goes to sign-off — and the region's finance signs it off from the mail
 * link in the mailbox. Nothing here calls the API but to move the clock; one step of another role falls in the middle:
 * central's opening of the evaluation phase, taken in the same browser signed in as central (`./steps.ts`; the central
 * journey looks at it closely).
 */
const YEAR = 2026;
const GZ = '440100';
const AGENCY = `medsec-agency.${GZ}`;
const FINANCE = `finance.${GZ}`;
const FIELD = (key: string) => `#mon-${GZ}-EBMI-${key.replace(/\./g, '-')}`;
/** the target 广东 issued to 广州 in the scenario: the catalogue's guiding values of every EBMI indicator */
const TARGETS = guidingDraft('EBMI').indicators as {
  id: string;
  target: { value?: string; min?: string; grade?: string };
}[];
const onTarget = (t: (typeof TARGETS)[number]['target']) => t.grade ?? t.value ?? t.min ?? '0';
const WAIT = { timeout: 60_000 };
const FUND = '职工基本医疗保险（含生育保险）基金';
const shot = async (page: Page, n: string, step: string) => {
  await screenshots(page, `journey-region-${n}-${step}`);
  await expectAccessible(page, `journey-region ${n} ${step}`);
};

describe('journey: a pooling region’s agency and finance, from the issued target to the signed-off self-evaluation', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  let restoreClock: (() => void) | undefined;
  const downloads = mkdtempSync(path.join(tmpdir(), 'sifpm-journey-region-'));
  /** Move the clock (the one call the journey makes outside the browser), run the daily tick, wait for the machines. */
  const moveTo = async (iso: string) => {
    restoreClock?.();
    restoreClock = runningClock(iso);
    await sys.local.scheduler.check();
    await sys.settled();
  };
  const signInAs = (userId: string) => signIn(page, sys.url, userId);
  /** The newest mail whose subject matches, in the console's mailbox page; follows its task link. */
  const openMailLink = async (subject: string, matching: RegExp) => {
    await page.getByRole('navigation').getByRole('link', { name: '本地邮箱' }).click();
    await page.getByLabel('按主题或收件人筛选').fill(subject);
    const mail = page.getByRole('article').filter({ hasText: matching });
    await expect.poll(() => mail.count(), WAIT).toBeGreaterThan(0);
    await mail
      .first()
      .getByRole('link', { name: /^打开链接：.*\/tasks\// })
      .click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/tasks\//);
  };

  beforeAll(async () => {
    await ensureBuilt();
    // kicked off in January (targets due 30 days later), 广东's EBMI target approved and issued to 广州
    restoreClock = runningClock('2026-01-20T10:00:00+08:00');
    sys = await startSystem({ scenario: { name: 'targets-issued', year: YEAR } });
    browser = await openBrowser();
    page = browser.page;
    // the machine is loaded: the provider's login page lists the whole directory, pages wait on workflows
    page.setDefaultTimeout(60_000);
    await moveTo('2026-02-01T09:00:00+08:00'); // January's monitoring period is open, due 10 February
    // a national kickoff alone takes 30–120 s on a loaded 2-core machine
  }, 600_000);
  afterAll(async () => {
    restoreClock?.();
    await browser?.close();
    await sys?.close();
    rmSync(downloads, { recursive: true, force: true });
  });

  it('01 the agency sees the target issued to it; January’s workbook is refused cell by cell, then the form submits it', async () => {
    await signInAs(AGENCY);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/region');
    const target = page.getByTestId('target-EBMI');
    await target.waitFor();
    expect(await target.getByRole('heading', { level: 3 }).textContent()).toBe(`${FUND} 已下达`);
    await expect.poll(() => target.getByTestId('target-values').locator('tbody tr').count()).toBe(TARGETS.length);
    await shot(page, '01', 'targets');

    const card = page.getByTestId('monitoring-EBMI');
    const january = card.getByTestId('monitoring-periods').locator('tr[data-as-of="2026-01-31"]');
    expect(await january.getAttribute('data-status')).toBe('open');
    const downloaded = page.waitForEvent('download');
    await card.getByRole('button', { name: '下载2026-01-31期绩效监控表（Excel）' }).click();
    const file = path.join(downloads, 'template.xlsx');
    await (await downloaded).saveAs(file);
    const fill = async (benefits: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const ws = wb.getWorksheet('绩效监控表');
      const meta = wb.getWorksheet('sifpm');
      if (!ws || !meta) throw new Error('not the monitoring workbook');
      // rows 7–12: contribution income, subsidy, benefits, income, expenditure (B budget, C year to date), balance (C)
      const budget = [1200000000, 240000000, 1000000000, 1500000000, 2000000000];
      const ytd: (number | string)[] = [102000000, 0, benefits, 127500000, 150000000, 900000000];
      budget.forEach((v, i) => {
        ws.getCell(`B${7 + i}`).value = v;
      });
      ytd.forEach((v, i) => {
        ws.getCell(`C${7 + i}`).value = v;
      });
      const count = Number(meta.getCell('B6').value);
      for (let i = 0; i < count; i++) {
        const id = String(meta.getCell(`A${10 + i}`).value);
        const t = TARGETS.find((x) => x.id === id)?.target;
        if (!t) throw new Error(`no target for ${id}`);
        ws.getCell(`E${16 + i}`).value = onTarget(t);
      }
      const notes = Number(meta.getCell('B7').value);
      ws.getCell(`B${notes}`).value = '基金运行平稳';
      ws.getCell(`B${notes + 1}`).value = '按月对账，账实相符';
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const upload = card.getByLabel('或上传填好的2026-01-31期绩效监控表（Excel）');
    const outcome = card.getByTestId('monitoring-upload-outcome');

    await upload.setInputFiles({
      name: '一月监控表.xlsx',
      mimeType: 'application/octet-stream',
      buffer: await fill('一亿七'),
    });
    await expect.poll(() => outcome.getAttribute('data-status'), WAIT).toBe('refused');
    expect(await outcome.getByRole('alert').textContent()).toContain(
      'C9：社会保险待遇支出累计执行数须为数字（元），而不是“一亿七”',
    );
    expect(await january.getAttribute('data-status')).toBe('open');
    await shot(page, '02', 'monitoring-upload-refused');

    // then the form: the same period from the page's own fields
    const budget = {
      contributionIncome: '1200000000',
      subsidy: '240000000',
      benefits: '1000000000',
      income: '1500000000',
      expenditure: '2000000000',
    };
    const actual = {
      contributionIncome: '102000000',
      subsidy: '0',
      benefits: '85000000',
      income: '127500000',
      expenditure: '150000000',
      balance: '900000000.50',
    };
    for (const [k, v] of Object.entries(budget)) await page.locator(FIELD(`budget.${k}`)).fill(v);
    for (const [k, v] of Object.entries(actual)) await page.locator(FIELD(`actual.${k}`)).fill(v);
    for (const { id, target: t } of TARGETS) {
      const field = page.locator(FIELD(`indicators.${id}`));
      const value = id === 'collection-rate' ? '85' : onTarget(t); // 85 against 98: a major miss
      if (t.grade) await field.selectOption(value);
      else await field.fill(value);
    }
    await page.locator(FIELD('notes.riskControl')).fill('基金运行平稳，无挤占挪用');
    await page.locator(FIELD('notes.financialManagement')).fill('按月对账，账实相符');
    await shot(page, '03', 'monitoring-form');
    await card.getByRole('button', { name: '报送监控数据' }).click();

    await card.getByTestId('monitoring-result').getByText('2026-01-31期监控数据已报送，比较结果如下。').waitFor(WAIT);
    await expect.poll(() => january.getAttribute('data-status'), WAIT).toBe('submitted');
    const missed = card.getByTestId('monitoring-findings').locator('tr[data-code="indicator-collection-rate"] td');
    await expect.poll(async () => (await missed.allTextContents()).at(-1), WAIT).toMatch(/^整改中 整改期限\d{4}年/);
    await shot(page, '04', 'monitoring-findings');
  });

  it('02 the agency answers the correction on its task page with an evidence file; the region’s finance closes it', async () => {
    await sys.settled();
    // the mail of the collection-rate item (the body names the finding)
    await openMailLink('监控问题整改反馈', /广州市职工基本医疗.*监控问题整改反馈[\s\S]*社会保险费征缴率/);
    const item = page.getByTestId('task-item');
    await item.getByTestId('correction-finding').waitFor(WAIT);
    expect(await item.getByTestId('correction-finding').textContent()).toBe(
      '指标“社会保险费征缴率”当前值 85 未达目标 98',
    );
    expect(await item.getByTestId('task-item-status').textContent()).toBe('整改中');
    await item.getByText('尚未上传佐证材料。').waitFor();

    await item.getByLabel('上传佐证材料（PDF、Word 或 Excel）').setInputFiles({
      name: '征缴整改说明.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    const evidence = item.getByTestId('correction-evidence').locator('li[data-ok="true"]');
    await expect.poll(() => evidence.count(), WAIT).toBe(1);
    expect(await evidence.first().textContent()).toMatch(/^PDF · \d+ KB · \S+ \d\d:\d\d ?上传，校验通过$/);
    await item.getByText('征缴整改说明.pdf已上传，校验已完成。').waitFor(WAIT);

    // the response needs its description: the button stays off until it is written
    const send = page.getByRole('button', { name: '提交决定' });
    expect(await send.isDisabled()).toBe(true);
    await page.getByLabel(/^意见/).fill('已约谈征缴单位并追缴欠费，2 月征缴率回升至 98%，佐证材料见附件');
    await shot(page, '04', 'correction-response');
    await send.click();
    await page.getByRole('heading', { level: 2, name: '已提交' }).waitFor(WAIT);
    await expect.poll(() => item.getByTestId('task-item-status').textContent(), WAIT).toBe('已反馈');
    await item.getByTestId('correction-response').waitFor();

    await sys.settled();
    await signInAs(FINANCE);
    await openMailLink('监控问题整改审核', /广州市职工基本医疗.*监控问题整改审核[\s\S]*社会保险费征缴率/);
    await item.getByTestId('correction-response').waitFor(WAIT);
    await expect.poll(() => item.getByTestId('correction-evidence').locator('li').count(), WAIT).toBe(1);
    await shot(page, '05', 'correction-review');
    await page.getByRole('radio', { name: '办结' }).check();
    await page.getByRole('button', { name: '提交决定' }).click();
    await page.getByRole('heading', { level: 2, name: '已提交' }).waitFor(WAIT);
    await expect.poll(() => item.getByTestId('task-item-status').textContent(), WAIT).toBe('已销号');
  });

  it('04 after the year: the report first, then the figures — the card says what is missing, and asks before sign-off', async () => {
    await sys.settled();
    await moveTo('2027-01-05T10:00:00+08:00'); // the budget year is over
    // central's step in the middle of this journey, in the browser (the central journey looks at it closely)
    await centralOpensEvaluations({ page, url: sys.url, settled: sys.settled });

    await signInAs(AGENCY);
    const card = page.getByTestId('evaluation-EBMI');
    await card.waitFor(WAIT);
    expect(await card.getAttribute('data-status')).toBe('awaiting-report');
    const missing = card.getByTestId('evaluation-missing');
    expect(await missing.textContent()).toBe(
      '尚缺：实际值和自评报告。两项可按任意顺序提交，齐备并确认后系统评分，提交本地区财政部门审定。',
    );
    await shot(page, '08', 'self-evaluation-empty');

    await card.getByLabel(/绩效自评报告（PDF 或 Word）/).setInputFiles({
      name: '自评报告.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    // the upload does not stop at "being checked": the card ends in what is still missing
    await expect
      .poll(() => missing.textContent(), WAIT)
      .toBe('自评报告已上传；尚缺：实际值。保存实际值并确认后，系统评分并提交本地区财政部门审定。');
    await card.getByText('自评报告.pdf已上传，校验已完成。').waitFor(WAIT);
    expect(await card.getAttribute('data-status')).toBe('awaiting-report');
    await shot(page, '09', 'self-evaluation-report-only');

    for (const { id, target: t } of TARGETS) {
      const field = page.locator(`#actual-${GZ}-EBMI-${id}`);
      if (t.grade) await field.selectOption(onTarget(t));
      else await field.fill(onTarget(t));
    }
    await card.getByRole('button', { name: '保存实际值' }).click();
    const dialog = page.getByRole('dialog', { name: `提交${FUND}绩效自评` });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(
      '保存实际值后，实际值和自评报告即齐备：系统将评分，并提交本地区财政部门审定。',
    );
    expect(await card.getAttribute('data-status')).toBe('awaiting-report'); // nothing sent before the confirmation
    await shot(page, '10', 'self-evaluation-confirm');
    await dialog.getByRole('button', { name: '确认并提交审定' }).click();
    await expect.poll(() => card.getAttribute('data-status'), WAIT).toBe('sign-off');
    await expect
      .poll(() => card.getByTestId('evaluation-score').textContent(), WAIT)
      .toMatch(/^\d+\.\d{2} · [优良中差]$/);
    await card.getByText('已评分，等待本地区财政部门审定。').waitFor();
    await shot(page, '11', 'self-evaluation-sign-off');
  });

  it('05 the region’s finance signs it off on the task page from the mail link; the agency sees it submitted', async () => {
    await sys.settled();
    await signInAs(FINANCE);
    await openMailLink('绩效自评财政审定', /广州市2026年度职工基本医疗.*绩效自评财政审定/);
    await page.getByRole('heading', { level: 2, name: '待您处理' }).waitFor(WAIT);
    expect(await page.getByTestId('task-item-status').textContent()).toBe('待财政审定');
    await page.getByTestId('task-item').getByTestId('score-card').waitFor();
    await shot(page, '12', 'sign-off-task');
    await page.getByRole('radio', { name: '同意' }).check();
    await page.getByRole('button', { name: '提交决定' }).click();
    await page.getByRole('heading', { level: 2, name: '已提交' }).waitFor(WAIT);
    await expect.poll(() => page.getByTestId('task-item-status').textContent(), WAIT).toBe('已报送');

    await sys.settled();
    await signInAs(AGENCY);
    const card = page.getByTestId('evaluation-EBMI');
    await expect.poll(() => card.getAttribute('data-status'), WAIT).toBe('submitted');
    expect(await card.getByTestId('evaluation-status').textContent()).toBe('已报送');
    await shot(page, '13', 'self-evaluation-submitted');
  });
});
