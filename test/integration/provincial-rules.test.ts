import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyProvincialRules,
  type IndicatorInput,
  listIndicators,
  nationalCatalogue,
} from '#shared/reference/indicators';
import { Grade, scoreCardToJson, scoreFund } from '#shared/reference/scoring';
import { PDF } from '../helpers/documents.ts';
import { IN_TIME_FOR_2025, runningClock, startSystem, type TestSystem } from '../helpers/local.ts';
import { guidingDraft, issueToRegions } from '../helpers/targets.ts';
import { decide, taskLink } from '../helpers/tasks.ts';

/**
 * R24.1 (第二十四条): a province's implementation rules — its own indicator, a re-weight within central's bounds, an
 * internal deadline — drafted by its finance, reviewed by central through a task by mail, issued; then used for its
 * regions' target validation, self-evaluation figures, score and lateness, while another province keeps the national
 * catalogue and central's deadline.
 */
const YEAR = 2025;
const GD = '440000';
const [GZ, SZ] = ['440100', '440300']; // 广州 深圳
const JS = '320000';
const NJ = '320100'; // 南京
const FUND = 'EBMI';
const R = `/api/cycles/${YEAR}/rules`;

/** 广东's own indicator: a qualitative one, 3 of EBMI's 100 points. */
const OWN: IndicatorInput = {
  id: 'gd-online-service',
  name: { zh: '医保服务网上可办率', en: 'Share of medical insurance services online' },
  definition: { zh: '医保经办服务事项网上可办的程度', en: 'How far the agency’s services can be done online' },
  category: 'output',
  subDimension: 'quality',
  nature: 'qualitative',
  unit: '等级',
  dataSource: { zh: '省医保局', en: 'Provincial healthcare security bureau' },
  direction: 'higher-better',
  precision: 0,
  weight: '3',
  funds: [FUND],
  origin: 'provincial',
  province: GD,
  defaultTarget: { grade: '优' },
};

/** The national EBMI indicator 广东 gives 3 fewer points (the heaviest, so that the move stays within ±50 %). */
const heaviest = listIndicators({ fund: FUND })
  .map((i) => ({ id: i.id, weight: Number((i as { fundWeight: string }).fundWeight) }))
  .sort((a, b) => b.weight - a.weight)[0] as { id: string; weight: number };
const REWEIGHT = { id: heaviest.id, fund: FUND, weight: String(heaviest.weight - 3) };

const agency = (org: string) => `medsec-agency.${org}`;

/** Figures meeting every guiding target of the catalogue given, `override` changing some. */
function actualsOf(indicators: ReturnType<typeof listIndicators>, override: Record<string, string> = {}) {
  return indicators.map((i) => {
    const t = i.defaultTarget as { value?: string; min?: string; grade?: string };
    return { id: i.id, actual: override[i.id] ?? t.grade ?? t.value ?? t.min ?? '0' };
  });
}

async function evaluation(sys: TestSystem, org: string) {
  const res = await sys.call('GET', `/api/cycles/${YEAR}/evaluations?org=${org}`, { as: `finance.${org}` });
  return res.body.find((e: { fund: string }) => e.fund === FUND);
}

async function report(sys: TestSystem, org: string) {
  const slot = await sys.call('POST', `/api/cycles/${YEAR}/evaluations/${org}/${FUND}/uploads`, {
    as: agency(org),
    body: { kind: 'self-evaluation', type: 'pdf' },
  });
  expect(slot.status, JSON.stringify(slot.body)).toBe(201);
  const form = new FormData();
  for (const [k, v] of Object.entries(slot.body.fields as Record<string, string>)) form.append(k, v);
  form.append('file', new Blob([PDF]), 'report.pdf');
  expect((await fetch(slot.body.url, { method: 'POST', body: form })).status).toBeLessThan(300);
  await sys.settled();
}

