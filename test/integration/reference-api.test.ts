import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type TestSystem } from '../helpers/local.ts';

describe('reference data and work items over the API', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem();
    await sys.call('POST', '/api/cycles', { as: 'finance.100000', body: { year: 2026 } });
    await sys.settled();
  });
  afterAll(() => sys.close());

  it('serves the seven funds of 第三条 to any signed-in staff member', async () => {
    const res = await sys.call('GET', '/api/funds', { as: 'tax.440100' });
    expect(res.status).toBe(200);
    expect(res.body.map((f: { code: string }) => f.code)).toEqual([
      'EEPI',
      'URPI',
      'PSPI',
      'EBMI',
      'URMI',
      'WII',
      'UI',
    ]);
  });

  it('serves the provincial units and a province’s regions', async () => {
    const provinces = await sys.call('GET', '/api/orgs?tier=province', { as: 'finance.100000' });
    expect(provinces.body.filter((o: { kind: string }) => o.kind !== 'central-unit')).toHaveLength(32);
    const regions = await sys.call('GET', '/api/orgs?tier=region&parent=440000', { as: 'finance.440000' });
    expect(regions.body.map((o: { code: string }) => o.code)).toContain('440100');
  });

  it('serves a fund’s indicator set weighing 100 points', async () => {
    const res = await sys.call('GET', '/api/indicators?fund=UI', { as: 'finance.440000' });
    expect(res.status).toBe(200);
    const total = res.body.reduce((s: number, i: { fundWeight: string }) => s + Number(i.fundWeight), 0);
    expect(total).toBeCloseTo(100, 6);
  });

  it('refuses unknown funds, tiers and codes field by field', async () => {
    const fund = await sys.call('GET', '/api/indicators?fund=XX', { as: 'finance.440000' });
    expect(fund.status).toBe(400);
    expect(fund.body.error.details.issues[0].path).toBe('fund');
    const tier = await sys.call('GET', '/api/orgs?tier=planet', { as: 'finance.440000' });
    expect(tier.status).toBe(400);
    const extra = await sys.call('GET', '/api/funds?color=red', { as: 'finance.440000' });
    expect(extra.status).toBe(400);
  });

  it('tells the caller who they are', async () => {
    const res = await sys.call('GET', '/api/me', { as: 'hrss-agency.440100' });
    expect(res.body).toMatchObject({
      userId: 'hrss-agency.440100',
      orgCode: '440100',
      tier: 'region',
      department: 'hrss-agency',
    });
  });

  it('tells the caller what it may do, by the one policy: its own unit’s funds its department serves', async () => {
    const agency = await sys.call('GET', '/api/me', { as: 'hrss-agency.440100' });
    const own = (...funds: string[]) => funds.map((fund) => ({ org: '440100', fund }));
    expect(agency.body.may).toEqual({
      draftTargets: own('EEPI', 'URPI', 'PSPI', 'WII', 'UI'),
      submitSelfEvaluation: own('EEPI', 'URPI', 'PSPI', 'WII', 'UI'),
      submitMonitoring: own('EEPI', 'URPI', 'PSPI', 'WII', 'UI'),
    });
    const admin = await sys.call('GET', '/api/me', { as: 'medsec-admin.440100' });
    expect(admin.body.may).toEqual({
      draftTargets: [],
      submitSelfEvaluation: [
        { org: '440100', fund: 'EBMI' },
        { org: '440100', fund: 'URMI' },
      ],
      submitMonitoring: [],
    });
    const central = await sys.call('GET', '/api/me', { as: 'finance.100000' });
    expect(central.body.may.submitSelfEvaluation).toEqual([]);
  });

  it('checks typed actuals for a needed cause and measure by the scoring rule (R18.3), storing nothing', async () => {
    const res = await sys.call('POST', '/api/funds/EEPI/explanations-needed', {
      as: 'hrss-agency.440100',
      body: {
        actuals: [
          { id: 'contribution-income-completion', actual: '99.5' },
          { id: 'satisfaction', actual: '95' },
          { id: 'collection-rate', actual: '12.' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      checked: ['contribution-income-completion', 'satisfaction'],
      needed: ['contribution-income-completion'],
    });
    const unknown = await sys.call('POST', '/api/funds/XX/explanations-needed', {
      as: 'hrss-agency.440100',
      body: { actuals: [] },
    });
    expect(unknown.status).toBe(400);
  });

  it('lists the cycles kicked off', async () => {
    const res = await sys.call('GET', '/api/cycles', { as: 'finance.440000' });
    expect(res.body.map((c: { year: number }) => c.year)).toEqual([2026]);
  });

  it('shows a province its own work items and refuses another province’s (R4.1)', async () => {
    const own = await sys.call('GET', '/api/cycles/2026/items', { as: 'finance.440000' });
    expect(own.status).toBe(200);
    expect(own.body).toHaveLength(7);
    expect(new Set(own.body.map((i: { org: string }) => i.org))).toEqual(new Set(['440000']));
    const foreign = await sys.call('GET', '/api/cycles/2026/items?org=110000', { as: 'finance.440000' });
    expect(foreign.status).toBe(403);
    const upward = await sys.call('GET', '/api/cycles/2026/items?org=440000', { as: 'finance.440100' });
    expect(upward.status).toBe(403);
  });

  it('shows central every unit’s work items', async () => {
    const all = await sys.call('GET', '/api/cycles/2026/items', { as: 'finance.100000' });
    expect(all.body).toHaveLength(32 * 7 + 1);
  });
});
