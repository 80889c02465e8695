import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitSelfEvaluation } from '#local/scenarios';
import { runningClock, startSystem, type TestSystem } from '../helpers/local.ts';

/**
 * 结果应用 (第二十条, R20.1, R5.2, R4.4): 广州's EBMI self-evaluation of 2026 grades 差 (every indicator far off its
 * target), so arranging its 2027 budget is refused until the administration's justification and finance's decision
 * are recorded; then the gate lets the arrangement through (to the next check, the 2027 target, not yet approved).
 */
const YEAR = 2026;
const GZ = '440100';
const FUND = 'EBMI';
const budget = {
  year: YEAR + 1,
  org: GZ,
  fund: FUND,
  lines: {
    contributionIncome: '800.00',
    subsidy: '150.00',
    interestIncome: '20.00',
    otherIncome: '30.00',
    benefits: '900.00',
    otherExpenditure: '50.00',
    openingBalance: '600.00',
  },
};

describe('results applied to the next arrangement', () => {
  let sys: TestSystem;
  let restoreClock: (() => void) | undefined;

  beforeAll(async () => {
    restoreClock = runningClock('2026-01-20T10:00:00+08:00');
    sys = await startSystem({ scenario: { name: 'targets-issued', year: YEAR } });
    restoreClock();
    restoreClock = runningClock('2027-01-05T10:00:00+08:00'); // the budget year is over
    await sys.local.scheduler.check();
    await sys.settled();
    const opened = await sys.call('POST', `/api/cycles/${YEAR}/evaluations/open`, { as: 'finance.100000' });
    expect(opened.status).toBeLessThan(300);
    await sys.settled();
    await submitSelfEvaluation(sys, YEAR, GZ, FUND, { poor: true });
    await sys.settled();
  }, 600_000);
  afterAll(async () => {
    restoreClock?.();
    await sys?.close();
  });

  it('a 差 grade blocks the next arrangement until the justification and the decision are recorded', async () => {
    const view = await sys.call('GET', `/api/cycles/${YEAR}/results/${GZ}/${FUND}`, { as: 'finance.440100' });
    expect(view.status).toBe(200);
    expect(view.body.result.grade).toBe('差');
    expect(view.body.requires).toEqual(['justification', 'finance-decision']);
    expect(view.body.allowsArrangement).toBe(false);

    const refused = await sys.call('POST', '/api/budgets', { as: 'finance.440100', body: budget });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('RESULTS_NOT_APPLIED');
    expect(refused.body.error.message.zh).toContain('行政部门书面说明');
    expect(refused.body.error.message.zh).toContain('财政部门决定');

    // finance cannot decide before the administration proposes; a 人社 administration does not serve EBMI
    const early = await sys.call('PUT', `/api/cycles/${YEAR}/results/${GZ}/${FUND}/decision`, {
      as: 'finance.440100',
      body: { applied: true, reason: '压减下年度预算' },
    });
    expect(early.body.error?.code).toBe('RESULT_USE_NOT_PROPOSED');
    const wrongLine = await sys.call('PUT', `/api/cycles/${YEAR}/results/${GZ}/${FUND}/proposal`, {
      as: 'hrss-admin.440100',
      body: { text: '说明' },
    });
    expect(wrongLine.status).toBe(403);
    const extra = await sys.call('PUT', `/api/cycles/${YEAR}/results/${GZ}/${FUND}/proposal`, {
      as: 'medsec-admin.440100',
      body: { text: '说明', amount: 1 },
    });
    expect(extra.status).toBe(400);

    const proposal = { text: '评价等级为差，建议压减下年度预算并限期整改', improvementPlan: '一季度完成整改' };
    const proposed = await sys.call('PUT', `/api/cycles/${YEAR}/results/${GZ}/${FUND}/proposal`, {
      as: 'medsec-admin.440100',
      body: proposal,
    });
    expect(proposed.status).toBe(200);
    expect(proposed.body.missing).toEqual(['finance-decision']);
    const still = await sys.call('POST', '/api/budgets', { as: 'finance.440100', body: budget });
    expect(still.body.error.code).toBe('RESULTS_NOT_APPLIED');
    expect(still.body.error.message.zh).not.toContain('行政部门书面说明');

    const list = await sys.call('GET', `/api/cycles/${YEAR}/results`, { as: 'finance.440100' });
    expect(list.status).toBe(200);
    expect(list.body.rows[0]).toMatchObject({ org: GZ, fund: FUND, awaitingDecision: true, tracking: 'pending' });

    const decision = { applied: true, reason: '下年度预算按评价结果压减' };
    const decided = await sys.call('PUT', `/api/cycles/${YEAR}/results/${GZ}/${FUND}/decision`, {
      as: 'finance.440100',
      body: decision,
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ tracking: 'applied', allowsArrangement: true, missing: [] });
    // the same decision again changes nothing; another is refused, and so is a changed proposal
    const again = await sys.call('PUT', `/api/cycles/${YEAR}/results/${GZ}/${FUND}/decision`, {
      as: 'finance.440100',
      body: decision,
    });
    expect(again.status).toBe(200);
    const other = await sys.call('PUT', `/api/cycles/${YEAR}/results/${GZ}/${FUND}/decision`, {
      as: 'finance.440100',
      body: { applied: false, reason: '改变主意' },
    });
    expect(other.body.error?.code).toBe('RESULT_USE_DECIDED');

    // the gate now lets the arrangement through to its next check: the 2027 target is not yet approved
    const after = await sys.call('POST', '/api/budgets', { as: 'finance.440100', body: budget });
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('TARGET_NOT_APPROVED');
  }, 120_000);

  it('central sets the cycle’s rules as data; others may not', async () => {
    const before = await sys.call('GET', `/api/cycles/${YEAR + 1}/results/rules`, { as: 'finance.440000' });
    expect(before.body).toMatchObject({ isDefault: true });
    const rules = { rules: [{ grade: '差', requires: ['justification', 'improvement-plan', 'finance-decision'] }] };
    const byProvince = await sys.call('PUT', `/api/cycles/${YEAR + 1}/results/rules`, {
      as: 'finance.440000',
      body: rules,
    });
    expect(byProvince.status).toBe(403);
    const set = await sys.call('PUT', `/api/cycles/${YEAR + 1}/results/rules`, { as: 'finance.100000', body: rules });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ isDefault: false, rules: rules.rules });
  });
});
