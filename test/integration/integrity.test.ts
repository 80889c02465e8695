import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '#shared/platform/clock';
import { startSystem, type TestSystem } from '../helpers/local.ts';
import { issueEbmiToRegions } from '../helpers/monitoring.ts';

/**
 * Issue 18 over the API: the tax department's collection against the agency's record, a region far from its
 * province's others, and a fund whose reserve is running short — each a finding with its figures, told to whom it
 * concerns, and listed by `GET /api/cycles/{y}/risk`.
 */
const YEAR = 2026;
const GD = '440000';
// 广州 韶关 深圳 珠海 汕头 佛山: six pooling regions of one province, so that one can stand out
const REGIONS = ['440100', '440200', '440300', '440400', '440500', '440600'];
const [GZ, SG, SZ] = REGIONS as [string, string, string];
const FS = '440600';
const at = (iso: string) => Date.parse(iso);
let clock = at('2025-12-01T10:00:00+08:00');

const BUDGET = {
  contributionIncome: '1200000000.00',
  subsidy: '240000000.00',
  benefits: '1000000000.00',
  income: '1500000000.00',
  expenditure: '1400000000.00',
};
/** January, year to date (yuan): expenditure 8.6 % of the budget, a balance of about nine months. */
const JAN = {
  contributionIncome: '100000000',
  subsidy: '20000000',
  benefits: '100000000',
  income: '125000000',
  expenditure: '120000000',
  balance: '1000000000',
};
const body = (actual: Record<string, string>) => ({
  budget: BUDGET,
  actual,
  indicators: [
    { id: 'collection-rate', value: '98.5' },
    { id: 'risk-control', grade: '良' },
  ],
  notes: { riskControl: '基金运行平稳 / stable', financialManagement: '按月对账 / reconciled monthly' },
});

