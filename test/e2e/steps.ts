import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { getFund } from '#shared/reference/funds';
import { listIndicators } from '#shared/reference/indicators';
import { getOrg } from '#shared/reference/orgs';
import { PDF } from '../helpers/documents.ts';
import { signIn } from './browser.ts';

/**
 * The other roles' steps of a journey, taken in the browser as those people take them (issue 16: a journey calls no
 * API but to move the clock). Each signs in as the person whose step it is, through the real sign-in, and works the
 * console's own pages and the task links of its mailbox; the journey that is about that role walks the same screens
 * with its screenshots and checks. Between steps each waits for the workflows (`settled`), as the journeys do.
 */
export interface Where {
  page: Page;
  url: string;
  settled(): Promise<void>;
}

const WAIT = { timeout: 60_000 };
export const CENTRAL = 'finance.100000';
const line = (fund: string) => (['EBMI', 'URMI'].includes(fund) ? 'medsec' : 'hrss');
/** the words of a fund in mail subjects (its name up to the first 保险) */
const fundWords = (fund: string) => getFund(fund).name.zh.replace(/保险.*$/, '');

/** Signs in as `userId`, opens the newest mail to them with `words` in its subject, and follows its task link. */
export async function openTaskFromMail({ page, url, settled }: Where, userId: string, words: string): Promise<void> {
  await settled();
  await signIn(page, url, userId);
  await page.getByRole('navigation').getByRole('link', { name: '本地邮箱' }).click();
  await page.getByLabel('按主题或收件人筛选').fill(`${userId}@ ${words}`);
  const mail = page.getByRole('article');
  await expect.poll(() => mail.count(), WAIT).toBeGreaterThan(0);
  await mail
    .first()
    .getByRole('link', { name: /^打开链接：.*\/tasks\// })
    .first()
    .click();
  await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/tasks\//);
  await page.getByRole('heading', { level: 2, name: '待您处理' }).waitFor(WAIT);
}

/** On an open task page: choose the decision and submit it. */
export async function decide(page: Page, decision: string): Promise<void> {
  await page.getByRole('radio', { name: decision }).check();
  await page.getByRole('button', { name: '提交决定' }).click();
  await page.getByRole('heading', { level: 2, name: '已提交' }).waitFor(WAIT);
}

/** Central opens the evaluation phase from its dashboard, after the budget year, confirming in the dialog. */
export async function centralOpensEvaluations(w: Where): Promise<void> {
  const { page } = w;
  await w.settled();
  await signIn(page, w.url, CENTRAL);
  await expect.poll(() => new URL(page.url()).pathname, WAIT).toBe('/central');
  await page.getByRole('button', { name: '开启绩效评价' }).click();
  const dialog = page.getByRole('dialog', { name: /开启.*绩效评价/ });
  await dialog.getByRole('button', { name: /确认开启/ }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 120_000 });
  await w.settled();
  await expect.poll(() => page.getByTestId('cycle-phase').textContent(), { timeout: 120_000 }).toBe('绩效自评');
}

/**
 * A province's target of `fund` from its 制定 task page (prefilled with central's guidance), with the values of
 * `values` (indicator id → value) typed over it, through 初审 and 审核 to central's review.
 */
export async function provinceSubmitsTarget(
  w: Where,
  province: string,
  fund: string,
  values: Record<string, string> = {},
): Promise<void> {
  const words = `${fundWords(fund)} 绩效目标`;
  await openTaskFromMail(w, `${line(fund)}-agency.${province}`, `${words}制定`);
  const form = w.page.getByTestId('task-draft');
  await form.getByLabel('总体目标（每行一条）').fill('参保扩面，基金收支平衡');
  for (const ind of listIndicators({ fund }).filter((i) => Object.hasOwn(values, i.id)))
    await form.getByLabel(`${ind.name.zh} (${ind.unit})`, { exact: true }).fill(values[ind.id] as string);
  await form.getByRole('button', { name: '保存草案' }).click();
  await form.getByText('草案已保存。').waitFor(WAIT);
  await decide(w.page, '提交');
  for (const [who, step] of [
    [`${line(fund)}-admin.${province}`, '初审'],
    [`finance.${province}`, '审核'],
  ] as const) {
    await openTaskFromMail(w, who, `${words}${step}`);
    await decide(w.page, '同意');
  }
  await w.settled();
}

/** The province's finance splits its issued target of `fund` to `regions` unchanged (分解下达), from its home page. */
export async function provinceDecomposes(w: Where, province: string, fund: string, regions: string[]): Promise<void> {
  const { page } = w;
  await w.settled();
  await signIn(page, w.url, `finance.${province}`);
  const link = page
    .getByTestId('next-steps')
    .locator(`tr[data-kind="targets"][data-fund="${fund}"]`)
    .getByRole('link', { name: /分解下达至统筹地区/ });
  await link.click(WAIT);
  const table = page.getByTestId('decompose-table');
  await table.waitFor(WAIT);
  for (const region of regions) await table.locator(`tr[data-region="${region}"] input[type=checkbox]`).check();
  await page.getByRole('button', { name: `下达至所选${regions.length}个统筹地区` }).click();
  await page.getByRole('dialog').getByRole('button', { name: '确认下达' }).click();
  await page.getByTestId('decompose-done').waitFor(WAIT);
  await w.settled();
}

/**
 * A pooling region self-evaluates `fund` in its workspace — the catalogue's guiding values as its figures, then its
 * report, confirmed before it goes on — and its finance signs it off on the task page of its mail.
 */
export async function regionSelfEvaluates(w: Where, org: string, fund: string): Promise<void> {
  const { page } = w;
  await w.settled();
  await signIn(page, w.url, `${line(fund)}-agency.${org}`);
  const card = page.getByTestId(`evaluation-${fund}`);
  await expect.poll(() => card.getAttribute('data-status'), WAIT).toBe('awaiting-report');
  for (const ind of listIndicators({ fund })) {
    const t = ind.defaultTarget as { value?: string; min?: string; grade?: string } | undefined;
    if (!t) continue;
    const field = page.locator(`#actual-${org}-${fund}-${ind.id}`);
    if (ind.nature === 'qualitative') await field.selectOption(t.grade ?? '优');
    else await field.fill(t.value ?? t.min ?? '0');
  }
  await card.getByRole('button', { name: '保存实际值' }).click();
  await card
    .getByTestId('evaluation-missing')
    .getByText(/^实际值已保存；尚缺：自评报告/)
    .waitFor(WAIT);
  await card.getByLabel(/绩效自评报告（PDF 或 Word）/).setInputFiles({
    name: '自评报告.pdf',
    mimeType: 'application/pdf',
    buffer: PDF,
  });
  await page.getByRole('dialog').getByRole('button', { name: '确认并提交审定' }).click();
  await expect
    .poll(() => card.getAttribute('data-status'), { timeout: 120_000 }) // the upload's check, then the scoring
    .toBe('sign-off')
    .catch(async (e: Error) => {
      throw new Error(`${org}: ${e.message}\n${await card.textContent()}`);
    });
  await openTaskFromMail(w, `finance.${org}`, `${getOrg(org).name.zh} 绩效自评财政审定`);
  await decide(page, '同意');
  await w.settled();
}

/** The province's finance delegates the review of `org`'s `fund` to its third party, until the day given. */
export async function provinceDelegates(
  w: Where,
  province: string,
  org: string,
  fund: string,
  until: string,
): Promise<void> {
  const { page } = w;
  await w.settled();
  await signIn(page, w.url, `finance.${province}`);
  await page.goto(`${w.url}/province/delegations`);
  await page.getByLabel('受托第三方机构').selectOption(`third-party.${province}`);
  await page.getByLabel(new RegExp(`${getOrg(org).name.zh} · ${fundWords(fund)}`)).check();
  await page.getByLabel(/委托期限/).fill(until);
  await page.getByRole('button', { name: '委托所选1项' }).click();
  await expect.poll(() => page.getByTestId('delegations').locator('tbody tr').count(), WAIT).toBe(1);
  await w.settled();
}

/** The province's finance reviews each region's self-evaluation on its task page (confirming the score). */
export async function provinceReviews(w: Where, province: string, regions: string[]): Promise<void> {
  for (const org of regions) {
    await openTaskFromMail(w, `finance.${province}`, `评价${getOrg(org).name.zh}`);
    await decide(w.page, '确认');
  }
  await w.settled();
}

/** The province's finance uploads its provincial report and approves it on the task page of its mail. */
export async function provinceReports(w: Where, province: string): Promise<void> {
  const { page } = w;
  await w.settled();
  await signIn(page, w.url, `finance.${province}`);
  await page.goto(`${w.url}/province/report`);
  await page.getByLabel(/上传省级绩效评价报告（PDF 或 Word）/).setInputFiles({
    name: '省级绩效评价报告.pdf',
    mimeType: 'application/pdf',
    buffer: PDF,
  });
  await expect.poll(() => page.getByTestId('provincial-report').getAttribute('data-status'), WAIT).toBe('approval');
  await openTaskFromMail(w, `finance.${province}`, '审定 省级绩效评价报告');
  await decide(page, '同意');
  await w.settled();
}

/** The province's finance uploads its rectification evidence on its 整改报送 task page and submits it. */
export async function provinceRectifies(w: Where, province: string): Promise<void> {
  const { page } = w;
  await openTaskFromMail(w, `finance.${province}`, '限期整改');
  const item = page.getByTestId('task-item');
  await item.getByLabel(/上传整改佐证材料/).setInputFiles({
    name: '整改情况报告.pdf',
    mimeType: 'application/pdf',
    buffer: PDF,
  });
  await expect.poll(() => item.getByTestId('rectification-evidence').locator('li').count(), WAIT).toBe(1);
  await decide(page, '提交');
  await w.settled();
}
