import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listIndicators } from '#shared/reference/indicators';
import { IN_TIME_FOR_2025, runningClock, startSystem, type TestSystem } from '../helpers/local.ts';
import { type Browser, ensureBuilt, expectAccessible, openBrowser, screenshots, signIn } from './browser.ts';
import {
  provinceDecomposes,
  provinceRectifies,
  provinceReports,
  provinceReviews,
  provinceSubmitsTarget,
  regionSelfEvaluates,
} from './steps.ts';

/**
 * Central finance's journey through a year, every one of central's steps in the browser, signed in the real way:
 * kickoff → central overall and annual targets and the guiding targets of a fund → monitoring configuration →
 * the central review of 广东's target (proposed beside guiding values) → opening the evaluation phase → the
 * assessment scheme and the assessment of 广东 → 约谈 with a rectification order and deadline → verifying the
 * rectification → publishing; finishing with the public page and the dashboard's phase.
 *
 * The provinces' and regions' steps in between are taken in the same browser, signed in as their people, by the
 * steps of `./steps.ts` (their screens are looked at closely in their own journeys): 广东's 制定 → 初审 → 审核, its
 * split to 广州, 广州's self-evaluation and sign-off, 广东's review and provincial report, and 广东's rectification
 * with its evidence uploaded on the task page. The test calls the API only to move the clock (and waits for
 * workflows with `sys.settled()`).
 */
const YEAR = 2025;
const CENTRAL = 'finance.100000';
const GD = '440000';
const GZ = '440100';
const FUND = 'EBMI';
/** the first indicator of the fund with a plain value as its guiding target: central changes it, so it differs */
const CHANGED = listIndicators({ fund: FUND }).find((i) => i.defaultTarget && 'value' in i.defaultTarget && !i.signed);

