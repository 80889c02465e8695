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
