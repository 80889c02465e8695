import { expect } from 'vitest';
import type { TestSystem } from './local.ts';
import { MONITORED_INDICATORS } from './monitoring.ts';
import { decide, taskLink } from './tasks.ts';

/**
 * The overviews' tests hold the injected clock still (a step's 60 s timeout must not run out on a loaded machine) and
 * wait for what they need instead: `until` polls a condition, and (unless told not to: the target chain's tasks, whose
 * tokens a moved clock may end) while it does not hold nudges the clock two seconds a round, at most ten times a call,
 * so that a step retried after a failure — its interval on the held clock — runs.
 */
export function heldClock(start: string) {
  let at = Date.parse(start);
  return {
    now: () => at,
    set: (iso: string) => {
      at = Date.parse(iso);
    },
    /** Poll `ready` (once a second, five minutes at most; beforeAll cannot use expect.poll), nudging as above. */
    async until(sys: TestSystem, ready: () => Promise<boolean>, what: string, { nudge = true } = {}) {
      const deadline = Date.now() + 300_000;
      let nudges = 0;
      for (;;) {
        await sys.settled();
        if (await ready()) return;
        if (Date.now() > deadline) throw new Error(`waited five minutes for: ${what}`);
        if (nudge && nudges++ < 10) at += 2_000;
        await sys.local.stepFunctions.checkTimers();
        await new Promise((r) => setTimeout(r, 1_000)); // the poll's interval, not a synchronisation
      }
    },
  };
}
export type HeldClock = ReturnType<typeof heldClock>;

const found = async (sys: TestSystem, to: string, subject: RegExp) => {
  try {
    return await taskLink(sys, to, subject);
  } catch {
    return undefined;
  }
};

/**
 * A province's 职工基本医疗 target through 制定 → 初审 → 审核 → 中央审核 → 下达, then decomposed to `regions` — as
 * `issueEbmiToRegions`, waiting for each task mail rather than expecting it at once.
 */
export async function issueEbmi(sys: TestSystem, clock: HeldClock, year: number, province: string, regions: string[]) {
  const draft = { goals: ['待遇按时足额发放 / pay on time and in full'], indicators: MONITORED_INDICATORS };
  const agency = `medsec-agency.${province}`;
  await clock.until(
    sys,
    async () =>
      (await sys.call('GET', `/api/cycles/${year}/items?org=${province}`, { as: `finance.${province}` })).body.some?.(
        (i: { kind: string; fund: string }) => i.kind === 'targets' && i.fund === 'EBMI',
      ) === true,
    'the kickoff prepared the province’s targets',
  );
  const saved = await sys.call('PUT', `/api/cycles/${year}/targets/${province}/EBMI/draft`, {
    as: agency,
    body: draft,
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  for (const [who, name, decision] of [
    [agency, '制定', 'submit'],
    [`medsec-admin.${province}`, '初审', 'approve'],
    [`finance.${province}`, '[^央]审核', 'approve'],
    ['finance.100000', '中央审核', 'approve'],
  ] as const) {
    const subject = new RegExp(`职工基本医疗.*${name}`);
    await clock.until(sys, async () => (await found(sys, who, subject)) !== undefined, `the ${name} task mail`, {
      nudge: false,
    });
    const res = await decide(sys, who, (await found(sys, who, subject)) as string, decision);
    expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(200);
  }
  await clock.until(
    sys,
    async () =>
      (await sys.call('GET', `/api/cycles/${year}/items?org=${province}`, { as: `finance.${province}` })).body.some?.(
        (i: { kind: string; fund: string; status: string }) =>
          i.kind === 'targets' && i.fund === 'EBMI' && i.status === 'issued',
      ) === true,
    'the target issued',
    { nudge: false },
  );
  const res = await sys.call('PUT', `/api/cycles/${year}/targets/${province}/EBMI/regions`, {
    as: `finance.${province}`,
    body: { regions: regions.map((org) => ({ org, indicators: draft.indicators })) },
  });
  expect(res.status, `decompose: ${JSON.stringify(res.body)}`).toBe(200);
}
