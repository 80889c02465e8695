import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recount, regionsOf } from '#shared/monitoring/counts';
import { readProvinceMonitoring } from '#shared/monitoring/store';
import { aws } from '#shared/platform/aws';
import { setClock } from '#shared/platform/clock';
import { stateMachineArn } from '#shared/platform/config';
import { startSystem, type TestSystem } from '../helpers/local.ts';
import { issueEbmiToRegions } from '../helpers/monitoring.ts';
import { decide, taskLink } from '../helpers/tasks.ts';

const YEAR = 2026;
const GD = '440000';
const GZ = '440100'; // 广州市: submits every period
const SZ = '440300'; // 深圳市: misses its first period
const at = (iso: string) => Date.parse(iso);
let clock = at('2025-12-01T10:00:00+08:00');

/** Move the injected clock, then let the scheduler fire (its catch-up tick) and the workflows settle. */
async function moveTo(sys: TestSystem, iso: string, { timers = false } = {}) {
  clock = at(iso);
  const started = await sys.local.scheduler.check();
  if (timers) await sys.local.stepFunctions.checkTimers();
  await sys.settled();
  return started;
}

const BUDGET = {
  contributionIncome: '1200000000.00',
  subsidy: '240000000.00',
  benefits: '1000000000.00',
  income: '1500000000.00',
  expenditure: '2000000000.00',
};
const NOTES = {
  riskControl: '基金运行平稳，无挤占挪用 / fund stable, no misuse',
  financialManagement: '按月对账，账实相符 / monthly reconciliation, accounts match',
};
const submission = (actual: Record<string, string>, collectionRate = '98.5', grade = '良') => ({
  budget: BUDGET,
  actual,
  indicators: [
    { id: 'collection-rate', value: collectionRate },
    { id: 'risk-control', grade },
  ],
  notes: NOTES,
});
// Year to date, yuan. March: subsidy still at January's level (late), expenditure 13 % of budget against 24.66 % elapsed.
// The balance, about eleven months of the budgeted expenditure, is above the reserve warning line (issue 18).
const JAN = {
  contributionIncome: '102000000',
  subsidy: '20400000',
  benefits: '85000000',
  income: '127500000',
  expenditure: '150000000',
  balance: '1900000000',
};
const FEB = {
  contributionIncome: '194000000',
  subsidy: '20400000',
  benefits: '161000000',
  income: '242000000',
  expenditure: '240000000',
  balance: '1902000000',
};
const MAR = {
  contributionIncome: '296000000',
  subsidy: '20400000',
  benefits: '246000000',
  income: '370000000',
  expenditure: '260000000',
  balance: '2010000000.50',
};

const submit = (sys: TestSystem, org: string, asOf: string, body: unknown, as = `medsec-agency.${org}`) =>
  sys.call('PUT', `/api/cycles/${YEAR}/monitoring/${org}/EBMI/periods/${asOf}`, { as, body });
const view = async (sys: TestSystem, org: string, as = `finance.${org}`) =>
  (await sys.call('GET', `/api/cycles/${YEAR}/monitoring?org=${org}&fund=EBMI`, { as })).body.funds[0];
const mailTo = async (sys: TestSystem, user: string, subject: RegExp) =>
  (await sys.mail()).filter((m) => m.to.includes(`${user}@sifpm.example.cn`) && subject.test(m.subject));

