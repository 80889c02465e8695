import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type TestSystem } from '../helpers/local.ts';
import { type Browser, ensureBuilt, expectAccessible, openBrowser, screenshots, signIn } from './browser.ts';

/** The console's directory pages (issue 15, point 9): list, add, deactivate, import with per-cell problems. */

const PROVINCE_ADMIN = 'finance.440000';
const REGION_AGENCY = 'hrss-agency.440100';

describe('web console: the staff directory', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await ensureBuilt();
    sys = await startSystem();
    browser = await openBrowser();
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  it('lists the province’s staff, adds a person after showing the bad address next to its field', async () => {
    await signIn(page, sys.url, PROVINCE_ADMIN);
    await page.goto(`${sys.url}/directory`);
    await page.getByRole('heading', { level: 1, name: /人员名录/ }).waitFor();
    const rows = page.getByTestId('staff').locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(5);
    await page.getByText(/广东省人员名录，共\d+人/).waitFor();
    await expectAccessible(page, 'directory');

    await page.getByRole('button', { name: '新增人员' }).click();
    const form = page.locator('form.person-form');
    await form.getByLabel('姓名').fill('欧阳明辉');
    await form.getByLabel('电子邮箱').fill('ouyang.minghui@@gd');
    await form.getByLabel('部门').selectOption('hrss-admin');
    await form.getByLabel('审核').check();
    await form.getByRole('button', { name: '保存' }).click();
    const emailError = form.locator('.field-error', { hasText: '电子邮箱地址格式不正确' });
    await emailError.waitFor();
    // the message is tied to the field it is about
    expect(await form.getByLabel('电子邮箱').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('电子邮箱').getAttribute('aria-describedby')).toBe(
      await emailError.getAttribute('id'),
    );
    await screenshots(page, '21-directory-add-error');
    await expectAccessible(page, 'directory add form with an error');

    await form.getByLabel('电子邮箱').fill('ouyang.minghui@gd.example.cn');
    await form.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').getByText('已新增欧阳明辉。').waitFor();
    const row = page.getByRole('row', { name: /欧阳明辉/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('人力资源社会保障行政部门');
    expect(await row.textContent()).toContain('在岗');
  });

  it('deactivates a person after a dialog that names them and what happens', async () => {
    await page.getByRole('button', { name: '停用 欧阳明辉' }).click();
    const dialog = page.getByRole('dialog', { name: '停用欧阳明辉' });
    await dialog.waitFor();
    await dialog.getByText(/其待办链接将失效/).waitFor();
    await dialog.getByText(/ouyang\.minghui@gd\.example\.cn/).waitFor();
    await expectAccessible(page, 'deactivate dialog');
    await dialog.getByRole('button', { name: '确认停用欧阳明辉' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').getByText('已停用欧阳明辉。').waitFor();
    await expect.poll(() => page.getByRole('row', { name: /欧阳明辉/ }).textContent()).toContain('已停用');
    await screenshots(page, '22-directory-list');
  });

  it('imports a staff list with a bad cell: names the cell, imports nobody; then a good list', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sifpm-staff-'));
    const write = async (name: string, rows: string[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('人员名单');
      ws.addRow(['姓名', '电子邮箱', '手机号码', '单位代码', '部门', '险种条线', '岗位职能', '生效日期', '失效日期']);
      for (const r of rows) ws.addRow(r);
      const file = path.join(dir, name);
      writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
      return file;
    };
    const bad = await write('bad.xlsx', [
      ['梁思远', 'liang.siyuan@gz.example.cn', '', '440100', '税务部门', '', '填报', '', ''],
      ['谢佳琪', 'xie.jiaqi@gz.example.cn', '', '440100', '统计部门', '', '审核', '', ''],
    ]);
    const card = page.getByTestId('staff-import');
    // the template, downloaded with the token
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('button', { name: '下载人员名单模板（Excel）' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('staff-list.xlsx');
    const template = new ExcelJS.Workbook();
    await template.xlsx.readFile((await download.path()) as string);
    expect(template.getWorksheet('人员名单')?.getCell('A1').value).toBe('姓名');
    await card.getByLabel('人员名单文件（.xlsx）').setInputFiles(bad);
    await card.getByRole('button', { name: '导入' }).click();
    const errors = card.getByTestId('import-errors');
    await errors.waitFor();
    await errors.getByText('名单未导入，共1处问题').waitFor();
    await errors.getByRole('rowheader', { name: 'E3' }).waitFor();
    expect(await errors.locator('tbody tr').first().textContent()).toContain('统计部门');
    await screenshots(page, '23-directory-import-errors');
    await expectAccessible(page, 'directory import errors');
    const listed = await sys.call('GET', '/api/directory?org=440100', { as: PROVINCE_ADMIN });
    expect(listed.body.map((p: { email: string }) => p.email)).not.toContain('liang.siyuan@gz.example.cn');

    const good = await write('good.xlsx', [
      ['梁思远', 'liang.siyuan@gz.example.cn', '', '440000', '税务部门', '', '填报', '', ''],
    ]);
    await card.getByLabel('人员名单文件（.xlsx）').setInputFiles(good);
    await card.getByRole('button', { name: '导入' }).click();
    await card.getByText('导入完成：新增1人（名单共1行）。').waitFor();
    await page.getByRole('row', { name: /梁思远/ }).waitFor();
  });

  it('edits at the version read: a change made meanwhile is reported, reloaded, then saved', async () => {
    const listed = await sys.call('GET', '/api/directory?org=440000', { as: PROVINCE_ADMIN });
    const liang = listed.body.find((p: { name: string }) => p.name === '梁思远');
    await page.getByRole('button', { name: '修改 梁思远' }).click();
    const form = page.locator('form.person-form');
    await form.getByLabel('手机号码').fill('13900139000');
    // someone else changes the person first
    const other = await sys.call('PATCH', `/api/directory/people/${liang.id}`, {
      as: PROVINCE_ADMIN,
      body: { version: liang.version, changes: { functions: ['drafter', 'reviewer'] } },
    });
    expect(other.status).toBe(200);
    await form.getByRole('button', { name: '保存' }).click();
    await form.getByRole('alert').getByText('该人员的信息已被他人修改').waitFor();
    await form.getByRole('button', { name: '重新加载' }).click();
    await expect.poll(() => form.getByLabel('审核').isChecked()).toBe(true);
    await form.getByLabel('手机号码').fill('13900139000');
    await form.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').getByText('已保存梁思远的名录信息。').waitFor();
    const after = await sys.call('GET', `/api/directory/people/${liang.id}`, { as: PROVINCE_ADMIN });
    // the other change, then this one
    expect(after.body).toMatchObject({
      mobile: '13900139000',
      functions: ['drafter', 'reviewer'],
      version: liang.version + 2,
    });
  });

  it('names a deputy for a colleague of the lead’s own department, for a bounded time', async () => {
    const colleague = (await sys.call('GET', '/api/directory/people/finance.440000.2', { as: PROVINCE_ADMIN })).body;
    const lead = (await sys.call('GET', `/api/directory/people/${PROVINCE_ADMIN}`, { as: PROVINCE_ADMIN })).body;
    await page.getByRole('button', { name: `指定代理人 ${colleague.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `为${colleague.name}指定代理人` });
    await dialog.waitFor();
    await dialog.getByLabel('代理人', { exact: true }).selectOption({ label: lead.name });
    const until = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(Date.now() + 7 * 86_400_000);
    await dialog.getByLabel('代理截止日期').fill(until);
    await expectAccessible(page, 'deputy dialog');
    await dialog.getByRole('button', { name: '确认' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').getByText(`已更新${colleague.name}的代理人。`).waitFor();
    await expect
      .poll(() => page.locator(`tr[data-person-id="finance.440000.2"]`).textContent())
      .toContain(`代理人: ${lead.name}`);
    const after = (await sys.call('GET', '/api/directory/people/finance.440000.2', { as: PROVINCE_ADMIN })).body;
    expect(after.deputy.userId).toBe(PROVINCE_ADMIN);
    // the cover ends at the end of the chosen day in China
    expect(Date.parse(after.deputy.until)).toBe(Date.parse(`${until}T23:59:59+08:00`));
  });

  it('shows the regions in the organisation picker and no write actions to staff who are not administrators', async () => {
    await page.getByLabel('单位').selectOption('440100');
    await page.getByText(/广州市人员名录，共\d+人/).waitFor();
    await signIn(page, sys.url, REGION_AGENCY);
    await page.goto(`${sys.url}/directory`);
    await page.getByText(/广州市人员名录，共\d+人/).waitFor();
    await page.getByText('新增、修改和停用人员由名录管理员办理').waitFor();
    expect(await page.getByRole('button', { name: '新增人员' }).count()).toBe(0);
    expect(await page.getByTestId('staff-import').count()).toBe(0);
    await screenshots(page, '24-directory-read-only');
    await expectAccessible(page, 'directory read-only');
  });
});