describe('fund risk early warning and data truthfulness (issue 18: 第二条, 第五条, 第十八条)', () => {
  let sys: TestSystem;
  let restore: () => void;
  const submit = (org: string, actual: Record<string, string>, version?: number) =>
    sys.call('PUT', `/api/cycles/${YEAR}/monitoring/${org}/EBMI/periods/2026-01-31`, {
      as: `medsec-agency.${org}`,
      body: { ...body(actual), ...(version ? { version } : {}) },
    });
  const tax = (org: string, contributions: string, as = `tax.${org}`, version?: number) =>
    sys.call('PUT', `/api/cycles/${YEAR}/monitoring/${org}/EBMI/tax/2026-01-31`, {
      as,
      body: { contributions, ...(version ? { version } : {}) },
    });
  const mailsTo = async (user: string, subject: RegExp) =>
    (await sys.mail()).filter((m) => m.to.includes(`${user}@sifpm.example.cn`) && subject.test(m.subject));
  const codesOf = (res: { body: { findings: { code: string; status: string }[] } }) =>
    res.body.findings.filter((f) => f.status !== 'resolved').map((f) => f.code);

  beforeAll(async () => {
    restore = setClock(() => clock);
    sys = await startSystem();
    const kickoff = await sys.call('POST', '/api/cycles', {
      as: 'finance.100000',
      body: { year: YEAR, targetsDue: '2025-12-20' },
    });
    expect(kickoff.status).toBe(202);
    await sys.settled();
    await issueEbmiToRegions(sys, YEAR, GD, REGIONS);
    clock = at('2026-02-02T09:00:00+08:00'); // January's period is open
    await sys.local.scheduler.check();
    await sys.settled();
  });
  afterAll(async () => {
    await sys?.close();
    restore?.();
  });

  it('compares the tax department’s collection with the agency’s record: a finding with both figures, mailed to both, resolved once they agree', async () => {
    // refusals first: they write nothing
    expect((await tax(GZ, '-1')).status).toBe(400);
    expect((await tax(GZ, '102000000', `medsec-agency.${GZ}`)).status).toBe(403);
    expect((await tax(GZ, '102000000', `tax.${SG}`)).status).toBe(403);
    const first = await tax(GZ, '100000000');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ agency: null, mismatch: null, taxCollection: { contributions: '10000000000' } });
    // the agency then records 3 % more than the tax department collected
    const submitted = await submit(GZ, { ...JAN, contributionIncome: '103000000', income: '128000000' });
    expect(submitted.status).toBe(200);
    const finding = submitted.body.findings.find((f: { code: string }) => f.code === 'tax-mismatch');
    expect(finding).toMatchObject({
      severity: 'minor',
      details: { agency: '10300000000', tax: '10000000000', gap: '300000000', share: '0.0300' },
    });
    expect(finding.message.zh).toContain('3.00%');
    for (const user of [`medsec-agency.${GZ}`, `tax.${GZ}`]) {
      const [mail] = await mailsTo(user, /【数据核对】.*社会保险费收入与税务征收数不一致/);
      expect(mail?.text).toContain('103000000.00元');
    }
    // the tax department corrects its figure: the two agree and the finding is resolved
    const corrected = await tax(GZ, '103000000', `tax.${GZ}`, 1);
    expect(corrected.body).toMatchObject({ mismatch: null, taxCollection: { version: 2 } });
    const monitoring = await sys.call('GET', `/api/cycles/${YEAR}/monitoring?org=${GZ}&fund=EBMI`, {
      as: `finance.${GZ}`,
    });
    const findings = monitoring.body.funds[0].findings as { code: string; status: string }[];
    expect(findings.find((f) => f.code === 'tax-mismatch')?.status).toBe('resolved');
    // a stale version is a conflict and changes nothing
    expect((await tax(GZ, '1', `tax.${GZ}`, 1)).status).toBe(409);
  });

  it('flags a region far from its province’s others to the province, to be verified', async () => {
    // the others spend 8.2 % to 8.9 % of the year's budget in January
    const spent = { [SG]: '115000000', [SZ]: '118000000', '440400': '122000000', '440500': '125000000' };
    for (const [org, expenditure] of Object.entries(spent)) {
      const res = await submit(org, { ...JAN, expenditure });
      expect(res.status).toBe(200);
      expect(codesOf(res).filter((c) => c.startsWith('outlier-'))).toEqual([]);
    }
    // 佛山 reports a third of the year's budgeted expenditure spent in January: far from the others' 8.6 %
    const fs = await submit(FS, { ...JAN, benefits: '460000000', expenditure: '470000000', balance: '650000000' });
    expect(codesOf(fs)).toContain('outlier-expenditure-rate');
    const [mail] = await mailsTo(`finance.${GD}`, /【待核实】佛山市/);
    expect(mail?.text).toContain('基金支出执行率');
    const risk = await sys.call('GET', `/api/cycles/${YEAR}/risk?org=${GD}`, { as: `finance.${GD}` });
    expect(risk.status).toBe(200);
    const verify = risk.body.toVerify.filter((v: { code: string }) => v.code === 'outlier-expenditure-rate');
    expect(verify.map((v: { org: string }) => v.org)).toEqual([FS]);
    expect(verify[0].figures).toMatchObject({ measure: 'expenditure-rate' });
    // a later submission of the period looks for outliers again: 佛山's, raised before, is read, not written again
    await sys.settled();
    const before = { ...sys.local.metrics().dynamodb.requests };
    expect((await submit(SG, { ...JAN, expenditure: '115000000' }, 1)).status).toBe(200);
    const after = sys.local.metrics().dynamodb.requests;
    expect((after.TransactWriteItems ?? 0) - (before.TransactWriteItems ?? 0)).toBe(1); // the submission's own
    expect(await mailsTo(`finance.${GD}`, /【待核实】佛山市/)).toHaveLength(1);
  });

  it('warns the province and central of a fund whose reserve runs short, ranks it, and keeps regions out of the view', async () => {
    // 深圳 corrects January: a balance of 50 million against 117 million a month of expenditure
    const res = await submit(SZ, { ...JAN, expenditure: '118000000', balance: '50000000' }, 1);
    expect(res.status).toBe(200);
    const warning = res.body.findings.find((f: { code: string }) => f.code === 'reserve-risk');
    expect(warning).toMatchObject({ dimension: 'risk', severity: 'major', status: 'noted' });
    expect(warning.details).toMatchObject({ method: 'budget-profile', range: null });
    // the budget's own profile (no earlier years): a little more in than out each month, too little to reach 3 months
    expect(warning.details.runsOutIn).toBeNull();
    expect(warning.details.monthsPayable).toBeLessThan(3);
    for (const user of [`finance.${GD}`, 'finance.100000']) {
      expect(await mailsTo(user, /【基金风险预警·重大】深圳市/)).toHaveLength(1);
    }
    const province = await sys.call('GET', `/api/cycles/${YEAR}/risk?org=${GD}`, { as: `finance.${GD}` });
    expect(province.body.atRisk[0]).toMatchObject({ org: SZ, fund: 'EBMI', severity: 'major' });
    expect(province.body.atRisk[0].note.zh).toContain('不足两年');
    const central = await sys.call('GET', `/api/cycles/${YEAR}/risk`, { as: 'finance.100000' });
    expect(central.body.atRisk.map((r: { org: string }) => r.org)).toContain(SZ);
    expect((await sys.call('GET', `/api/cycles/${YEAR}/risk?org=${GD}`, { as: `finance.${GZ}` })).status).toBe(403);
    expect((await sys.call('GET', `/api/cycles/${YEAR}/risk?org=440000`, { as: 'finance.110000' })).status).toBe(403);
  });
});