describe('monitoring during execution (第三章): schedule, submissions, target comparison, findings to closure', () => {
  let sys: TestSystem;
  let restore: () => void;
  beforeAll(async () => {
    restore = setClock(() => clock);
    sys = await startSystem();
    expect(
      (await sys.call('POST', '/api/cycles', { as: 'finance.100000', body: { year: YEAR, targetsDue: '2025-12-20' } }))
        .status,
    ).toBe(202);
    await sys.settled();
    await issueEbmiToRegions(sys, YEAR, GD, [GZ, SZ]);
  });
  afterAll(async () => {
    await sys.close();
    restore();
  });

  it('opens each monitored region’s periods from the scheduled tick, idempotently (re-running creates no duplicates)', async () => {
    expect(await moveTo(sys, '2026-01-15T09:00:00+08:00')).toHaveLength(1); // the year has begun; no period due yet
    expect((await view(sys, GZ)).periods).toEqual([]);

    expect(await moveTo(sys, '2026-02-01T09:00:00+08:00')).toHaveLength(1);
    expect(await moveTo(sys, '2026-02-01T09:00:00+08:00')).toHaveLength(0); // same occurrence: the scheduler fires once
    // run the tick again by hand, twice, as a redrive or a duplicate delivery would
    for (let i = 0; i < 2; i++) {
      await aws().sfn.send(
        new StartExecutionCommand({
          stateMachineArn: stateMachineArn('monitoring-tick'),
          input: '{"scheduledTime":"x"}',
        }),
      );
      await sys.settled();
    }
    for (const org of [GZ, SZ]) {
      const m = await view(sys, org);
      expect(m.monitored).toBe(true);
      expect(m.periods.map((p: { asOf: string; status: string }) => [p.asOf, p.status])).toEqual([
        ['2026-01-31', 'open'],
      ]);
      expect(m.periods[0].due).toBe('2026-02-10T15:59:59.999Z'); // 10 February, end of day, Asia/Shanghai
      expect(await mailTo(sys, `medsec-agency.${org}`, /请报送.*2026-01-31期/)).toHaveLength(1);
    }
    // only regions with an issued target are monitored: not the province itself, not a fund without one
    const province = await sys.call('GET', `/api/cycles/${YEAR}/monitoring?org=${GD}`, { as: `finance.${GD}` });
    expect(province.body.funds).toEqual([]);
    expect((await view(sys, '440400', `finance.${GD}`)).monitored).toBe(false);
    expect(province.body.config.points).toHaveLength(12);
  });

  it('refuses malformed submissions with field-level zh/en errors and writes nothing', async () => {
    const bad = await submit(sys, GZ, '2026-01-31', {
      ...submission({ ...JAN, income: '-5', benefits: '八千五百万' }),
      indicators: [
        { id: 'collection-rate', value: '98,5' },
        { id: 'coverage-rate', value: '95' },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('SUBMISSION_INVALID');
    expect(bad.body.error.message.zh).toMatch(/未保存/);
    const issues = bad.body.error.details.issues;
    expect(issues.map((i: { path: string; code: string }) => [i.path, i.code])).toEqual([
      ['actual.benefits', 'NOT_A_NUMBER'],
      ['actual.income', 'NEGATIVE_AMOUNT'],
      ['indicators.0.value', 'NOT_A_NUMBER'],
      ['indicators.1.id', 'UNKNOWN_INDICATOR'],
    ]);
    expect(issues[1].message).toEqual({ zh: '基金收入合计不能为负数', en: 'Fund income cannot be negative' });
    expect(issues[3].message.en).toMatch(/not among this region's issued targets/);

    const twice = submission(JAN);
    const dup = await submit(sys, GZ, '2026-01-31', {
      ...twice,
      indicators: [...twice.indicators, twice.indicators[0]],
    });
    expect(dup.status).toBe(422); // the same indicator twice in one body (finding 6)
    expect(dup.body.error.details.issues.map((i: { code: string }) => i.code)).toContain('DUPLICATE_INDICATOR');

    const money = await submit(sys, GZ, '2026-01-31', submission({ ...JAN, income: 127500000 } as never));
    expect(money.status).toBe(400); // a JSON number where a decimal string belongs

    const outside = await submit(sys, GZ, '2025-12-31', submission(JAN));
    expect(outside.status).toBe(422);
    expect(outside.body.error).toMatchObject({ code: 'PERIOD_OUTSIDE_CYCLE' });
    expect(outside.body.error.message.zh).toMatch(/不是 2026 年度的监控期/);
    expect((await submit(sys, GZ, '2026-01-15', submission(JAN))).body.error.code).toBe('PERIOD_OUTSIDE_CYCLE');
    const early = await submit(sys, GZ, '2026-02-28', submission(JAN));
    expect([early.status, early.body.error.code]).toEqual([409, 'PERIOD_NOT_OPEN']);

    const foreign = await submit(sys, GZ, '2026-01-31', submission(JAN), `medsec-agency.${SZ}`);
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.message).toEqual({
      zh: '无权访问其他地区的数据',
      en: 'You may not act for another organisation',
    });
    const wrongLine = await submit(sys, GZ, '2026-01-31', submission(JAN), `hrss-agency.${GZ}`);
    expect(wrongLine.status).toBe(403);

    const m = await view(sys, GZ);
    expect(m.periods[0]).toMatchObject({ status: 'open', submission: null, comparison: null, findings: [] });
    expect(m.findings).toEqual([]);
  });

  it('records a period not submitted by its due date as a timeliness finding, with a reminder and a correction item', async () => {
    const jan = await submit(sys, GZ, '2026-01-31', submission(JAN));
    expect(jan.status).toBe(200);
    expect(jan.body.findings).toEqual([]);

    await moveTo(sys, '2026-02-11T09:00:00+08:00');
    await moveTo(sys, '2026-02-11T09:00:00+08:00');
    const sz = await view(sys, SZ);
    expect(sz.periods[0]).toMatchObject({ asOf: '2026-01-31', status: 'missed', late: true });
    expect(sz.findings).toHaveLength(1);
    expect(sz.findings[0]).toMatchObject({
      code: 'missing-submission',
      dimension: 'timeliness',
      severity: 'major',
      status: 'correcting',
      correction: { due: '2026-03-13T15:59:59.999Z', overdue: false },
    });
    const reminders = await mailTo(sys, `medsec-agency.${SZ}`, /【催报】.*2026-01-31期/);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.text).toMatch(/及时性问题/);
    expect(await mailTo(sys, `medsec-agency.${SZ}`, /整改反馈（及时性）/)).toHaveLength(1);
    expect((await view(sys, GZ)).findings).toEqual([]); // submitted on time
  });

  it('escalates an overdue correction item to the province', async () => {
    await moveTo(sys, '2026-03-05T09:00:00+08:00');
    expect((await submit(sys, GZ, '2026-02-28', submission(FEB, '98.2'))).status).toBe(200);
    await moveTo(sys, '2026-03-14T10:00:00+08:00', { timers: true });
    const escalations = await mailTo(sys, `finance.${GD}`, /逾期提示：深圳市职工基本医疗/);
    expect(escalations).toHaveLength(1);
    const finding = (await view(sys, SZ)).findings.find((f: { asOf: string }) => f.asOf === '2026-01-31');
    expect(finding.correction).toMatchObject({ overdue: true, escalatedAt: expect.any(String) });
    // the overdue reminder comes in the region's daily digest, with a fresh link to the notice's task
    expect(await mailTo(sys, `medsec-agency.${SZ}`, /【已逾期】.*整改反馈/)).toEqual([]);
    const digest = await mailTo(sys, `medsec-agency.${SZ}`, /^【每日待办汇总】.*已逾期/);
    expect(digest).toHaveLength(1);
    expect(digest[0]?.text).toMatch(/【已逾期】待办：深圳市职工基本医疗保险.*2026-01-31期监控问题整改反馈/);
    const link = digest[0]?.links.find((l) => l.includes('/tasks/'))?.split('/tasks/')[1];
    const task = await sys.call('GET', `/api/tasks/${link}`, { as: `medsec-agency.${SZ}` });
    expect([task.status, task.body.status, task.body.step]).toEqual([200, 'open', 'respond']);
  });

  it('compares three periods with targets and elapsed time, flags a late subsidy and lagging execution, and tracks a correction to closure', async () => {
    await moveTo(sys, '2026-04-03T09:00:00+08:00');
    const mar = await submit(sys, GZ, '2026-03-31', submission(MAR, '98.1'));
    expect(mar.status).toBe(200);
    expect(mar.body.comparison.elapsedShare).toBe('0.2466'); // 90 of 365 days
    expect(mar.body.comparison.progress.subsidy).toMatchObject({ executionRate: '0.085', status: 'behind' });
    expect(mar.body.comparison.progress.expenditure).toMatchObject({ executionRate: '0.13', status: 'behind' });
    expect(mar.body.comparison.progress.benefits.status).toBe('on-track');
    const byCode = Object.fromEntries(mar.body.findings.map((f: { code: string }) => [f.code, f]));
    expect(byCode['subsidy-late']).toMatchObject({ dimension: 'timeliness', severity: 'major', status: 'correcting' });
    expect(byCode['progress-expenditure']).toMatchObject({
      dimension: 'effectiveness',
      severity: 'major',
      status: 'correcting',
    });
    expect(Object.keys(byCode).sort()).toEqual(['progress-expenditure', 'subsidy-late']);

    const gz = await view(sys, GZ);
    expect(gz.periods.map((p: { asOf: string; status: string }) => [p.asOf, p.status])).toEqual([
      ['2026-01-31', 'submitted'],
      ['2026-02-28', 'submitted'],
      ['2026-03-31', 'submitted'],
    ]);
    // February: the subsidy was already behind, within the major threshold: a minor finding, noted only
    expect(gz.periods[1].findings).toMatchObject([{ code: 'subsidy-late', severity: 'minor', status: 'noted' }]);
    expect(gz.periods[2].submission.actual.balance).toBe('2010000000.50');
    expect(gz.execution.map((e: { asOf: string; elapsedShare: string }) => e.elapsedShare)).toEqual([
      '0.0849',
      '0.1616',
      '0.2466',
    ]);
    expect(gz.execution.map((e: { rates: { expenditure: string } }) => e.rates.expenditure)).toEqual([
      '0.075',
      '0.12',
      '0.13',
    ]);
    const rate = gz.trajectory.find((t: { id: string }) => t.id === 'collection-rate');
    expect(rate.target).toEqual({ value: '98' });
    expect(rate.points.map((p: { actual: string; met: boolean }) => [p.actual, p.met])).toEqual([
      ['98.5', true],
      ['98.2', true],
      ['98.1', true],
    ]);

    // 整改: one notice for the period lists both findings; the region answers them, finance closes one and returns one
    const respond = await taskLink(sys, `medsec-agency.${GZ}`, /2026-03-31期监控问题整改反馈（有效性、及时性）/);
    const noEvidence = await sys.call('POST', `/api/tasks/${respond}/decision`, {
      as: `medsec-agency.${GZ}`,
      body: { decision: 'submit' },
    });
    expect([noEvidence.status, noEvidence.body.error.code]).toEqual([422, 'COMMENT_REQUIRED']);
    const evidence =
      '4月2日财政补助 1.8 亿元已到账，附银行回单 / subsidy of 180 m received 2 April, bank slip attached';
    expect((await decide(sys, `medsec-agency.${GZ}`, respond, 'submit', evidence)).status).toBe(200);
    const review = await taskLink(sys, `finance.${GZ}`, /2026-03-31期监控问题整改审核/);
    const reviewMail = (await mailTo(sys, `finance.${GZ}`, /2026-03-31期监控问题整改审核/)).at(-1);
    expect(reviewMail?.text).toMatch(/2项问题已反馈整改情况/);
    const foreign = await sys.call('POST', `/api/tasks/${review}/decision`, {
      as: `finance.${GZ}`,
      body: { decision: 'return', comment: '支出进度仍滞后', data: { returned: ['missing-submission'] } },
    });
    expect([foreign.status, foreign.body.error.code]).toEqual([422, 'NOT_IN_NOTICE']);
    const returned = await sys.call('POST', `/api/tasks/${review}/decision`, {
      as: `finance.${GZ}`,
      body: {
        decision: 'return',
        comment: '支出进度仍滞后 / spending still behind',
        data: { returned: ['progress-expenditure'] },
      },
    });
    expect(returned.status).toBe(200);
    await sys.settled();

    const findings = (await view(sys, GZ)).findings.filter((f: { asOf: string }) => f.asOf === '2026-03-31');
    const byStatus = Object.fromEntries(findings.map((f: { code: string; status: string }) => [f.code, f.status]));
    expect(byStatus).toEqual({ 'subsidy-late': 'closed', 'progress-expenditure': 'correcting' });
    const after = findings.find((f: { code: string }) => f.code === 'subsidy-late');
    expect(after.correction).toMatchObject({
      response: { text: evidence, by: `medsec-agency.${GZ}` },
      closedBy: `finance.${GZ}`,
    });
    // the same notice asks again for the returned finding only
    const again = await mailTo(sys, `medsec-agency.${GZ}`, /2026-03-31期监控问题整改反馈/);
    expect(again).toHaveLength(2);
    expect(again.at(-1)?.text).toMatch(/本期整改通知列出1项问题/);
    expect(again.at(-1)?.text).toMatch(/退回意见：支出进度仍滞后/);
  });

  it('scopes the views: a region sees itself, a province its regions; the summary ranks regions by open findings and lateness', async () => {
    expect((await sys.call('GET', `/api/cycles/${YEAR}/monitoring?org=${GZ}`, { as: `finance.${SZ}` })).status).toBe(
      403,
    );
    expect((await sys.call('GET', `/api/cycles/${YEAR}/monitoring?org=${GZ}`, { as: `finance.${GD}` })).status).toBe(
      200,
    );
    expect((await sys.call('GET', `/api/cycles/${YEAR}/monitoring?org=${GZ}`, { as: 'finance.100000' })).status).toBe(
      200,
    );
    const denied = await sys.call('GET', `/api/cycles/${YEAR}/monitoring/summary?org=${GD}`, { as: `finance.${GZ}` });
    expect(denied.status).toBe(403);

    const summary = await sys.call('GET', `/api/cycles/${YEAR}/monitoring/summary?org=${GD}`, { as: `finance.${GD}` });
    expect(summary.status).toBe(200);
    const [first, second] = summary.body.regions;
    expect([first.org, second.org]).toEqual([SZ, GZ]);
    expect(first).toMatchObject({ missingPeriods: 2, openFindings: 2, overdueCorrections: 1, funds: ['EBMI'] });
    expect(second).toMatchObject({ missingPeriods: 0, latePeriods: 0, openFindings: 2, openCorrections: 1 });
    // the counters kept in the transactions say what the records themselves say (issue 19 point 3)
    expect(summary.body.regions).toEqual(regionsOf(recount(await readProvinceMonitoring(YEAR, GD))));
    // and the summary reads one record: no Query beyond what signing in costs
    const cost = async (path: string) => {
      const before = { ...sys.local.metrics().dynamodb.requests };
      expect((await sys.call('GET', path, { as: `finance.${GD}` })).status).toBe(200);
      const after = sys.local.metrics().dynamodb.requests;
      return Object.fromEntries(
        Object.entries(after)
          .map(([k, v]) => [k, v - (before[k] ?? 0)])
          .filter(([, v]) => v),
      );
    };
    const me = await cost('/api/me');
    const read = await cost(`/api/cycles/${YEAR}/monitoring/summary?org=${GD}`);
    expect(read.Query ?? 0).toBe(me.Query ?? 0);
    expect((read.GetItem ?? 0) - (me.GetItem ?? 0)).toBeLessThanOrEqual(1);
  });

  it('closes a correction notice with the last of its findings; the tick then reminds it no more (issue 19)', async () => {
    const march = () => view(sys, GZ).then((m) => m.periods.find((p: { asOf: string }) => p.asOf === '2026-03-31'));
    expect((await march()).notice).toMatchObject({ status: 'open', due: expect.any(String), rounds: 1 });
    const respond = await taskLink(sys, `medsec-agency.${GZ}`, /2026-03-31期监控问题整改反馈/);
    expect(
      (await decide(sys, `medsec-agency.${GZ}`, respond, 'submit', '已加快支出进度 / spending caught up')).status,
    ).toBe(200);
    const review = await taskLink(sys, `finance.${GZ}`, /2026-03-31期监控问题整改审核/);
    expect((await decide(sys, `finance.${GZ}`, review, 'close')).status).toBe(200);
    const closed = await march();
    expect(closed.notice).toEqual({ status: 'closed', due: null, escalatedAt: null, rounds: 1 });
    expect(
      closed.findings.filter((f: { correction: unknown }) => f.correction).map((f: { status: string }) => f.status),
    ).toEqual(['closed', 'closed']);
    // past its deadline and a month on: no reminder, no escalation of a closed notice
    const before = (await mailTo(sys, `medsec-agency.${GZ}`, /2026-03-31期/)).length;
    await moveTo(sys, '2026-06-01T09:00:00+08:00');
    expect(await mailTo(sys, `medsec-agency.${GZ}`, /2026-03-31期/)).toHaveLength(before);
    expect(await mailTo(sys, `finance.${GD}`, /逾期提示：广州市.*2026-03-31期/)).toEqual([]);
  });
});
