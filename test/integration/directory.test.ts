import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importedPersonId } from '#shared/directory/import';
import { MAX_STAFF_ROWS } from '#shared/directory/staff-list';
import { createPerson, personKey } from '#shared/directory/store';
import { auditTrail } from '#shared/platform/records';
import { keys } from '#shared/platform/table';
import { startSystem, type TestSystem } from '../helpers/local.ts';

/** Importing an Excel staff list (issue 15, point 1): per-cell refusals, nothing written on refusal, retry-safe. */

const GD = '440000';
const GZ = '440100';
const GD_ADMIN = `finance.${GD}`;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = ['姓名', '电子邮箱', '手机号码', '单位代码', '部门', '险种条线', '岗位职能', '生效日期', '失效日期'];

let sys: TestSystem;
beforeAll(async () => {
  sys = await startSystem();
}, 120_000);
afterAll(() => sys?.close());

async function staffList(rows: (string | number | Date | null)[][], header = HEADER): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员名单');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function importList(file: Buffer, org: string, as: string) {
  const res = await fetch(`${sys.url}/api/directory/import?org=${org}`, {
    method: 'POST',
    headers: { 'content-type': XLSX, authorization: `Bearer ${await sys.token(as)}` },
    body: new Uint8Array(file),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a response is arbitrary JSON that each test inspects
  return { status: res.status, body: (await res.json()) as any };
}

const emailsOf = async (org: string): Promise<string[]> => {
  const res = await sys.call('GET', `/api/directory?org=${org}`, { as: GD_ADMIN });
  expect(res.status).toBe(200);
  return res.body.map((p: { email: string }) => p.email);
};

describe('import from an Excel staff list', () => {
  it('offers a template with the header row, a sample row and drop-down lists', async () => {
    const res = await fetch(`${sys.url}/api/directory/template`, {
      headers: { authorization: `Bearer ${await sys.token(GD_ADMIN)}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const ws = wb.getWorksheet('人员名单') as ExcelJS.Worksheet;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
    expect(String(ws.getCell('A2').value)).toContain('示例');
    expect(ws.getCell('E3').dataValidation?.type).toBe('list');
    expect(ws.getCell('G3').dataValidation?.type).toBe('list');
    // the template as downloaded imports nothing: its sample row is skipped
    const empty = await importList(Buffer.from(await wb.xlsx.writeBuffer()), GZ, GD_ADMIN);
    expect(empty.status).toBe(422);
    expect(empty.body.error.details.errors[0].code).toBe('NO_ROWS');
  });

  it('creates the people of a valid file, and importing the same file again adds nobody', async () => {
    const file = await staffList([
      [
        '陈晓东',
        'chen.xiaodong@gz.example.cn',
        '13800138001',
        GZ,
        '人力资源社会保障经办机构',
        '',
        '填报、审核',
        '2026-01-01',
        '',
      ],
      ['林雪梅', 'lin.xuemei@gz.example.cn', null, GZ, '医疗保障经办机构', '医保', '审核', null, null],
      [
        '黄志远',
        'Huang.Zhiyuan@gd.example.cn',
        null,
        GD,
        '财政部门',
        '人社,医保',
        '填报，负责人',
        new Date('2026-02-01'),
        '2027-12-31',
      ],
    ]);
    const first = await importList(file, GD, GD_ADMIN);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ rows: 3, created: 3, skipped: 0 });
    expect(await emailsOf(GZ)).toEqual(
      expect.arrayContaining(['chen.xiaodong@gz.example.cn', 'lin.xuemei@gz.example.cn']),
    );
    const gd = await sys.call('GET', `/api/directory?org=${GD}`, { as: GD_ADMIN });
    const huang = gd.body.find((p: { email: string }) => p.email === 'huang.zhiyuan@gd.example.cn');
    expect(huang).toMatchObject({
      name: '黄志远',
      department: 'finance',
      functions: ['drafter', 'lead'],
      lines: ['hrss', 'medsec'],
      activeFrom: '2026-02-01T00:00:00+08:00',
      activeUntil: '2027-12-31T00:00:00+08:00',
    });
    const again = await importList(file, GD, GD_ADMIN);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ rows: 3, created: 0, skipped: 3, people: first.body.people });
    const gz = await emailsOf(GZ);
    expect(gz.filter((e) => e === 'chen.xiaodong@gz.example.cn')).toHaveLength(1);
  });

  it('refuses a file with bad cells, naming exactly those cells, and writes nothing', async () => {
    const before = await emailsOf(GZ);
    const file = await staffList([
      ['赵一鸣', 'zhao.yiming@gz.example.cn', null, GZ, '税务部门', '', '填报', null, null], // row 2: good
      ['钱二', 'not-an-address', null, GZ, '税务部门', '', '填报', null, null], // B3: bad address
      ['孙三', 'sun.san@gz.example.cn', null, GZ, '统计部门', '', '填报', null, null], // E4: no such department
      ['李四', 'ZHAO.yiming@gz.example.cn', null, GZ, '税务部门', '', '审核', null, null], // B5: repeats B2
      ['周五', 'chen.xiaodong@gz.example.cn', null, GZ, '税务部门', '', '审核', null, null], // B6: in the directory
    ]);
    const res = await importList(file, GZ, GD_ADMIN);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('IMPORT_REFUSED');
    const errors = res.body.error.details.errors as { sheet: string; cell: string; code: string; message: unknown }[];
    expect(errors.map((e) => [e.cell, e.code])).toEqual([
      ['B3', 'INVALID_VALUE'],
      ['E4', 'UNKNOWN_DEPARTMENT'],
      ['B5', 'EMAIL_REPEATED'],
      ['B6', 'EMAIL_TAKEN'],
    ]);
    for (const e of errors) {
      expect(e.sheet).toBe('人员名单');
      expect(e.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
    }
    expect(await emailsOf(GZ)).toEqual(before);
  });

  it('refuses a provincial administrator importing into another province or naming a directory administrator', async () => {
    const other = await importList(
      await staffList([['吴六', 'wu.liu@js.example.cn', null, '320000', '财政部门', '', '填报', null, null]]),
      '320000',
      GD_ADMIN,
    );
    expect(other.status).toBe(403);
    // nor by naming the other province in a row of its own import
    const row = await importList(
      await staffList([['吴六', 'wu.liu@js.example.cn', null, '320000', '财政部门', '', '填报', null, null]]),
      GD,
      GD_ADMIN,
    );
    expect(row.status).toBe(422);
    expect(row.body.error.details.errors.map((e: { cell: string }) => e.cell)).toEqual(['D2']);
    const admin = await importList(
      await staffList([['郑七', 'zheng.qi@gd.example.cn', null, GD, '财政部门', '', '填报、名录管理员', null, null]]),
      GD,
      GD_ADMIN,
    );
    expect(admin.status).toBe(422);
    expect(admin.body.error.details.errors).toEqual([
      expect.objectContaining({ cell: 'G2', code: 'ADMINS_BY_CENTRAL' }),
    ]);
    expect(await emailsOf(GD)).not.toContain('zheng.qi@gd.example.cn');
  });

  it('lets central name a province’s directory administrator by import, but not its other staff', async () => {
    const CENTRAL_ADMIN = 'finance.100000';
    const res = await importList(
      await staffList([
        ['郑七', 'zheng.qi@gd.example.cn', null, GD, '财政部门', '', '名录管理员、负责人', null, null],
        ['冯八', 'feng.ba@gd.example.cn', null, GD, '税务部门', '', '填报', null, null],
      ]),
      GD,
      CENTRAL_ADMIN,
    );
    expect(res.status).toBe(422);
    expect(res.body.error.details.errors).toEqual([
      expect.objectContaining({ cell: 'D3', code: 'NOT_YOURS_TO_MANAGE' }),
    ]);
    const ok = await importList(
      await staffList([['郑七', 'zheng.qi@gd.example.cn', null, GD, '财政部门', '', '名录管理员、负责人', null, null]]),
      GD,
      CENTRAL_ADMIN,
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const gd = await sys.call('GET', `/api/directory?org=${GD}`, { as: GD_ADMIN });
    expect(gd.body.find((p: { email: string }) => p.email === 'zheng.qi@gd.example.cn')?.functions).toEqual([
      'directory-admin',
      'lead',
    ]);
  });

  it('reports an address repeated in the file even where the row has other problems', async () => {
    const res = await importList(
      await staffList([
        ['甲乙', 'same@gz.example.cn', null, GZ, '税务部门', '', '填报', null, null],
        ['丙丁', 'SAME@gz.example.cn', null, GZ, '税务部门', '', '会计', null, null],
      ]),
      GZ,
      GD_ADMIN,
    );
    expect(res.status).toBe(422);
    expect(res.body.error.details.errors.map((e: { cell: string; code: string }) => [e.cell, e.code])).toEqual([
      ['B3', 'EMAIL_REPEATED'],
      ['G3', 'UNKNOWN_FUNCTION'],
    ]);
  });

  it('refuses a person who is not a directory administrator, before reading the file', async () => {
    const file = await staffList([['王八', 'wang.ba@gz.example.cn', null, GZ, '税务部门', '', '填报', null, null]]);
    const res = await importList(file, GZ, `hrss-agency.${GZ}`);
    expect(res.status).toBe(403);
    const template = await fetch(`${sys.url}/api/directory/template`, {
      headers: { authorization: `Bearer ${await sys.token(`hrss-agency.${GZ}`)}` },
    });
    expect(template.status).toBe(403);
  });

  it('refuses a list of more rows than one file may hold, before reading the directory', async () => {
    const rows = Array.from({ length: MAX_STAFF_ROWS + 1 }, (_, i) => [
      `测试${i}`,
      `t${i}@gz.example.cn`,
      null,
      GZ,
      '税务部门',
      '',
      '填报',
      null,
      null,
    ]);
    const res = await importList(await staffList(rows), GZ, GD_ADMIN);
    expect(res.status).toBe(422);
    expect(res.body.error.details.errors).toEqual([
      expect.objectContaining({ cell: `A${MAX_STAFF_ROWS + 2}`, code: 'TOO_MANY_ROWS' }),
    ]);
  });

  it('refuses a body that is not an Excel workbook', async () => {
    const res = await fetch(`${sys.url}/api/directory/import?org=${GZ}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${await sys.token(GD_ADMIN)}` },
      body: '姓名,电子邮箱\n',
    });
    expect(res.status).toBe(415);
    const junk = await fetch(`${sys.url}/api/directory/import?org=${GZ}`, {
      method: 'POST',
      headers: { 'content-type': XLSX, authorization: `Bearer ${await sys.token(GD_ADMIN)}` },
      body: new Uint8Array(Buffer.from('not a zip at all')),
    });
    expect(junk.status).toBe(422);
    expect(
      ((await junk.json()) as { error: { details: { errors: { cell: string }[] } } }).error.details.errors[0]?.cell,
    ).toBe('A1');
  });
});

describe('an import that stopped part-way', () => {
  it('is completed by importing the same file again, without duplicates', async () => {
    const file = await staffList([
      ['何晨曦', 'he.chenxi@gz.example.cn', null, GZ, '税务部门', '', '填报', null, null],
      ['罗海燕', 'luo.haiyan@gz.example.cn', null, GZ, '税务部门', '', '审核', null, null],
    ]);
    // the first row written, then the crash: what a first attempt leaves behind
    const sha = createHash('sha256').update(file).digest('hex');
    const id = importedPersonId(sha, 2);
    const at = new Date().toISOString();
    await createPerson(
      {
        ...personKey(id),
        id,
        name: '何晨曦',
        email: 'he.chenxi@gz.example.cn',
        orgCode: GZ,
        department: 'tax',
        functions: ['drafter'],
        activeFrom: at,
        version: 1,
        updatedAt: at,
        updatedBy: GD_ADMIN,
      },
      { id: GD_ADMIN, orgCode: GD },
      'directory.import',
    );
    const res = await importList(file, GZ, GD_ADMIN);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ rows: 2, created: 1, skipped: 1 });
    expect(res.body.people[0]).toBe(id);
    const gz = await emailsOf(GZ);
    expect(gz.filter((e) => e === 'he.chenxi@gz.example.cn')).toHaveLength(1);
    expect(gz).toContain('luo.haiyan@gz.example.cn');
    // the person the cut-short attempt wrote gets their account too, and signs in
    const he = await sys.call('GET', `/api/directory/people/${id}`, { as: GD_ADMIN });
    expect(he.body.subject).toBe(id);
    const me = await sys.call('GET', '/api/me', { as: id });
    expect(me.body).toMatchObject({ userId: id, name: '何晨曦', orgCode: GZ, department: 'tax' });
    // the import is recorded once, audited
    const trail = await auditTrail(keys.directoryImport(sha));
    expect(trail.map((e) => e.action)).toEqual(['directory.import']);
  });
});
