import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '#shared/platform/clock';
import { listFunds } from '#shared/reference/funds';
import { performanceUnits } from '#shared/reference/orgs';
import { startSystem, type TestSystem } from '../helpers/local.ts';
import { heldClock, issueEbmi } from '../helpers/overviews.ts';

/**
 * Issue 16, point 3: the overviews after a small scripted cycle — kickoff, Guangdong's 职工基本医疗 target issued to
 * 广州 and 深圳, January's monitoring: 广州 on time with execution behind the time elapsed, 深圳 late.
 */
const YEAR = 2026;
const GD = '440000';
const GZ = '440100';
const SZ = '440300';
const ZH = '440400'; // 珠海: not given the target
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const KICKOFF = '2025-12-01T10:00:00+08:00';
const clock = heldClock(KICKOFF);

/** Move the clock, fire the daily tick, then wait until `ready` holds. */
async function moveTo(sys: TestSystem, iso: string, ready: () => Promise<boolean>, what: string) {
  clock.set(iso);
  await sys.local.scheduler.check();
  await clock.until(sys, ready, what);
}

const shanghaiDay = (iso: string) => new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });

const BUDGET = {
  contributionIncome: '1200000000.00',
  subsidy: '240000000.00',
  benefits: '1000000000.00',
  income: '1500000000.00',
  expenditure: '2000000000.00',
};
const JAN = {
  contributionIncome: '102000000',
  subsidy: '20400000',
  benefits: '85000000',
  income: '127500000',
  expenditure: '150000000',
  balance: '900000000',
};
// benefits 4 % and expenditure 2.5 % of the budget by 31 January, against 8.49 % of the year elapsed
const JAN_BEHIND = { ...JAN, benefits: '40000000', expenditure: '50000000' };
const submission = (actual: Record<string, string>) => ({
  budget: BUDGET,
  actual,
  indicators: [
    { id: 'collection-rate', value: '98.5' },
    { id: 'risk-control', grade: '良' },
  ],
  notes: {
    riskControl: '基金运行平稳，无挤占挪用 / fund stable, no misuse',
    financialManagement: '按月对账，账实相符 / monthly reconciliation, accounts match',
  },
});

