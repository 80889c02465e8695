import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_TIME_FOR_2025, runningClock, startSystem, type TestSystem } from '../helpers/local.ts';
import { guidingDraft } from '../helpers/targets.ts';
import { decide, taskLink } from '../helpers/tasks.ts';

const YEAR = 2025;
const GD = '440000';

describe('the timeline of a work item (GET /api/cycles/{year}/timeline)', () => {
  let sys: TestSystem;
  let restoreClock = () => {};
  beforeAll(async () => {
    sys = await startSystem();
    // the 2025 cycle is kicked off in time, so that its deadlines lie ahead as the kickoff requires
    restoreClock = runningClock(IN_TIME_FOR_2025);
    await sys.call('POST', '/api/cycles', { as: 'finance.100000', body: { year: YEAR } });
    await sys.settled();
    const agency = `hrss-agency.${GD}`;
    const saved = await sys.call('PUT', `/api/cycles/${YEAR}/targets/${GD}/UI/draft`, {
      as: agency,
      body: guidingDraft('UI'),
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await decide(sys, agency, await taskLink(sys, agency, /失业保险.*制定/), 'submit')).status).toBe(200);
    const admin = `hrss-admin.${GD}`;
    const res = await decide(sys, admin, await taskLink(sys, admin, /失业保险.*初审/), 'return', '请补充目标说明');
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    restoreClock();
    await sys.close();
  });

  it('lists every step of the item, oldest first, with who, when and the comment — and no record contents', async () => {
    const res = await sys.call('GET', `/api/cycles/${YEAR}/timeline?org=${GD}&kind=targets&fund=UI`, {
      as: `finance.${GD}`,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const entries = res.body as { at: string; actor: { id: string }; action: string; comment?: string }[];
    expect(entries.map((e) => e.at)).toEqual(entries.map((e) => e.at).sort());
    const actions = entries.map((e) => e.action);
    expect(actions).toContain('target.draft.submit');
    const returned = entries.find((e) => e.action === 'target.preliminary-review.return');
    expect(returned).toMatchObject({
      actor: { id: `hrss-admin.${GD}` },
      comment: '请补充目标说明',
      status: 'drafting',
    });
    expect(entries.filter((e) => e.action === 'task.open').length).toBeGreaterThanOrEqual(3);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('token');
    expect(text).not.toContain('indicators');
  });

  it('is scoped like other reads: central sees any item, another province does not', async () => {
    const central = await sys.call('GET', `/api/cycles/${YEAR}/timeline?org=${GD}&kind=targets&fund=UI`, {
      as: 'finance.100000',
    });
    expect(central.status).toBe(200);
    expect(central.body.length).toBeGreaterThan(0);
    const other = await sys.call('GET', `/api/cycles/${YEAR}/timeline?org=${GD}&kind=targets&fund=UI`, {
      as: 'finance.320000',
    });
    expect(other.status).toBe(403);
  });

  it('answers an empty list for an item without history and refuses a malformed query', async () => {
    const none = await sys.call('GET', `/api/cycles/${YEAR}/timeline?org=${GD}&kind=self-evaluation&fund=UI`, {
      as: `finance.${GD}`,
    });
    expect(none).toMatchObject({ status: 200, body: [] });
    const bad = await sys.call('GET', `/api/cycles/${YEAR}/timeline?org=${GD}&kind=nonsense`, { as: `finance.${GD}` });
    expect(bad.status).toBe(400);
  });
});