describe('journey: central finance (issue 16)', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  let restoreClock: (() => void) | undefined;
  /** where the other roles' steps are taken: this browser, signed in as each of them in turn */
  const w = () => ({ page, url: sys.url, settled: sys.settled });
  const changedIndicator = () => CHANGED as NonNullable<typeof CHANGED>;
  const moveClock = (at: string) => {
    restoreClock?.();
    restoreClock = runningClock(at);
  };

  beforeAll(async () => {
    await ensureBuilt();
    moveClock(IN_TIME_FOR_2025); // the kickoff refuses deadlines already past
    sys = await startSystem();
    browser = await openBrowser();
    page = browser.page;
    // the machine is shared and loaded: the provider's login page lists the whole directory
    page.setDefaultTimeout(60_000);
    moveClock('2025-01-12T02:00:00Z'); // 12 January of the budget year, 10:00 in Shanghai
  }, 300_000);
  afterAll(async () => {
    restoreClock?.();
    await browser?.close();
    await sys?.close();
  });

  const shot = async (name: string) => {
    await screenshots(page, `journey-central-${name}`);
    await expectAccessible(page, `journey-central ${name}`);
  };

  /** Central's mailbox: the newest mail whose subject matches, then its task link. */
  const openTaskFromMailbox = async (filter: string, subject: RegExp) => {
    await page.getByRole('navigation').getByRole('link', { name: '本地邮箱' }).click();
    await page.getByLabel('按主题或收件人筛选').fill(`${filter} ${CENTRAL}`);
    const mail = page.getByRole('article').filter({ hasText: subject });
    await expect.poll(() => mail.count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await mail
      .first()
      .getByRole('link', { name: /^打开链接：.*\/tasks\// })
      .first()
      .click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 30_000 }).toMatch(/^\/tasks\//);
    await page.getByRole('heading', { level: 2, name: '待您处理' }).waitFor({ timeout: 60_000 });
  };

  const decide = async (decision: string) => {
    await page.getByRole('radio', { name: decision }).check();
    await page.getByRole('button', { name: '提交决定' }).click();
    await page.getByRole('heading', { level: 2, name: '已提交' }).waitFor({ timeout: 60_000 });
  };

  const goCentral = async (link: string) => {
    await page.getByRole('navigation').getByRole('link', { name: '中央工作台' }).click();
    await page.getByTestId('central-steps').getByRole('link', { name: link }).click();
    await page.getByRole('heading', { level: 1, name: link }).waitFor();
  };

  it('01 kicks off the year from the dashboard', async () => {
    await signIn(page, sys.url, CENTRAL);
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 30_000 }).toBe('/central');
    await page.getByRole('button', { name: '启动年度工作' }).click();
    const kickoff = page.getByRole('dialog', { name: '启动年度预算绩效管理工作' });
    await kickoff.getByLabel('预算年度').fill(String(YEAR));
    // targets due the day before the self-evaluations: moving the clock past the year meets no targets deadline
    await kickoff.getByLabel(/目标报送截止日期/).fill('2026-05-30');
    await shot('01-kickoff-dialog');
    await kickoff.getByRole('button', { name: new RegExp(`确认启动${YEAR}`) }).click();
    await page.getByTestId('cycle-phase').waitFor();
    // a national kickoff on a loaded machine takes a minute or more: wait for its workflow, then for the page
    await sys.settled();
    await expect.poll(() => page.getByTestId('cycle-phase').textContent(), { timeout: 60_000 }).toBe('绩效目标');
    await page.getByTestId('central-steps').waitFor();
    await shot('02-dashboard-targets-phase');
  }, 300_000);

  it('02 sets central overall and annual targets, with a refusal shown beside its field, then issues guidance', async () => {
    expect(CHANGED).toBeDefined();
    const ind = CHANGED as NonNullable<typeof CHANGED>;
    await goCentral('中央整体与指导性目标');
    await page.getByLabel('险种').selectOption(FUND);
    await page.locator(`[data-testid="central-target-values"][data-fund="${FUND}"]`).waitFor();
    await page.getByLabel('总体目标（多年度）').fill('基金收支平衡、略有结余 / fund balanced with a small surplus');
    await page.getByLabel('年度目标', { exact: true }).fill('年度收支平衡 / balanced year');
    const name = ind.name.zh;
    const annual = page.getByLabel(`${name}的年度目标值`);
    // a negative target is refused by the domain's check, beside its field
    await annual.fill('-1');
    await page.getByRole('button', { name: '保存中央目标' }).click();
    await expect.poll(() => annual.getAttribute('aria-invalid'), { timeout: 30_000 }).toBe('true');
    const errorId = (await annual.getAttribute('aria-describedby')) as string;
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toBe('目标值不能为负数');
    await shot('03-central-targets-refused');

    const changed = String(Number((ind.defaultTarget as { value: string }).value) + 1);
    await annual.fill(changed);
    // the overall (multi-year) value two above the catalogue's: the province's annual value will deviate from it
    await page
      .getByLabel(`${name}的总体目标值`)
      .fill(String(Number((ind.defaultTarget as { value: string }).value) + 2));
    await page.getByRole('button', { name: '保存中央目标' }).click();
    await page.getByTestId('central-targets-saved').waitFor();
    expect(await annual.getAttribute('aria-invalid')).toBeNull();

    await page.getByRole('button', { name: '下发指导性目标' }).click();
    const dialog = page.getByRole('dialog', { name: '向各省下发指导性目标' });
    await dialog.waitFor();
    await shot('04-guidance-dialog');
    await dialog.getByRole('button', { name: '确认下发' }).click();
    await expect
      .poll(() => page.getByTestId('guidance-issued').textContent(), { timeout: 60_000 })
      .toMatch(/^已向\d+个省级单位下发指导性目标。$/);
    await shot('05-guidance-issued');
  }, 300_000);

  it('03 configures execution monitoring', async () => {
    await goCentral('绩效运行监控配置');
    await page.getByLabel('监控频次').selectOption('quarterly');
    await page.getByLabel('增加的监控时点').fill('13-01');
    await page.getByRole('button', { name: '保存监控配置' }).click();
    const extra = page.getByLabel('增加的监控时点');
    await expect.poll(() => extra.getAttribute('aria-invalid'), { timeout: 30_000 }).toBe('true');
    await shot('06-monitoring-refused');
    await extra.fill('11-30');
    await page.getByRole('button', { name: '保存监控配置' }).click();
    await page.getByTestId('monitoring-config-saved').waitFor();
    expect(await page.getByTestId('monitoring-points').locator('li').allTextContents()).toEqual([
      '3月31日',
      '6月30日',
      '9月30日',
      '11月30日',
      '12月31日',
    ]);
    await shot('07-monitoring-saved');
  }, 300_000);

  it('04 reviews 广东’s target with the guiding values beside the proposed ones, and approves it', async () => {
    // 广东 drafts from the catalogue and passes its own reviews (the provincial journey walks these screens)
    // in the browser: 广东's agency proposes the catalogue's value where central's guidance differs
    await provinceSubmitsTarget(w(), GD, FUND, {
      [changedIndicator().id]: (changedIndicator().defaultTarget as { value: string }).value,
    });
    await signIn(page, sys.url, CENTRAL);
    await openTaskFromMailbox('中央审核', /广东省.*职工基本医疗.*中央审核/);
    await page.getByTestId('guidance-comparison').waitFor();
    expect(await page.getByTestId('guidance-summary').textContent()).toBe('有1项指标的提议值与中央指导值不同。');
    const row = page.getByTestId('guidance-comparison').locator(`tr[data-indicator="${CHANGED?.id}"]`);
    expect(await row.getAttribute('data-differs')).toBe('true');
    // against central's overall target of the period (R8.1): the one indicator that deviates, said in words
    const overall = page.getByTestId('overall-comparison');
    await expect
      .poll(() => overall.getByTestId('overall-summary').textContent(), { timeout: 30_000 })
      .toBe('有1项指标未达到中央总体目标或偏离超过10%，请审核时关注。');
    const deviating = overall.locator(`tr[data-indicator="${CHANGED?.id}"]`);
    expect(await deviating.getAttribute('data-flagged')).toBe('true');
    expect(await deviating.locator('td').nth(3).textContent()).toMatch(/^\d+\.\d{2}%$/);
    await shot('08-central-review-task');
    await decide('同意');
    await sys.settled();
    await shot('09-central-review-done');
  }, 300_000);

  it('05 opens the evaluation phase after the budget year, with a confirmation', async () => {
    // 广东 splits its approved target to 广州 (分解下达) — the provincial journey's screen
    await provinceDecomposes(w(), GD, FUND, [GZ]);
    await signIn(page, sys.url, CENTRAL);
    moveClock('2026-01-05T02:00:00Z'); // the budget year is over
    await page.getByRole('navigation').getByRole('link', { name: '中央工作台' }).click();
    await page.getByRole('button', { name: '开启绩效评价' }).click();
    const dialog = page.getByRole('dialog', { name: /开启.*绩效评价/ });
    await dialog.waitFor();
    await shot('10-open-evaluations-dialog');
    await dialog.getByRole('button', { name: /确认开启/ }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 120_000 });
    // the phase machine reads every unit × fund of every province: wait for it, then for the page
    await sys.settled();
    await expect.poll(() => page.getByTestId('cycle-phase').textContent(), { timeout: 120_000 }).toBe('绩效自评');
    // 广州's self-evaluation appears on the dashboard once the phase machine has reached 广东; the page follows the
    // items for 30 s only, which a loaded machine outlasts: open the dashboard again, as a person would
    await page.getByRole('navigation').getByRole('link', { name: '信息公开', exact: true }).click();
    await page.getByRole('navigation').getByRole('link', { name: '中央工作台' }).click();
    await expect
      .poll(() => page.getByTestId('evaluation-summary').textContent(), { timeout: 180_000 })
      .toMatch(/^共1项自评/);
    await shot('11-dashboard-evaluation-phase');
  }, 300_000);

  it('06 sets the assessment scheme, starts the central review and assesses 广东 (约谈 with a rectification order)', async () => {
    // 广州 self-evaluates and signs off; 广东 reviews it and reports to central (the region's and province's journeys)
    await regionSelfEvaluates(w(), GZ, FUND);
    await provinceReviews(w(), GD, [GZ]);
    await provinceReports(w(), GD);
    await signIn(page, sys.url, CENTRAL);
    await goCentral('中央审核与考核');
    await page.getByLabel('通报表扬分数线（不低于）').fill('95');
    await page.getByLabel('约谈分数线（低于）').fill('80');
    await page.getByRole('button', { name: '开始中央审核' }).click();
    const dialog = page.getByRole('dialog', { name: '开始中央审核与考核' });
    await dialog.waitFor();
    await shot('12-central-review-dialog');
    await dialog.getByRole('button', { name: `确认开始${YEAR}年度考核` }).click();
    await expect
      .poll(() => page.getByTestId('review-started').textContent(), { timeout: 60_000 })
      .toBe('已开始考核1个省份：广东省。考核任务已发送至邮箱。');
    await page.getByTestId('assessments').locator(`tr[data-org="${GD}"]`).waitFor({ timeout: 60_000 });
    await sys.settled();
    await shot('13-assessments-pending');

    await openTaskFromMailbox('考核', /考核.*广东省/);
    await page.getByRole('radio', { name: '确认' }).check();
    await page.getByLabel(/质量得分/).fill('40');
    await shot('14-assessment-task');
    await page.getByRole('button', { name: '提交决定' }).click();
    await page.getByRole('heading', { level: 2, name: '已提交' }).waitFor({ timeout: 60_000 });
    await sys.settled();

    await goCentral('中央审核与考核');
    const row = page.getByTestId('assessments').locator(`tr[data-org="${GD}"]`);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 60_000 }).toBe('notified');
    expect(await row.getByTestId('assessment-outcome').textContent()).toBe('约谈整改');
    // 60 days from 5 January 2026 (Asia/Shanghai)
    expect(await row.getByTestId('assessment-rectification').textContent()).toMatch(
      /^待整改，期限2026\D+0?3\D+0?6\D.*，整改材料0份$/,
    );
    await shot('15-assessment-interview');
  }, 300_000);

  it('07 verifies 广东’s rectification and closes it', async () => {
    // 广东 uploads its evidence and submits its rectification (the provincial journey)
    await provinceRectifies(w(), GD);
    await signIn(page, sys.url, CENTRAL);
    await openTaskFromMailbox('验收', /验收.*广东省/);
    await page.getByRole('radio', { name: '办结' }).check();
    await page.getByLabel('意见', { exact: true }).fill('整改到位');
    await shot('16-verification-task');
    await page.getByRole('button', { name: '提交决定' }).click();
    await page.getByRole('heading', { level: 2, name: '已提交' }).waitFor({ timeout: 60_000 });
    await sys.settled();
    await goCentral('中央审核与考核');
    const row = page.getByTestId('assessments').locator(`tr[data-org="${GD}"]`);
    await expect
      .poll(() => row.getByTestId('assessment-rectification').textContent(), { timeout: 60_000 })
      .toMatch(/^已验收销号，期限.+，整改材料1份$/);
    await shot('17-rectification-closed');
  }, 300_000);

  it('08 publishes the year; the public page shows the results and the dashboard the closed year', async () => {
    await goCentral('绩效信息公开');
    await page.getByTestId('publication-readiness').waitFor();
    await page.getByRole('button', { name: '公开绩效信息' }).click();
    const dialog = page.getByRole('dialog', { name: '公开年度绩效信息' });
    await dialog.waitFor();
    await shot('18-publication-dialog');
    await dialog.getByRole('button', { name: `确认公开${YEAR}年度` }).click();
    await expect
      .poll(() => page.getByTestId('published').textContent(), { timeout: 60_000 })
      .toMatch(/公开：重点目标1项，评价结果1项，考核结果1项。/);
    await shot('19-published');

    await page.getByRole('link', { name: '查看信息公开页面' }).click();
    await page.getByTestId('disclosure').waitFor();
    expect(await page.getByTestId('disclosure').getAttribute('data-year')).toBe(String(YEAR));
    const assessments = page.getByTestId('public-assessments');
    await expect.poll(() => assessments.textContent(), { timeout: 30_000 }).toMatch(/广东省.*约谈整改/);
    await expect.poll(() => page.getByTestId('public-results').textContent(), { timeout: 30_000 }).toMatch(/广州市/);
    await shot('20-public-page');

    await page.getByRole('navigation').getByRole('link', { name: '中央工作台' }).click();
    await expect.poll(() => page.getByTestId('cycle-phase').textContent(), { timeout: 60_000 }).toBe('已结束');
    await shot('21-dashboard-closed');
  }, 300_000);
});