describe('provincial implementation rules (第二十四条, R24.1)', () => {
  let sys: TestSystem;
  let restoreClock = () => {};
  beforeAll(async () => {
    sys = await startSystem();
    restoreClock = runningClock(IN_TIME_FOR_2025);
    const kicked = await sys.call('POST', '/api/cycles', {
      as: 'finance.100000',
      body: { year: YEAR, targetsDue: '2026-05-30' },
    });
    expect(kicked.status, JSON.stringify(kicked.body)).toBe(202);
    await sys.settled();
  });
  afterAll(async () => {
    restoreClock();
    await sys?.close();
  });

  it('refuses rules beyond central’s bounds field by field, bilingual, and saves nothing', async () => {
    const res = await sys.call('PUT', `${R}/${GD}`, {
      as: `finance.${GD}`,
      body: {
        additions: [OWN],
        reweights: [
          { id: heaviest.id, fund: FUND, weight: String(heaviest.weight * 2) },
          { id: 'no-such', weight: '1' },
        ],
        deadlines: { selfEvaluation: '2026-06-15' },
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('RULES_INVALID');
    const paths = res.body.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['reweights.1.id', 'deadlines.selfEvaluation']));
    const late = res.body.error.details.issues.find((i: { path: string }) => i.path === 'deadlines.selfEvaluation');
    expect(late.message.zh).toBe('自评报送截止日期不得晚于中央规定的2026年5月31日');
    const beyond = await sys.call('PUT', `${R}/${GD}`, {
      as: `finance.${GD}`,
      body: { additions: [OWN], reweights: [{ id: heaviest.id, fund: FUND, weight: String(heaviest.weight * 2) }] },
    });
    expect(beyond.status).toBe(422);
    expect(beyond.body.error.details.issues.map((i: { path: string }) => i.path)).toContain('reweights.0.weight');
    // in words: the indicator and the fund by their names, no code, no space between Chinese and digits
    const words = beyond.body.error.details.issues.find((i: { path: string }) => i.path === 'reweights.0.weight');
    expect(words.message.zh).toMatch(
      /^指标“[^”]+”（职工基本医疗保险（含生育保险）基金）权重由\d+调为\d+，超出中央规定的调整幅度±50%$/,
    );
    // a region's department, or another province's finance, may not draft 广东's rules
    expect((await sys.call('PUT', `${R}/${GD}`, { as: `finance.${JS}`, body: {} })).status).toBe(403);
    expect((await sys.call('GET', `${R}?province=${GD}`, { as: `finance.${GD}` })).body.rules).toEqual([]);
  });

  it('is drafted by the province, reviewed by central through a task by mail, and issued as version 1', async () => {
    const saved = await sys.call('PUT', `${R}/${GD}`, {
      as: `finance.${GD}`,
      body: { additions: [OWN], reweights: [REWEIGHT], deadlines: { selfEvaluation: '2026-04-30' } },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ status: 'drafting', province: GD });
    const submitted = await sys.call('POST', `${R}/${GD}/submit`, { as: `finance.${GD}`, body: {} });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    await sys.settled();
    // under review it is locked
    expect((await sys.call('PUT', `${R}/${GD}`, { as: `finance.${GD}`, body: {} })).status).toBe(409);
    // central sees the re-weight beside its national weight
    const list = await sys.call('GET', R, { as: 'finance.100000' });
    expect(list.body.rules).toHaveLength(1);
    expect(list.body.rules[0].draft.reweights[0]).toMatchObject({
      id: heaviest.id,
      national: [{ fund: FUND, weight: String(heaviest.weight) }],
    });
    const link = await taskLink(sys, 'finance.100000', /审核广东省2025年度绩效管理实施细则/);
    expect((await decide(sys, 'finance.100000', link, 'approve')).status).toBe(200);
    const got = await sys.call('GET', `${R}?province=${GD}`, { as: `finance.${GD}` });
    expect(got.body.rules[0]).toMatchObject({ status: 'issued', issued: { version: 1 } });
    expect(got.body.rules[0].issued.rules.deadlines.selfEvaluation).toBe('2026-04-30T15:59:59.999Z');
    const mail = (await sys.mail()).filter((m) => m.to[0] === `finance.${GD}@sifpm.example.cn`);
    expect(mail.some((m) => /实施细则已审核印发/.test(m.subject))).toBe(true);
  });

  it('validates the province’s targets against its rules, another province’s against the national catalogue', async () => {
    const own = { id: OWN.id, target: { grade: '优' } };
    const gd = guidingDraft(FUND);
    const withOwn = { ...gd, indicators: [...gd.indicators, own] };
    const js = await sys.call('PUT', `/api/cycles/${YEAR}/targets/${JS}/${FUND}/draft`, {
      as: agency(JS),
      body: withOwn,
    });
    expect(js.status).toBe(422);
    expect(js.body.error.details.issues).toEqual([expect.objectContaining({ code: 'UNKNOWN_INDICATOR' })]);
    await issueToRegions(sys, YEAR, GD, FUND, [GZ, SZ], withOwn);
    await issueToRegions(sys, YEAR, JS, FUND, [NJ]);
    restoreClock();
    restoreClock = runningClock('2026-01-05T02:00:00Z');
    expect((await sys.call('POST', `/api/cycles/${YEAR}/evaluations/open`, { as: 'finance.100000' })).status).toBe(202);
    await sys.settled();
  });

  it('scores 广东’s region with its own indicator and re-weight, 江苏’s with the national catalogue', async () => {
    const provincial = applyProvincialRules(nationalCatalogue(YEAR), {
      province: GD,
      version: 'test',
      additions: [OWN],
      reweights: [REWEIGHT],
    });
    const gdIndicators = listIndicators({ fund: FUND, catalogue: provincial });
    const national = listIndicators({ fund: FUND });
    // the province's own indicator is asked for in 广州, refused in 南京
    const missing = await sys.call('PUT', `/api/cycles/${YEAR}/evaluations/${GZ}/${FUND}/actuals`, {
      as: agency(GZ),
      body: { actuals: actualsOf(national) },
    });
    expect(missing.status).toBe(422);
    expect(JSON.stringify(missing.body.error.details)).toContain(OWN.id);
    const foreign = await sys.call('PUT', `/api/cycles/${YEAR}/evaluations/${NJ}/${FUND}/actuals`, {
      as: agency(NJ),
      body: { actuals: [...actualsOf(national), { id: OWN.id, actual: '优' }] },
    });
    expect(foreign.status).toBe(422);

    // 中 misses the province's own target (优): its cause and measure are given (R18.3)
    const gzActuals = actualsOf(gdIndicators, { [OWN.id]: '中' }).map((a) =>
      a.id === OWN.id ? { ...a, cause: '部分事项尚未接入网上平台', measure: '年内完成全部事项接入' } : a,
    );
    for (const [org, actuals] of [
      [GZ, gzActuals],
      [NJ, actualsOf(national)],
    ] as const) {
      const res = await sys.call('PUT', `/api/cycles/${YEAR}/evaluations/${org}/${FUND}/actuals`, {
        as: agency(org),
        body: { actuals },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      await report(sys, org);
    }
    const gz = await evaluation(sys, GZ);
    expect(gz.status, JSON.stringify(gz)).toBe('sign-off');
    const card = gz.scoreCard.indicators as { id: string; weight: string; score: string }[];
    expect(card.find((i) => i.id === OWN.id)).toMatchObject({ weight: '3' });
    expect(card.find((i) => i.id === heaviest.id)?.weight).toBe(REWEIGHT.weight);
    const actualOf = (a: { actual: string }) =>
      Grade.safeParse(a.actual).success ? { grade: a.actual as Grade } : a.actual;
    const expected = scoreCardToJson(
      scoreFund(
        gdIndicators as Parameters<typeof scoreFund>[0],
        Object.fromEntries(gzActuals.map((a) => [a.id, { actual: actualOf(a) }])),
      ),
    );
    expect(gz.score).toBe(expected.total);
    expect(Number(gz.score)).toBeLessThan(100);

    const nj = await evaluation(sys, NJ);
    const njCard = nj.scoreCard.indicators as { id: string; weight: string }[];
    expect(njCard.map((i) => i.id)).not.toContain(OWN.id);
    expect(njCard.find((i) => i.id === heaviest.id)?.weight).toBe(String(heaviest.weight));
    const njExpected = scoreCardToJson(
      scoreFund(
        national as Parameters<typeof scoreFund>[0],
        Object.fromEntries(actualsOf(national).map((a) => [a.id, { actual: actualOf(a) }])),
      ),
    );
    expect(nj.score).toBe(njExpected.total);
    expect(nj.score).not.toBe(gz.score);
  });

  it('makes 广东’s regions late after its internal deadline, 江苏’s only after central’s', async () => {
    expect(await evaluation(sys, SZ)).toMatchObject({ due: '2026-04-30T15:59:59.999Z', late: false });
    expect(await evaluation(sys, NJ)).toMatchObject({ due: '2026-05-31T15:59:59.999Z', late: false });
    restoreClock();
    restoreClock = runningClock('2026-05-01T02:00:00Z'); // 1 May, 10:00 Shanghai
    await sys.local.stepFunctions.checkTimers();
    await sys.settled();
    expect((await evaluation(sys, SZ)).late).toBe(true);
    // 南京 reported but is not yet signed off: not late before 31 May
    expect(await evaluation(sys, NJ)).toMatchObject({ status: 'sign-off', late: false });
  });
});
