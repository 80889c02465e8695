import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listIndicators } from '#shared/reference/indicators';
import { runningClock, startSystem, type TestSystem } from '../helpers/local.ts';
import { decide, taskLink } from '../helpers/tasks.ts';

/**
 * Issue 17, point 1 (R4.2): the budget of a pooling region × fund × year — its lines, the gate of an approved target
 * (R7.3), an adjustment through review (R7.2), the Excel import with refusals per cell, final accounts after the
 * year, and the self-evaluation's budget execution indicators read from them. One 2026 cycle from the scenario
 * `targets-issued` (广东's 职工医保 target issued to 广州 440100; 深圳 440300 has none).
 */
const YEAR = 2026;
const GZ = '440100';
const SZ = '440300';
const FIN = `finance.${GZ}`;
const ADMIN = `medsec-admin.${GZ}`;
const AGENCY = `medsec-agency.${GZ}`;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const b = `/api/cycles/${YEAR}/budgets/${GZ}/EBMI`;

const LINES = {
  contributionIncome: '12000000.00',
  subsidy: '2400000.00',
  interestIncome: '100000.00',
  otherIncome: '0',
  benefits: '10000000.00',
  otherExpenditure: '0',
  openingBalance: '5000000.00',
};

interface ImportAnswer {
  written?: string[];
  unchanged?: string[];
  error?: { code: string; details: { errors: { cell: string; field: string; code: string }[] } };
}