/** A download, as bytes with its headers (the test system's `call` reads text). */
async function download(sys: TestSystem, path: string, as: string) {
  const res = await fetch(`${sys.url}${path}`, { headers: { authorization: `Bearer ${await sys.token(as)}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function sheetOf(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[0] as ExcelJS.Worksheet;
  const rows: unknown[][] = [];
  ws.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return { ws, header: rows[0] as string[], rows: rows.slice(1) };
}

describe('the overviews (issue 16): national monitoring, the region × fund matrix, completeness by tier', () => {
  let sys: TestSystem;
  let restore: () => void;
  let findings: { gz: number; sz: number };
  beforeAll(async () => {
    restore = setClock(clock.now);
    sys = await startSystem();
    const kickoff = await sys.call('POST', '/api/cycles', {
      as: 'finance.100000',
      body: { year: YEAR, targetsDue: '2025-12-20' },
    });
    expect(kickoff.status).toBe(202);
    await sys.settled();
    await issueEbmi(sys, clock, YEAR, GD, [GZ, SZ]);
    const period = async (org: string) =>
      (await sys.call('GET', `/api/cycles/${YEAR}/monitoring?org=${org}&fund=EBMI`, { as: `finance.${org}` })).body
        .funds[0]?.periods[0];
    // January's period opens, due 10 February
    await moveTo(
      sys,
      '2026-02-01T09:00:00+08:00',
      async () => (await period(GZ))?.status === 'open',
      'January’s period open',
    );
    const gz = await sys.call('PUT', `/api/cycles/${YEAR}/monitoring/${GZ}/EBMI/periods/2026-01-31`, {
      as: `medsec-agency.${GZ}`,
      body: submission(JAN_BEHIND),
    });
    expect(gz.status, JSON.stringify(gz.body)).toBe(200);
    // 深圳 missed it; it submits a day late
    await moveTo(
      sys,
      '2026-02-11T09:00:00+08:00',
      async () => (await period(SZ))?.status === 'missed',
      '深圳’s period missed',
    );
    const sz = await sys.call('PUT', `/api/cycles/${YEAR}/monitoring/${SZ}/EBMI/periods/2026-01-31`, {
      as: `medsec-agency.${SZ}`,
      body: submission(JAN),
    });
    expect(sz.status, JSON.stringify(sz.body)).toBe(200);
    await sys.settled();
    const open = async (org: string) =>
      (
        await sys.call('GET', `/api/cycles/${YEAR}/monitoring?org=${org}&fund=EBMI`, { as: `finance.${org}` })
      ).body.funds[0].findings.filter((f: { status: string }) => !['closed', 'resolved'].includes(f.status)).length;
    findings = { gz: await open(GZ), sz: await open(SZ) };
  }, 600_000);
  afterAll(async () => {
    await sys?.close();
    restore?.();
  });

  it('shows central the provinces × funds: submitted, late, open findings, execution behind time', async () => {
    expect(findings.gz).toBeGreaterThanOrEqual(1); // a budget line behind the time elapsed
    expect(findings.sz).toBeGreaterThanOrEqual(1); // the missed period
    const res = await sys.call('GET', `/api/cycles/${YEAR}/overviews/monitoring`, { as: 'finance.100000' });
    expect(res.status).toBe(200);
    expect(res.body.scope).toBeNull();
    expect(res.body.rows.length).toBe(33); // 31 provinces, the XPCC, the central unit
    const gd = res.body.rows.find((r: { org: string }) => r.org === GD);
    expect(gd.name.zh).toBe('广东省');
    expect(gd.cells.EBMI).toEqual({
      units: 2,
      due: 2,
      submitted: 2,
      late: 1,
      missing: 0,
      openFindings: findings.gz + findings.sz,
      behind: 1,
    });
    expect(gd.cells.UI).toMatchObject({ units: 0, due: 0, submitted: 0 });
    const js = res.body.rows.find((r: { org: string }) => r.org === '320000');
    expect(js.total).toMatchObject({ units: 0, submitted: 0, openFindings: 0 });
    expect(res.body.total).toMatchObject({ units: 2, submitted: 2, late: 1, behind: 1 });

    // the province reads its own regions; by default its own
    const own = await sys.call('GET', `/api/cycles/${YEAR}/overviews/monitoring`, { as: `finance.${GD}` });
    expect(own.status).toBe(200);
    expect(own.body.scope).toMatchObject({ org: GD });
    expect(own.body.rows.map((r: { org: string }) => r.org)).toEqual([GZ, SZ]);
    const sz = own.body.rows.find((r: { org: string }) => r.org === SZ);
    expect(sz.cells.EBMI).toMatchObject({ units: 1, submitted: 1, late: 1, behind: 0, openFindings: findings.sz });
    const other = await sys.call('GET', `/api/cycles/${YEAR}/overviews/monitoring?org=320000`, {
      as: `finance.${GD}`,
    });
    expect(other.status).toBe(403);
  });

  it('shows each unit × fund’s workflow step and since when (M24)', async () => {
    const res = await sys.call('GET', `/api/cycles/${YEAR}/overviews/regions`, { as: `finance.${GD}` });
    expect(res.status).toBe(200);
    expect(res.body.province).toMatchObject({ org: GD });
    const row = (org: string) => res.body.rows.find((r: { org: string }) => r.org === org);
    expect(res.body.rows[0].org).toBe(GD);
    // the province's own targets: EBMI issued on the day of the script, the others still being drafted since kickoff
    expect(row(GD).cells.EBMI).toMatchObject({
      applicable: true,
      step: { code: 'targets.issued', label: { zh: '已下达' } },
    });
    expect(row(GD).cells.UI.step).toMatchObject({ code: 'targets.drafting', label: { zh: '制定中' } });
    expect(shanghaiDay(row(GD).cells.UI.since)).toBe(shanghaiDay(KICKOFF));
    // the regions: monitored since the tick that first saw the issued target; 珠海 not yet issued
    expect(row(GZ).cells.EBMI).toMatchObject({ step: { code: 'monitoring', label: { zh: '监控中' } } });
    expect(shanghaiDay(row(GZ).cells.EBMI.since)).toBe('2026/2/1');
    expect(row(SZ).cells.EBMI.step.code).toBe('monitoring');
    expect(row(ZH).cells.EBMI).toEqual({
      applicable: true,
      step: { code: 'not-issued', label: { zh: '待下达', en: 'Not yet issued' } },
      since: null,
    });
    // 企业职工基本养老 is the province's own work (第六条): no region does it
    expect(row(GZ).cells.EEPI.applicable).toBe(false);
    const regions = new Set(
      listFunds({ year: YEAR }).flatMap((f) => performanceUnits(GD, f.code, YEAR).map((o) => o.code)),
    );
    regions.add(GD);
    expect(res.body.rows.map((r: { org: string }) => r.org).sort()).toEqual([...regions].sort());

    // central names the province; without one it is asked to choose
    const central = await sys.call('GET', `/api/cycles/${YEAR}/overviews/regions?org=${GD}`, { as: 'finance.100000' });
    expect(central.body.rows).toEqual(res.body.rows);
    const none = await sys.call('GET', `/api/cycles/${YEAR}/overviews/regions`, { as: 'finance.100000' });
    expect([none.status, none.body.error.code, none.body.error.message.zh]).toEqual([
      422,
      'ORG_REQUIRED',
      '请选择省份',
    ]);
  });

  it('gives 新疆生产建设兵团’s fourteen divisions work items and staff, like any province’s regions (issue 17)', async () => {
    const res = await sys.call('GET', `/api/cycles/${YEAR}/overviews/regions?org=660000`, { as: 'finance.100000' });
    expect(res.status).toBe(200);
    const divisions = res.body.rows.filter((r: { org: string }) => r.org !== '660000');
    expect(divisions).toHaveLength(14);
    const eighth = divisions.find((r: { org: string }) => r.org === '660800');
    expect(eighth.name.zh).toBe('第八师石河子市');
    expect(eighth.cells.EBMI).toMatchObject({ applicable: true, step: { code: 'not-issued' } });
    expect(eighth.cells.WII.applicable).toBe(false); // pooled by 兵团 itself
    const me = await sys.call('GET', '/api/me', { as: 'medsec-agency.660800' });
    expect([me.status, me.body.orgCode]).toEqual([200, '660800']);
  });

  it('counts completeness and timeliness by tier for each phase (M16)', async () => {
    const res = await sys.call('GET', `/api/cycles/${YEAR}/overviews/completeness?org=${GD}`, { as: `finance.${GD}` });
    expect(res.status).toBe(200);
    const row = (phase: string, tier: string) =>
      res.body.rows.find((r: { phase: string; tier: string }) => r.phase === phase && r.tier === tier);
    // 7 provincial targets; EBMI went to central and was issued before the 20 December deadline, the rest are missing
    expect(row('targets', 'province')).toMatchObject({ due: 7, done: 1, onTime: 1, late: 0, missing: 6, pending: 0 });
    expect(row('targets', 'central')).toMatchObject({ due: 7, done: 1, onTime: 1, late: 0, missing: 6 });
    const regionDue = listFunds({ year: YEAR }).reduce(
      (n, f) => n + performanceUnits(GD, f.code, YEAR).filter((o) => o.tier === 'region').length,
      0,
    );
    expect(row('targets', 'region')).toMatchObject({
      due: regionDue,
      done: 2,
      onTime: 2,
      late: 0,
      missing: regionDue - 2,
    });
    expect(row('monitoring', 'region')).toMatchObject({ due: 2, done: 2, onTime: 1, late: 1, missing: 0, pending: 0 });
    expect(row('self-evaluation', 'region')).toMatchObject({ due: 0, done: 0 });
    expect(row('provincial-evaluation', 'province')).toMatchObject({ due: 0 });

    const national = await sys.call('GET', `/api/cycles/${YEAR}/overviews/completeness`, { as: 'finance.100000' });
    expect(national.status).toBe(200);
    const nat = (phase: string, tier: string) =>
      national.body.rows.find((r: { phase: string; tier: string }) => r.phase === phase && r.tier === tier);
    expect(nat('targets', 'province')).toMatchObject({ due: 32 * 7 + 1, done: 1, onTime: 1 }); // + the central unit's PSPI
    expect(nat('monitoring', 'region')).toMatchObject({ due: 2, done: 2, late: 1 });
  });

  it('downloads each table as .xlsx with a Chinese header row, frozen, numbers as numbers, the same figures', async () => {
    const mon = await download(sys, `/api/cycles/${YEAR}/overviews/monitoring?format=xlsx`, 'finance.100000');
    expect(mon.status).toBe(200);
    expect(mon.headers.get('content-type')).toBe(XLSX);
    expect(mon.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent(`${YEAR}年度全国监控概览.xlsx`)}`,
    );
    const m = await sheetOf(mon.bytes);
    expect(m.header).toEqual([
      '省份',
      '代码',
      '险种',
      '监控单位数',
      '应报期次',
      '已报送',
      '逾期报送',
      '未报送',
      '未销号问题',
      '执行进度滞后',
    ]);
    expect(m.ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(m.ws.getColumn(1).width).toBeGreaterThan(10);
    const gdEbmi = m.rows.find((r) => r[1] === GD && String(r[2]).startsWith('职工基本医疗保险'));
    expect(gdEbmi?.slice(3)).toEqual([2, 2, 2, 1, 0, findings.gz + findings.sz, 1]);

    const mat = await download(sys, `/api/cycles/${YEAR}/overviews/regions?org=${GD}&format=xlsx`, `finance.${GD}`);
    expect(mat.status).toBe(200);
    expect(mat.headers.get('content-type')).toBe(XLSX);
    const x = await sheetOf(mat.bytes);
    expect(x.header.slice(0, 2)).toEqual(['统筹地区', '代码']);
    const col = x.header.findIndex((h) => h.startsWith('职工基本医疗保险') && h.endsWith('·当前步骤'));
    expect(col).toBeGreaterThan(1);
    const gz = x.rows.find((r) => r[1] === GZ) as unknown[];
    expect([gz[0], gz[col], gz[col + 1]]).toEqual(['广州市', '监控中', '2026年2月1日']);
    expect((x.rows.find((r) => r[1] === ZH) as unknown[])[col]).toBe('待下达');

    const comp = await download(
      sys,
      `/api/cycles/${YEAR}/overviews/completeness?org=${GD}&format=xlsx`,
      `finance.${GD}`,
    );
    expect(comp.status).toBe(200);
    const c = await sheetOf(comp.bytes);
    expect(c.header).toEqual([
      '阶段',
      '层级',
      '统计内容',
      '应完成',
      '已完成',
      '按时完成',
      '逾期完成',
      '逾期未完成',
      '未到期',
    ]);
    const monRegion = c.rows.find((r) => r[0] === '绩效运行监控' && r[1] === '统筹地区');
    expect(monRegion?.slice(3)).toEqual([2, 2, 1, 1, 0, 0]);
    expect(typeof monRegion?.[3]).toBe('number');
  });

  it('refuses a pooling region every overview (403), and a bad format field by field', async () => {
    for (const path of ['monitoring', 'regions', 'completeness']) {
      const res = await sys.call('GET', `/api/cycles/${YEAR}/overviews/${path}`, { as: `finance.${GZ}` });
      expect(res.status, path).toBe(403);
      expect(res.body.error.message.zh).toBe('您所在部门无权执行此操作');
    }
    const bad = await sys.call('GET', `/api/cycles/${YEAR}/overviews/completeness?format=csv`, {
      as: 'finance.100000',
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('格式须为 json 或 xlsx');
  });
});
