import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tickUnit } from '#shared/monitoring/submissions';
import { setClock } from '#shared/platform/clock';
import { startSystem, type TestSystem } from '../helpers/local.ts';
import { issueEbmiToRegions } from '../helpers/monitoring.ts';

const YEAR = 2026;
const GD = '440000';
const REGIONS = ['440100', '440300']; // 广州市, 深圳市
let clock = Date.parse('2025-12-01T10:00:00+08:00');

// The daily tick's step for one provincial unit does work in proportion to its regions (≈ 900 monitors for 四川 in
// January at national scale, past the functions' 30 s timeout): it stops between units of work when its time is up
// and answers `more`, and `statemachines/monitoring-tick.asl.json` invokes it again (`UnitMore`).
describe('the daily tick in parts (issue 19: a unit’s tick past the Lambda timeout at national scale)', () => {
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
    await issueEbmiToRegions(sys, YEAR, GD, REGIONS);
  });
  afterAll(async () => {
    await sys.close();
    restore();
  });

  it('stops after one unit of work when its time is up, and invoked again goes on where it stopped: each monitor, period and mail once', async () => {
    clock = Date.parse('2026-02-01T09:00:00+08:00'); // January's period has come; the scheduler is not asked
    const parts = [];
    for (let i = 0; i < 10; i++) {
      const r = await tickUnit(YEAR, GD, () => false); // always out of time: one unit of work per invocation
      parts.push([r.created, r.opened, r.more]);
      if (!r.more) break;
    }
    // two monitors created one per invocation, then each one's period opened one per invocation, then done
    expect(parts).toEqual([
      [1, 0, true],
      [1, 0, true],
      [0, 1, true],
      [0, 1, false],
    ]);
    expect(await tickUnit(YEAR, GD, () => false)).toMatchObject({ created: 0, opened: 0, missed: 0, more: false });
    for (const org of REGIONS) {
      const m = (await sys.call('GET', `/api/cycles/${YEAR}/monitoring?org=${org}&fund=EBMI`, { as: `finance.${org}` }))
        .body.funds[0];
      expect(m.periods.map((p: { asOf: string; status: string }) => [p.asOf, p.status])).toEqual([
        ['2026-01-31', 'open'],
      ]);
      const told = (await sys.mail()).filter(
        (x) => x.to.includes(`medsec-agency.${org}@sifpm.example.cn`) && /请报送.*2026-01-31期/.test(x.subject),
      );
      expect(told).toHaveLength(1);
    }
  });
});
