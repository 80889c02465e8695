import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listIndicators } from '#shared/reference/indicators';
import { PDF } from '../helpers/documents.ts';
import { IN_TIME_FOR_2025, runningClock, startSystem, type TestSystem } from '../helpers/local.ts';
import { issueToRegions } from '../helpers/targets.ts';
import { type Browser, ensureBuilt, expectAccessible, openBrowser, screenshots, signIn } from './browser.ts';

/**
 * Issue 16's acceptance: a reviewer opens the report they sign off from the task page. The state (kickoff, targets
 * issued, evaluation open, the region's figures and report) is prepared over the API; the reviewer signs in for
 * real, follows the sign-off mail from the local mailbox, sees the report on the task page and opens it: a new tab
 * with the PDF itself.
 */
const YEAR = 2025;
const GZ = '440100';
const AGENCY = `medsec-agency.${GZ}`;
const FINANCE = `finance.${GZ}`;
const y = `/api/cycles/${YEAR}`;

describe('web console: documents open in the browser (issue 16)', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  let restoreClock: (() => void) | undefined;

  beforeAll(async () => {
    await ensureBuilt();
    restoreClock = runningClock(IN_TIME_FOR_2025); // the kickoff refuses deadlines already past
    sys = await startSystem();
    browser = await openBrowser();
    page = browser.page;
    expect(
      (await sys.call('POST', '/api/cycles', { as: 'finance.100000', body: { year: YEAR, targetsDue: '2026-05-30' } }))
        .status,
    ).toBe(202);
    await sys.settled();
    await issueToRegions(sys, YEAR, '440000', 'EBMI', [GZ]);
    restoreClock?.();
    restoreClock = runningClock('2026-01-05T02:00:00Z'); // the budget year is over
    expect((await sys.call('POST', `${y}/evaluations/open`, { as: 'finance.100000' })).status).toBe(202);
    await sys.settled();
    const actuals = listIndicators({ fund: 'EBMI' }).map((i) => {
      const t = i.defaultTarget as { value?: string; min?: string; grade?: string };
      return { id: i.id, actual: t.grade ?? t.value ?? t.min ?? '0' };
    });
    const saved = await sys.call('PUT', `${y}/evaluations/${GZ}/EBMI/actuals`, { as: AGENCY, body: { actuals } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const slot = await sys.call('POST', `${y}/evaluations/${GZ}/EBMI/uploads`, {
      as: AGENCY,
      body: { kind: 'self-evaluation', type: 'pdf' },
    });
    expect(slot.status).toBe(201);
    const form = new FormData();
    for (const [k, v] of Object.entries(slot.body.fields as Record<string, string>)) form.append(k, v);
    form.append('file', new Blob([PDF]), 'report.pdf');
    expect((await fetch(slot.body.url, { method: 'POST', body: form })).status).toBeLessThan(300);
    await sys.settled();
  }, 600_000);
  afterAll(async () => {
    restoreClock?.();
    await browser?.close();
    await sys?.close();
  });

  it('the reviewer follows the sign-off mail, sees the report on the task page and opens it in a new tab', async () => {
    await signIn(page, sys.url, FINANCE);
    await page.getByRole('navigation').getByRole('link', { name: '本地邮箱' }).click();
    await page.getByLabel('按主题或收件人筛选').fill('绩效自评财政审定');
    const mail = page.getByRole('article').filter({ hasText: /广州市.*职工基本医疗.*绩效自评财政审定/ });
    await expect.poll(() => mail.count(), { timeout: 60_000 }).toBe(1);
    await mail.getByRole('link', { name: /^打开链接：.*\/tasks\// }).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 60_000 }).toMatch(/^\/tasks\//);
    await page.getByRole('heading', { level: 2, name: '待您处理' }).waitFor();

    const doc = page.getByTestId('task-item').getByTestId('document-link');
    await doc.waitFor();
    expect(await doc.getAttribute('data-type')).toBe('pdf');
    expect(await doc.textContent()).toMatch(/^自评报告 · PDF 文件 · 1 KB/);
    await screenshots(page, '16-task-documents');
    await expectAccessible(page, 'task page (documents)');

    // the PDF itself, from the document store, inline — in a tab of its own
    const pdf = browser.context.waitForEvent('response', {
      predicate: (r) => r.url().includes('X-Amz-Signature='),
      timeout: 60_000,
    });
    const tab = browser.context.waitForEvent('page', { timeout: 60_000 });
    await doc.getByRole('button', { name: '打开：自评报告' }).click();
    const response = await pdf;
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect(response.headers()['content-disposition']).toMatch(/^inline; /);
    const opened = await tab;
    expect(opened).not.toBe(page);
    // the document is what the new tab navigated to (headless Chromium may save a PDF rather than show it)
    expect(response.request().isNavigationRequest()).toBe(true);
    expect(response.request().frame().page()).toBe(opened);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    // the bytes behind the link the tab followed (the viewer keeps none to read back): the uploaded report exactly
    const bytes = Buffer.from(await (await fetch(response.url())).arrayBuffer());
    expect(sha(bytes)).toBe(sha(PDF));
    await opened.close();
    // the task page is where it was, and the open is on the record's document trail
    expect(new URL(page.url()).pathname).toMatch(/^\/tasks\//);
  }, 300_000);
});
