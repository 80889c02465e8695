import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_TIME_FOR_2025, runningClock, startSystem, type TestSystem } from '../helpers/local.ts';
import { taskLink } from '../helpers/tasks.ts';

/**
 * Concurrency (issue 14): 50 writers on one record and 50 decisions on one task, all in flight at once against the
 * local default. Every write is conditional (the version read, the task still open), so the outcome is exact.
 */
const YEAR = 2025;
const GD = '440000';
const AGENCY = `hrss-agency.${GD}`;
const N = 50;

const draft = (i: number) => ({
  goals: [`第 ${i} 稿 / draft ${i}`],
  indicators: [{ id: 'collection-rate', target: { value: '98' } }],
});

describe('50 writers on one record, 50 decisions on one task', () => {
  let sys: TestSystem;
  let restoreClock = () => {};
  const path = `/api/cycles/${YEAR}/targets/${GD}/UI/draft`;
  const timeline = async () =>
    (await sys.call('GET', `/api/cycles/${YEAR}/timeline?org=${GD}&kind=targets&fund=UI`, { as: `finance.${GD}` }))
      .body as { action: string }[];
  const verify = async () => (await sys.call('GET', `/api/audit/verify?year=${YEAR}`, { as: 'finance.100000' })).body;

  beforeAll(async () => {
    sys = await startSystem();
    // the 2025 cycle is kicked off in time, so that its deadlines lie ahead as the kickoff requires
    restoreClock = runningClock(IN_TIME_FOR_2025);
    await sys.call('POST', '/api/cycles', { as: 'finance.100000', body: { year: YEAR } });
    await sys.settled();
  });
  afterAll(async () => {
    restoreClock();
    await sys.close();
  });

  it('lets exactly one of 50 writers at the same version through; the others get 409 and change nothing', async () => {
    const first = await sys.call('PUT', path, { as: AGENCY, body: draft(0) });
    expect(first.status).toBe(200);
    const before = (await timeline()).length;
    const answers = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        sys.call('PUT', path, { as: AGENCY, body: { ...draft(i + 1), version: first.body.version } }),
      ),
    );
    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(1);
    expect(won[0]?.body.version).toBe(first.body.version + 1);
    expect(answers.filter((a) => a.status === 409 && a.body.error.code === 'VERSION_CONFLICT')).toHaveLength(N - 1);
    expect((await timeline()).length).toBe(before + 1);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('lets 50 writers that retry on 409 all through, one version each, strictly increasing, every one audited', async () => {
    const start = (await sys.call('GET', `/api/cycles/${YEAR}/targets?org=${GD}`, { as: AGENCY })).body.find(
      (t: { fund: string }) => t.fund === 'UI',
    ).version as number;
    const before = (await timeline()).length;
    const writer = async (i: number): Promise<number> => {
      for (;;) {
        const current = (await sys.call('GET', `/api/cycles/${YEAR}/targets?org=${GD}`, { as: AGENCY })).body.find(
          (t: { fund: string }) => t.fund === 'UI',
        ).version as number;
        const res = await sys.call('PUT', path, { as: AGENCY, body: { ...draft(100 + i), version: current } });
        if (res.status === 200) return res.body.version as number;
        expect(res.status).toBe(409);
      }
    };
    const versions = await Promise.all(Array.from({ length: N }, (_, i) => writer(i)));
    expect([...versions].sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => start + i + 1));
    expect((await timeline()).length).toBe(before + N);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('takes exactly one of 50 decisions on one task; the other 49 are refused and the workflow moves once', async () => {
    const link = await taskLink(sys, AGENCY, /失业保险.*制定/);
    expect((await sys.call('GET', `/api/tasks/${link}`, { as: AGENCY })).status).toBe(200);
    const before = (await timeline()).length;
    const answers = await Promise.all(
      Array.from({ length: N }, () =>
        sys.call('POST', `/api/tasks/${link}/decision`, { as: AGENCY, body: { decision: 'submit' } }),
      ),
    );
    await sys.settled();
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused).toHaveLength(N - 1);
    for (const r of refused) {
      expect([409, 410]).toContain(r.status);
      expect(r.body.error.message.zh).toBeTruthy();
    }
    const after = await timeline();
    expect(after.filter((e) => /^target\..+\.submit$/.test(e.action))).toHaveLength(1);
    expect(after.length).toBeGreaterThan(before);
    const target = (await sys.call('GET', `/api/cycles/${YEAR}/targets?org=${GD}`, { as: AGENCY })).body.find(
      (t: { fund: string }) => t.fund === 'UI',
    );
    expect(target.status).toBe('preliminary-review');
    expect(await verify()).toMatchObject({ ok: true });
  });
});
