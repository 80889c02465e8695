import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_TIME_FOR_2025, runningClock, startSystem, type TestSystem } from '../helpers/local.ts';
import {
  atProviderLogin,
  type Browser,
  ensureBuilt,
  expectAccessible,
  openBrowser,
  pickPerson,
  screenshots,
  signIn,
  signOut,
} from './browser.ts';

const CENTRAL_FINANCE = 'finance.100000';
const PROVINCE_FINANCE = 'finance.440000';
const REGION_FINANCE = 'finance.440100';
const KICKOFF_SUBJECT = '2025年度社会保险基金预算绩效管理工作启动';

describe('web console (local default, zh-CN)', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  let restoreKickoffClock = () => {};

  beforeAll(async () => {
    await ensureBuilt();
    sys = await startSystem();
    // the server's clock in time for the 2025 kickoff (its deadlines must lie ahead); the browser keeps its own
    restoreKickoffClock = runningClock(IN_TIME_FOR_2025);
    browser = await openBrowser();
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.close();
    restoreKickoffClock();
  });

  const signInAs = (userId: string) => signIn(page, sys.url, userId);

  it('sends a visitor to sign in, in Chinese, and on to the local provider’s login page listing the people', async () => {
    await page.goto(`${sys.url}/`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/signin');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    await screenshots(page, '01-sign-in');
    await expectAccessible(page, 'sign-in');
    await page.getByRole('button', { name: '前往登录' }).click();
    await atProviderLogin(page);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await page.getByRole('heading', { level: 1, name: /选择身份登录/ }).waitFor();
    const total = (await sys.call('GET', '/local/users')).body.length as number;
    await page.getByText(`显示 1–50 / 共 ${total} 人`).waitFor();
    await page.getByLabel('搜索').fill('广东省');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.getByRole('heading', { level: 2, name: '广东省' }).waitFor();
    await screenshots(page, '01-sign-in-provider');
    await expectAccessible(page, 'the local provider’s login page');
  });

  it('lets central finance kick off 2025 with a confirmation and follows it to the targets phase without a reload', async () => {
    await signInAs(CENTRAL_FINANCE);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/central');
    await page.getByRole('heading', { level: 1, name: '中央工作台' }).waitFor();
    await page.getByText('尚未启动任何年度的工作。').waitFor();
    await page.evaluate('window.__sameDocument = true');

    await page.getByRole('button', { name: '启动年度工作' }).click();
    const dialog = page.getByRole('dialog', { name: '启动年度预算绩效管理工作' });
    await dialog.waitFor();
    await dialog.getByLabel('预算年度').fill('2025');
    await expectAccessible(page, 'kickoff dialog');
    await dialog.getByRole('button', { name: '确认启动2025年度' }).click();

    await expect.poll(() => page.getByTestId('cycle-phase').textContent(), { timeout: 90_000 }).toBe('绩效目标');
    const rows = page.getByTestId('province-progress').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(32);
    await page.getByText('32个省级单位，共224项工作').waitFor();
    expect(await rows.filter({ hasText: '广东省' }).locator('td').first().textContent()).toBe('7');
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    expect(new URL(page.url()).searchParams.get('cycle')).toBe('2025');
    await page.getByRole('img', { name: /2025年度（绩效目标）各省工作事项状态条形图/ }).waitFor();
    // deadlines in Asia/Shanghai although the browser runs in Europe/London
    await page.getByText('2026年5月31日 23:59').waitFor();
    await screenshots(page, '02-central-dashboard');
    await expectAccessible(page, 'central dashboard');
  });

  it('shows the API’s own message, in Chinese, when the year is already kicked off', async () => {
    await page.getByRole('button', { name: '启动年度工作' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('预算年度').fill('2025');
    await dialog.getByRole('button', { name: '确认启动2025年度' }).click();
    await dialog.getByRole('alert').getByText('2025 年度周期已启动').waitFor();
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('shows a province its regions and its 7 work items, and no kickoff button', async () => {
    await sys.settled();
    await signInAs(PROVINCE_FINANCE);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/province');
    await page.getByRole('heading', { level: 1, name: /省级工作台/ }).waitFor();
    const regions = (await sys.call('GET', `/api/orgs?tier=region&parent=440000`, { as: PROVINCE_FINANCE })).body;
    expect(regions.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('regions').locator('tbody tr').count()).toBe(regions.length);
    await page.getByRole('row', { name: /广州市/ }).waitFor();
    await expect.poll(() => page.getByTestId('next-steps').locator('tbody tr').count(), { timeout: 60_000 }).toBe(7); // first load after a national kickoff; see the journey for the next steps
    await page.getByText('制定中').first().waitFor();
    expect(await page.getByRole('button', { name: '启动年度工作' }).count()).toBe(0);
    await screenshots(page, '03-province-view');
    await expectAccessible(page, 'province view');

    await page.getByRole('link', { name: '查看工作事项（广州市）' }).click();
    await page.getByRole('heading', { name: '广州市2025年度工作事项' }).waitFor();

    await page.goto(`${sys.url}/central`);
    await page.getByText('您的身份无法使用此页面。').waitFor();
    expect(await page.getByRole('button', { name: '启动年度工作' }).count()).toBe(0);
  });

  it('gives a region its workspace: targets, self-evaluations and monitoring', async () => {
    await signInAs(REGION_FINANCE);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/region');
    await page.getByRole('heading', { level: 1, name: /统筹地区工作台/ }).waitFor();
    await page.getByRole('heading', { name: /广州市2025年度工作事项/ }).waitFor();
    await page
      .getByTestId('region-monitoring')
      .getByText(/本地区尚未进入绩效运行监控/)
      .waitFor(); // no issued target yet
    expect(await page.getByRole('button', { name: '启动年度工作' }).count()).toBe(0);
    await screenshots(page, '04-region-workspace');
    await expectAccessible(page, 'region workspace');
  });

  it('lists the 32 kickoff mails in the mailbox, newest first, with links that open the console', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '本地邮箱' }).click();
    await page.getByRole('heading', { level: 1, name: '本地邮箱' }).waitFor();
    // other workflows mail too (target approval tasks): the kickoff notices are the ones with this subject
    const sent = (await sys.mail()).filter((m) => m.subject.startsWith(KICKOFF_SUBJECT));
    expect(sent).toHaveLength(32);
    await page.getByLabel('按主题或收件人筛选').fill(KICKOFF_SUBJECT);
    await page.getByText('显示32 / 共').waitFor();
    const articles = page.getByRole('article').filter({ hasText: KICKOFF_SUBJECT });
    await expect.poll(() => articles.count()).toBe(32);
    const times = await Promise.all(
      (await articles.locator('time').all()).map((t) => t.getAttribute('datetime') as Promise<string>),
    );
    expect(times).toEqual([...times].sort().reverse()); // newest first
    await screenshots(page, '05-mailbox');
    await expectAccessible(page, 'mailbox');

    const link = articles.first().getByRole('link', { name: /^打开链接：/ });
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(new RegExp(`^${sys.url}/\\?cycle=2025&org=\\d{6}$`));
    await page.evaluate('window.__sameDocument = true');
    await link.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/region');
    expect(new URL(page.url()).searchParams.get('cycle')).toBe('2025');
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
  });

  it('shows a task link that leads nowhere as "not found"', async () => {
    await page.goto(`${sys.url}/tasks/aZ09-not-a-real-action`);
    await page.getByRole('heading', { level: 2, name: '找不到此任务' }).waitFor();
    expect(await page.getByTestId('task-state').getAttribute('data-state')).toBe('not-found');
    await expectAccessible(page, 'task page (not found)');
  });

  it('opens an emailed task: "not yours" for someone else, sign-in and back for the assignee, API errors in Chinese', async () => {
    const assignee = 'hrss-agency.440000';
    const taskMail = (await sys.mail()).find(
      (m) => m.to.includes(`${assignee}@sifpm.example.cn`) && m.links.some((l) => l.includes('/tasks/')),
    );
    const link = taskMail?.links.find((l) => l.includes('/tasks/')) ?? '';
    expect(link).toMatch(/\/tasks\/[A-Za-z0-9_-]{43}$/);

    await page.goto(link); // still signed in as the region
    await page.getByRole('heading', { level: 2, name: '此任务不属于您' }).waitFor();
    // whom the task is for, in words, and the refusal's text not repeated under the page's own
    await page
      .getByTestId('task-for-group')
      .getByText(/^此事项由广东省人力资源社会保障经办机构（填报）办理。/)
      .waitFor();
    expect(await page.getByTestId('task-state').getByText('此待办事项不属于您').count()).toBe(0);

    await signOut(page, sys.url);
    await page.goto(link);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/signin');
    await page.getByText(/您打开的是邮件中的待办事项链接/).waitFor();
    await page.getByRole('button', { name: '前往登录' }).click();
    await pickPerson(page, assignee);
    await expect.poll(() => page.url()).toBe(link);
    await page.getByRole('heading', { level: 2, name: '待您处理' }).waitFor();
    await page.getByText('制定', { exact: true }).waitFor();
    await page.getByRole('radio', { name: '提交' }).check();
    await page.getByRole('button', { name: '提交决定' }).click();
    await page.getByRole('alert').getByText('请先填写绩效目标草案').waitFor(); // 422 DRAFT_MISSING, nothing decided
    expect(await page.getByTestId('task-state').getAttribute('data-state')).toBe('ready');
    await screenshots(page, '06-task');
    await expectAccessible(page, 'task page (ready)');
  });

  it('switches to English, including the html lang attribute', async () => {
    await signInAs(REGION_FINANCE);
    await page.goto(`${sys.url}/region`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: /Region workspace/ }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('heading', { level: 2, name: 'Execution monitoring' }).waitFor();
    await page.getByText('Targets', { exact: true }).first().waitFor();
    await screenshots(page, '07-region-workspace-en');
    await expectAccessible(page, 'region workspace (English)');
    await page.getByRole('button', { name: '中文' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
  });
});