async function sheet(rows: (string | number)[][]): Promise<Buffer> {
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
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('budgets: lines, the gate, adjustment through review, import, final accounts (R4.2)', () => {
  let sys: TestSystem;
  let restore = () => {};
  const importFile = async (kind: string, file: Buffer) => {
    const res = await fetch(`${sys.url}/api/budgets/import?year=${YEAR}&org=${GZ}&kind=${kind}`, {
      method: 'POST',
      headers: { 'content-type': XLSX, authorization: `Bearer ${await sys.token(FIN)}` },
      body: new Uint8Array(file),
    });
    return { status: res.status, body: (await res.json()) as ImportAnswer };
  };

  beforeAll(async () => {
    restore = runningClock('2026-01-20T10:00:00+08:00');
    sys = await startSystem({ scenario: { name: 'targets-issued', year: YEAR } });
  }, 600_000);
  afterAll(async () => {
    restore();
    await sys.close();
  });

  it('arranges the lines only after an approved target (R7.3), computes the totals, and keeps the arrangement', async () => {
    const gated = await sys.call('POST', '/api/budgets', {
      as: `finance.${SZ}`,
      body: { year: YEAR, org: SZ, fund: 'EBMI', lines: LINES },
    });
    expect(gated.status).toBe(409);
    expect(gated.body.error.code).toBe('TARGET_NOT_APPROVED');

    const arranged = await sys.call('POST', '/api/budgets', {
      as: FIN,
      body: { year: YEAR, org: GZ, fund: 'EBMI', lines: LINES },
    });
    expect(arranged.status, JSON.stringify(arranged.body)).toBe(201);
    expect(arranged.body).toMatchObject({
      budgetVersion: 1,
      targetVersion: 1,
      lines: { income: '14500000.00', expenditure: '10000000.00', surplus: '4500000.00', closingBalance: '9500000.00' },
    });
    // the same lines again change nothing; other lines are an adjustment
    const again = await sys.call('POST', '/api/budgets', {
      as: FIN,
      body: { year: YEAR, org: GZ, fund: 'EBMI', lines: LINES },
    });
    expect(again.status).toBe(200);
    const changed = await sys.call('POST', '/api/budgets', {
      as: FIN,
      body: { year: YEAR, org: GZ, fund: 'EBMI', lines: { ...LINES, benefits: '1.00' } },
    });
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('BUDGET_ALREADY_ARRANGED');
    const other = await sys.call('GET', b, { as: `finance.${SZ}` });
    expect(other.status).toBe(403);
  });

  it('imports the budget system’s export: every refused cell named, nothing written; the same file again is a no-op', async () => {
    const template = await fetch(`${sys.url}/api/budgets/template`, {
      headers: { authorization: `Bearer ${await sys.token(FIN)}` },
    });
    expect(template.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await template.arrayBuffer()) as ArrayBuffer);
    expect(wb.getWorksheet('基金预算')?.getCell('C1').value).toBe('社会保险费收入（元）');

    const bad = await importFile(
      'budget',
      await sheet([
        ['EBMI', '', 12000000, 2400000, 100000, 0, 10000000, 0, 5000000],
        ['URMI', '', '十万', 1, 1, 1, -5, 1, 1],
        ['NOPE', '', 1, 1, 1, 1, 1, 1, 1],
      ]),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error?.code).toBe('IMPORT_REFUSED');
    const cells = (bad.body.error?.details.errors ?? []).map((e) => [e.cell, e.field, e.code]);
    expect(cells).toEqual([
      ['C3', 'contributionIncome', 'NOT_AN_AMOUNT'],
      ['G3', 'benefits', 'NOT_AN_AMOUNT'],
      ['A4', 'fund', 'UNKNOWN_FUND'],
    ]);
    // URMI's row is refused on its fund cell too once its cells are right: no approved target
    const gated = await importFile('budget', await sheet([['URMI', '', 1, 1, 1, 1, 1, 1, 1]]));
    expect(gated.body.error?.details.errors).toMatchObject([
      { cell: 'A2', field: 'fund', code: 'TARGET_NOT_APPROVED' },
    ]);

    const same = await importFile(
      'budget',
      await sheet([['EBMI', '', 12000000, 2400000, 100000, 0, 10000000, 0, 5000000]]),
    );
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body).toMatchObject({ written: [], unchanged: ['EBMI'] });
  });

  it('adjusts the budget through 初审 and 审核 (R7.2): the approved lines become version 2; a return changes nothing', async () => {
    const proposed = await sys.call('POST', `${b}/adjust`, {
      as: FIN,
      body: { lines: { ...LINES, benefits: '11000000.00' }, reason: '待遇标准提高' },
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(202);
    await sys.settled();
    const twice = await sys.call('POST', `${b}/adjust`, {
      as: FIN,
      body: { lines: { ...LINES, benefits: '12000000.00' }, reason: '再调' },
    });
    expect(twice.body.error.code).toBe('ADJUSTMENT_IN_REVIEW');
    expect((await sys.call('GET', b, { as: FIN })).body).toMatchObject({
      budgetVersion: 1,
      adjustment: { status: 'preliminary-review', round: 1 },
    });

    const first = await decide(sys, ADMIN, await taskLink(sys, ADMIN, /预算调整初审/), 'approve');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const second = await decide(sys, FIN, await taskLink(sys, FIN, /预算调整审核/), 'approve');
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    await sys.settled();
    const after = await sys.call('GET', b, { as: FIN });
    expect(after.body).toMatchObject({
      budgetVersion: 2,
      lines: { benefits: '11000000.00', expenditure: '11000000.00' },
      adjustment: { status: 'applied' },
    });
    expect(after.body.versions.map((v: { kind: string }) => v.kind)).toEqual(['arranged', 'adjusted']);

    await sys.call('POST', `${b}/adjust`, {
      as: FIN,
      body: { lines: { ...LINES, benefits: '15000000.00' }, reason: '扩面' },
    });
    await sys.settled();
    const back = await decide(sys, ADMIN, await taskLink(sys, ADMIN, /预算调整初审/), 'return', '依据不足');
    expect(back.status).toBe(200);
    await sys.settled();
    expect((await sys.call('GET', b, { as: FIN })).body).toMatchObject({
      budgetVersion: 2,
      lines: { benefits: '11000000.00' },
      adjustment: { status: 'returned', round: 2, lastComment: { text: '依据不足' } },
    });
  }, 120_000);

  it('prefills a monitoring period with the budget in force: a typed budget is ignored once one is arranged', async () => {
    restore();
    restore = runningClock('2026-02-01T09:00:00+08:00'); // January's period is open
    await sys.local.scheduler.check();
    await sys.settled();
    const figures = { contributionIncome: '1000000', subsidy: '200000', benefits: '800000', income: '1200000' };
    const res = await sys.call('PUT', `/api/cycles/${YEAR}/monitoring/${GZ}/EBMI/periods/${YEAR}-01-31`, {
      as: AGENCY,
      body: {
        budget: { contributionIncome: '1', subsidy: '1', benefits: '1', income: '1', expenditure: '1' },
        actual: { ...figures, expenditure: '800000', balance: '5400000' },
        indicators: [],
        notes: { riskControl: '风险可控', financialManagement: '核算规范' },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // version 2 of the budget: benefits 11000000, income 14500000
    expect(res.body.submission.budget).toEqual({
      contributionIncome: '12000000.00',
      subsidy: '2400000.00',
      benefits: '11000000.00',
      income: '14500000.00',
      expenditure: '11000000.00',
    });
  });

  it('records final accounts after the year only; the self-evaluation’s execution indicators read them, and a figure stated otherwise needs its explanation (R18.3)', async () => {
    const early = await sys.call('PUT', `${b}/final-accounts`, { as: FIN, body: { lines: LINES } });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('BUDGET_YEAR_NOT_OVER');

    restore();
    restore = runningClock('2027-01-05T10:00:00+08:00'); // the budget year is over
    const finalLines = { ...LINES, contributionIncome: '11600000.00', benefits: '10450000.00' };
    const recorded = await sys.call('PUT', `${b}/final-accounts`, { as: FIN, body: { lines: finalLines } });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    // income 14100000 of 14500000 budgeted; expenditure 10450000 of 11000000 (version 2)
    expect(recorded.body.execution).toEqual({ income: '97.24', expenditure: '95.00' });

    const opened = await sys.call('POST', `/api/cycles/${YEAR}/evaluations/open`, { as: 'finance.100000' });
    expect(opened.status, JSON.stringify(opened.body)).toBeLessThan(300);
    await sys.settled();
    const execution = ['income-budget-execution', 'expenditure-budget-execution', 'budget-adjustment-rate'];
    // the typed figures leave two execution indicators out (the final accounts fill them) and state one otherwise
    const actuals = listIndicators({ fund: 'EBMI' })
      .filter((i) => i.id !== 'income-budget-execution' && i.id !== 'budget-adjustment-rate')
      .map((i) => {
        const t = i.defaultTarget as { value?: string; min?: string; grade?: string } | undefined;
        return {
          id: i.id,
          actual: i.id === 'expenditure-budget-execution' ? '50' : (t?.grade ?? t?.value ?? t?.min ?? '0'),
        };
      });
    const path = `/api/cycles/${YEAR}/evaluations/${GZ}/EBMI/actuals`;
    // a typed figure that differs from the final accounts is refused without an explanation (R18.3), at its field
    const unexplained = await sys.call('PUT', path, { as: AGENCY, body: { actuals } });
    expect(unexplained.status, JSON.stringify(unexplained.body)).toBe(422);
    const at = actuals.findIndex((a) => a.id === 'expenditure-budget-execution');
    expect(unexplained.body.error.details.issues).toEqual([
      {
        path: `actuals.${at}.explanation`,
        code: 'DISCREPANCY_UNEXPLAINED',
        message: {
          zh: '实际值50与决算数95.00不一致，须填写差异说明',
          en: "The actual value 50 differs from the final accounts' 95.00; explain the difference",
        },
      },
    ]);
    const before = await sys.call('GET', `/api/cycles/${YEAR}/evaluations?org=${GZ}`, { as: AGENCY });
    expect(before.body.find((e: { fund: string }) => e.fund === 'EBMI').actuals).toEqual([]); // nothing written

    // explained, the stated figure stands beside what the final accounts say; left-out ones come from them
    const explained = actuals.map((a) =>
      a.id === 'expenditure-budget-execution' ? { ...a, explanation: '决算含跨年度结算的待遇支出' } : a,
    );
    const saved = await sys.call('PUT', path, { as: AGENCY, body: { actuals: explained } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const byId = Object.fromEntries(
      (saved.body.actuals as { id: string; actual: string }[]).map((a) => [a.id, a.actual]),
    );
    expect(execution.map((id) => byId[id])).toEqual(['97.24', '50', '10.00']);
    expect(saved.body.discrepancies).toEqual([
      { id: 'expenditure-budget-execution', stated: '50', finalAccounts: '95.00', explained: true },
    ]);
  }, 180_000);
});
