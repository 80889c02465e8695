import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kickoffUnits } from '#shared/cycle/cycles';
import { createSelfEvaluation, findEvaluation, updateItem } from '#shared/evaluation/store';
import { listIndicators } from '#shared/reference/indicators';
import { getOrg } from '#shared/reference/orgs';
import { scoreCardToJson, scoreFund } from '#shared/reference/scoring';
import { PDF } from '../helpers/documents.ts';
import { IN_TIME_FOR_2025, runningClock, startSystem, type TestSystem } from '../helpers/local.ts';
import { guidingDraft, issueToRegions } from '../helpers/targets.ts';
import { decide, taskLink } from '../helpers/tasks.ts';

const YEAR = 2025;
const GD = '440000';
const [GZ, SZ, ZH] = ['440100', '440300', '440400']; // 广州 深圳 珠海
const FUNDS = ['EBMI', 'URMI'] as const;

/** Actual values that meet every guiding target; `override` changes some. */
function actuals(fund: string, override: Record<string, { actual: string; cause?: string; measure?: string }> = {}) {
  return listIndicators({ fund }).map((i) => {
    const t = i.defaultTarget as { value?: string; min?: string; grade?: string };
    const actual = t.grade ?? t.value ?? t.min ?? '0';
    return { id: i.id, actual, ...(override[i.id] ?? {}) };
  });
}

async function upload(
  sys: TestSystem,
  as: string,
  org: string,
  fund: string,
  kind: string,
  bytes: Buffer,
  type = 'pdf',
) {
  const slot = await sys.call('POST', `/api/cycles/${YEAR}/evaluations/${org}/${fund}/uploads`, {
    as,
    body: { kind, type },
  });
  expect(slot.status, JSON.stringify(slot.body)).toBe(201);
  const form = new FormData();
  for (const [k, v] of Object.entries(slot.body.fields as Record<string, string>)) form.append(k, v);
  form.append('file', new Blob([bytes]), `report.${type}`);
  const res = await fetch(slot.body.url, { method: 'POST', body: form });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  await sys.settled();
  return slot.body.key as string;
}

async function evaluation(sys: TestSystem, as: string, org: string, fund: string) {
  const res = await sys.call('GET', `/api/cycles/${YEAR}/evaluations?org=${org}`, { as });
  return res.body.find((e: { org: string; fund: string }) => e.org === org && e.fund === fund);
}

const agency = (org: string) => `medsec-agency.${org}`;

/** One part of an OOXML package, as text. */
async function readPart(buf: Buffer, name: string): Promise<string> {
  return (await (await JSZip.loadAsync(buf)).file(name)?.async('string')) ?? '';
}
const fundRe = (fund: string) => (fund === 'EBMI' ? '职工基本医疗' : '城乡居民基本医疗');

/** The region submits figures and report; its finance signs off. */
async function submit(sys: TestSystem, org: string, fund: string, values = actuals(fund)) {
  const saved = await sys.call('PUT', `/api/cycles/${YEAR}/evaluations/${org}/${fund}/actuals`, {
    as: agency(org),
    body: { actuals: values },
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  await upload(sys, agency(org), org, fund, 'self-evaluation', PDF);
}

async function signOff(sys: TestSystem, org: string, fund: string) {
  const link = await taskLink(sys, `finance.${org}`, new RegExp(`${fundRe(fund)}.*财政审定`));
  expect((await decide(sys, `finance.${org}`, link, 'approve')).status).toBe(200);
}

describe('evaluation chain (第四章): self-evaluation → provincial evaluation → central review', () => {
  let sys: TestSystem;
  let restoreClock: (() => void) | undefined;
  let restoreKickoffClock = () => {};
  beforeAll(async () => {
    sys = await startSystem();
    // kicked off in time (1 Dec 2024), the targets due the day before the self-evaluations (so that the units still
    // drafting fall overdue only in June); central allows delegations to run 45 days past the provincial deadline
    restoreKickoffClock = runningClock(IN_TIME_FOR_2025);
    const kicked = await sys.call('POST', '/api/cycles', {
      as: 'finance.100000',
      body: { year: YEAR, targetsDue: '2026-05-30', delegationMarginDays: 45 },
    });
    expect(kicked.status, JSON.stringify(kicked.body)).toBe(202);
    await sys.settled();
    for (const fund of FUNDS) await issueToRegions(sys, YEAR, GD, fund, [GZ, SZ, ZH]);
    // the budget year is over: 2026-01-05 in Shanghai
    restoreClock = runningClock('2026-01-05T02:00:00Z');
    const opened = await sys.call('POST', `/api/cycles/${YEAR}/evaluations/open`, { as: 'finance.100000' });
    expect(opened.status).toBe(202);
    await sys.settled();
  });
  afterAll(async () => {
    restoreClock?.();
    restoreKickoffClock();
    await sys.close();
  });

  it('opens one self-evaluation per region × fund with an issued target, due 31 May 23:59:59 Asia/Shanghai', async () => {
    const list = await sys.call('GET', `/api/cycles/${YEAR}/evaluations?org=${GD}`, { as: `finance.${GD}` });
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(6);
    expect(
      list.body.every(
        (e: { status: string; due: string }) => e.status === 'awaiting-report' && e.due === '2026-05-31T15:59:59.999Z',
      ),
    ).toBe(true);
    const told = (await sys.mail()).filter(
      (m) => m.to[0] === `${agency(GZ)}@sifpm.example.cn` && /绩效自评/.test(m.subject),
    );
    expect(told).toHaveLength(2);
  });

  it('delegates one item to a third party, who sees only that item', async () => {
    const res = await sys.call('POST', `/api/cycles/${YEAR}/delegations`, {
      as: `finance.${GD}`,
      body: { delegate: `third-party.${GD}`, items: [{ org: ZH, fund: 'EBMI' }], until: '2026-08-15T00:00:00+08:00' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const seen = await sys.call('GET', `/api/cycles/${YEAR}/evaluations?org=${GD}`, { as: `third-party.${GD}` });
    expect(seen.body.map((e: { org: string; fund: string }) => `${e.org}/${e.fund}`)).toEqual([`${ZH}/EBMI`]);
    const targets = await sys.call('GET', `/api/cycles/${YEAR}/targets?org=${GD}`, { as: `third-party.${GD}` });
    expect(targets.status).toBe(403);
    const foreign = await sys.call('POST', `/api/cycles/${YEAR}/delegations`, {
      as: 'finance.320000',
      body: { delegate: 'third-party.320000', items: [{ org: GZ, fund: 'EBMI' }], until: '2026-08-15T00:00:00+08:00' },
    });
    expect(foreign.status).toBe(403);
  });

  it('delegates only to eligible accounts for a bounded window; re-delegation and DELETE end a grant at once (finding 2)', async () => {
    const grant = (delegate: string, until = '2026-08-15T00:00:00+08:00', items = [{ org: ZH, fund: 'URMI' }]) =>
      sys.call('POST', `/api/cycles/${YEAR}/delegations`, { as: `finance.${GD}`, body: { delegate, items, until } });
    const sees = async (who: string) =>
      (await sys.call('GET', `/api/cycles/${YEAR}/evaluations?org=${GD}`, { as: who })).body.map(
        (e: { org: string; fund: string }) => `${e.org}/${e.fund}`,
      );
    // an account that does not exist, another province's third party, a window ending in 9999, an item twice
    for (const [res, code] of [
      [await grant('third-party.990000'), 'DELEGATE_NOT_ELIGIBLE'],
      [await grant('third-party.320000'), 'DELEGATE_NOT_ELIGIBLE'],
      [await grant(`third-party.${GD}`, '9999-12-31T00:00:00+08:00'), 'WINDOW_TOO_LONG'],
      [await grant(`third-party.${GD}`, '2026-09-30T00:00:00+08:00'), 'WINDOW_TOO_LONG'], // 31 July + 45 days < 30 Sep
    ] as const) {
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.error.code).toBe(code);
    }
    const twice = await grant(`third-party.${GD}`, undefined, [
      { org: ZH, fund: 'URMI' },
      { org: ZH, fund: 'URMI' },
    ]);
    expect(twice.status).toBe(400);
    expect(await sees(`third-party.${GD}`)).toEqual([`${ZH}/EBMI`]);

    // the province's own third party (to 10 September: within central's 45 days, past the default 30), then central's
    // registered one: the first grant ends with the second
    expect((await grant(`third-party.${GD}`, '2026-09-10T00:00:00+08:00')).status).toBe(201);
    expect(await sees(`third-party.${GD}`)).toEqual([`${ZH}/EBMI`, `${ZH}/URMI`]);
    expect((await grant('third-party.100000')).status).toBe(201);
    expect(await sees(`third-party.${GD}`)).toEqual([`${ZH}/EBMI`]);
    expect(await sees('third-party.100000')).toEqual([`${ZH}/URMI`]);

    // revocation: only the delegating province; then nobody sees it, and a second revocation finds nothing
    const path = `/api/cycles/${YEAR}/delegations/${ZH}/URMI`;
    expect((await sys.call('DELETE', path, { as: 'finance.320000' })).status).toBe(403);
    const revoked = await sys.call('DELETE', path, { as: `finance.${GD}` });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body).toEqual({ org: ZH, fund: 'URMI', revoked: 'third-party.100000' });
    expect(await sees('third-party.100000')).toEqual([]);
    expect((await sys.call('DELETE', path, { as: `finance.${GD}` })).body.error.code).toBe('NOT_DELEGATED');

    const trail = await sys.call('GET', `/api/cycles/${YEAR}/timeline?org=${ZH}&kind=self-evaluation&fund=URMI`, {
      as: `finance.${GD}`,
    });
    expect(trail.body.map((e: { action: string }) => e.action).filter((a: string) => /delegat/.test(a))).toEqual([
      'evaluation.delegate',
      'evaluation.delegate',
      'evaluation.delegation-revoke',
    ]);
  });

  it('holds every action on a fund to the department’s fund line (finding 1)', async () => {
    // 人社 agencies serve pension, work-injury and unemployment funds; the medical funds are 医保's
    const figures = await sys.call('PUT', `/api/cycles/${YEAR}/evaluations/${GZ}/EBMI/actuals`, {
      as: `hrss-agency.${GZ}`,
      body: { actuals: actuals('EBMI') },
    });
    expect(figures.status).toBe(403);
    expect(figures.body.error.details).toMatchObject({ fund: 'EBMI', department: 'hrss-agency' });
    const slot = await sys.call('POST', `/api/cycles/${YEAR}/evaluations/${GZ}/EBMI/uploads`, {
      as: `hrss-agency.${GZ}`,
      body: { kind: 'self-evaluation', type: 'pdf' },
    });
    expect(slot.status).toBe(403);
    const draft = await sys.call('PUT', `/api/cycles/${YEAR}/targets/${GZ}/WII/draft`, {
      as: `medsec-agency.${GZ}`,
      body: guidingDraft('WII'),
    });
    expect(draft.status).toBe(403);
    expect(draft.body.error.details).toMatchObject({ fund: 'WII', department: 'medsec-agency' });
    expect((await evaluation(sys, `finance.${GZ}`, GZ, 'EBMI')).actuals).toEqual([]);
  });

  it('refuses the same indicator twice and more decimals than its precision, and stores nothing (finding 6)', async () => {
    const [first, ...rest] = actuals('EBMI');
    const twice = await sys.call('PUT', `/api/cycles/${YEAR}/evaluations/${GZ}/EBMI/actuals`, {
      as: agency(GZ),
      body: { actuals: [first, ...rest, first] },
    });
    expect(twice.status).toBe(422);
    expect(twice.body.error.details.issues).toContainEqual(
      expect.objectContaining({ path: `actuals.${rest.length + 1}.id`, code: 'DUPLICATE_INDICATOR' }),
    );
    const quantitative = listIndicators({ fund: 'EBMI' }).find((i) => i.nature === 'quantitative');
    const fine = actuals('EBMI', {
      [quantitative?.id as string]: { actual: `1.${'1'.repeat((quantitative?.precision ?? 0) + 1)}` },
    });
    const precise = await sys.call('PUT', `/api/cycles/${YEAR}/evaluations/${GZ}/EBMI/actuals`, {
      as: agency(GZ),
      body: { actuals: fine },
    });
    expect(precise.status).toBe(422);
    expect(precise.body.error.details.issues).toContainEqual(expect.objectContaining({ code: 'TOO_MANY_DECIMALS' }));
    expect((await evaluation(sys, `finance.${GZ}`, GZ, 'EBMI')).actuals).toEqual([]);
  });

  it('refuses a file whose bytes do not match its type, and records why', async () => {
    await upload(sys, agency(GZ), GZ, 'EBMI', 'self-evaluation', Buffer.from('just text, not a PDF'));
    const e = await evaluation(sys, `finance.${GZ}`, GZ, 'EBMI');
    expect(e.status).toBe('awaiting-report');
    expect(e.report).toBeNull();
    expect(e.documentErrors.length).toBeGreaterThan(0);
  });

  it('scores an on-time submission exactly as the domain core does, then finance signs it off', async () => {
    await submit(sys, GZ, 'EBMI');
    const scored = await evaluation(sys, `finance.${GZ}`, GZ, 'EBMI');
    expect(scored.status).toBe('sign-off');
    const indicators = listIndicators({ fund: 'EBMI' }) as Parameters<typeof scoreFund>[0];
    const expected = scoreCardToJson(
      scoreFund(
        indicators,
        Object.fromEntries(
          actuals('EBMI').map((a) => [
            a.id,
            { actual: ['优', '良', '中', '差'].includes(a.actual) ? { grade: a.actual as '良' } : a.actual },
          ]),
        ),
      ),
    );
    expect([scored.score, scored.grade]).toEqual([expected.total, expected.grade]);
    expect(scored.report.sha256).toMatch(/^[0-9a-f]{64}$/);
    await signOff(sys, GZ, 'EBMI');
    const done = await evaluation(sys, `finance.${GZ}`, GZ, 'EBMI');
    expect(done).toMatchObject({ status: 'submitted', late: false });
  });

  it('shows the result beside the previous years’: score, grade, key indicators and the change (R8.1)', async () => {
    // the previous budget year's result of 广州 × 职工医保: no earlier cycle runs in this system, so it is written as
    // the store writes a submitted self-evaluation (80.00, 良), with one key indicator lower than this year's
    const now = await findEvaluation(YEAR, GZ, 'EBMI');
    if (!now?.score || !now.actuals) throw new Error('this year is scored first');
    const audit = { actor: { id: 'system:test', orgCode: '100000' }, action: 'test.previous-year' };
    const key = listIndicators({ fund: 'EBMI' }).find((i) => i.funds !== 'all' && i.nature === 'quantitative')!;
    const thisYear = now.actuals.find((a) => a.id === key.id)!.actual;
    await createSelfEvaluation(
      { year: YEAR - 1, org: GZ, province: GD, fund: 'EBMI', status: 'submitted', due: now.due },
      audit,
    );
    const before = (await findEvaluation(YEAR - 1, GZ, 'EBMI'))!;
    await updateItem(
      before,
      {
        actuals: now.actuals.map((a) => (a.id === key.id ? { ...a, actual: '90' } : a)),
        score: { ...now.score, total: '80.00', grade: '良' },
      },
      audit,
    );

    const res = await sys.call('GET', `/api/cycles/${YEAR}/evaluations/${GZ}/EBMI/history`, { as: `finance.${GD}` });
    expect(res.status).toBe(200);
    expect(res.body.indicators.map((i: { id: string }) => i.id)).toContain(key.id);
    const [last, current] = res.body.years;
    expect(res.body.years).toHaveLength(2);
    expect(last).toMatchObject({ year: YEAR - 1, score: '80.00', grade: '良', change: null });
    expect(last.indicators.find((i: { id: string }) => i.id === key.id).actual).toBe('90');
    expect(current).toMatchObject({ year: YEAR, score: now.score.total, grade: now.score.grade });
    expect(current.indicators.find((i: { id: string }) => i.id === key.id).actual).toBe(thisYear);
    expect(current.change).toEqual({
      from: YEAR - 1,
      score: (Number(now.score.total) - 80).toFixed(2),
      grade: now.score.grade === '优' ? 'up' : now.score.grade === '良' ? 'same' : 'down',
    });
    // another region's history is not this region's to read
    const other = await sys.call('GET', `/api/cycles/${YEAR}/evaluations/${GZ}/EBMI/history`, { as: `finance.${SZ}` });
    expect(other.status).toBe(403);
  });

  it('returns a missed target without cause and measure, with the missing list; accepts it once explained (R18.3)', async () => {
    const missed = actuals('EBMI', { 'collection-rate': { actual: '80' } });
    await submit(sys, ZH, 'EBMI', missed);
    const returned = await evaluation(sys, `finance.${ZH}`, ZH, 'EBMI');
    expect(returned.status).toBe('awaiting-report');
    expect(returned.missingExplanations).toEqual(['collection-rate']);
    const mail = (await sys.mail()).filter(
      (m) => m.to[0] === `${agency(ZH)}@sifpm.example.cn` && /【退回】/.test(m.subject),
    );
    expect(mail.at(-1)?.text).toContain('collection-rate');
    const explained = actuals('EBMI', {
      'collection-rate': {
        actual: '80',
        cause: '企业停产欠费 / arrears of closed firms',
        measure: '加强清欠 / chase arrears',
      },
    });
    const saved = await sys.call('PUT', `/api/cycles/${YEAR}/evaluations/${ZH}/EBMI/actuals`, {
      as: agency(ZH),
      body: { actuals: explained },
    });
    expect(saved.status).toBe(200);
    await sys.settled();
    expect((await evaluation(sys, `finance.${ZH}`, ZH, 'EBMI')).status).toBe('sign-off');
    await signOff(sys, ZH, 'EBMI');
  });

  it('refuses malformed figures field by field and writes nothing', async () => {
    const bad = [
      ...actuals('URMI')
        .slice(1)
        .filter((a) => a.id !== 'risk-control'),
      { id: 'no-such-indicator', actual: '1' },
      { id: 'risk-control', actual: '3' },
    ];
    const res = await sys.call('PUT', `/api/cycles/${YEAR}/evaluations/${GZ}/URMI/actuals`, {
      as: agency(GZ),
      body: { actuals: bad },
    });
    expect(res.status).toBe(422);
    const codes = res.body.error.details.issues.map((i: { code: string }) => i.code).sort();
    expect(codes).toEqual(['ACTUALS_MISSING', 'UNKNOWN_INDICATOR', 'WRONG_ACTUAL_KIND']);
    const other = await sys.call('PUT', `/api/cycles/${YEAR}/evaluations/${SZ}/URMI/actuals`, {
      as: agency(GZ),
      body: { actuals: actuals('URMI') },
    });
    expect(other.status).toBe(403);
    expect((await evaluation(sys, `finance.${GZ}`, GZ, 'URMI')).status).toBe('awaiting-report');
  });

  it('submits the other on-time items', async () => {
    for (const [org, fund] of [
      [GZ, 'URMI'],
      [ZH, 'URMI'],
    ] as const) {
      await submit(sys, org, fund);
      await signOff(sys, org, fund);
    }
  });

  it('marks an item late after 31 May, tells the province, and still accepts it as late (R18.1)', async () => {
    // 深圳: one fund without a report, the other reported but not yet signed off by its finance department
    await submit(sys, SZ, 'URMI');
    expect(await evaluation(sys, `finance.${SZ}`, SZ, 'URMI')).toMatchObject({ status: 'sign-off', late: false });
    restoreClock?.();
    restoreClock = runningClock('2026-06-01T02:00:00Z'); // 1 June, 10:00 Shanghai
    await sys.local.stepFunctions.checkTimers();
    await sys.settled();
    for (const fund of FUNDS) expect((await evaluation(sys, `finance.${SZ}`, SZ, fund)).late).toBe(true);
    const notices = (await sys.mail()).filter(
      (m) => m.to[0] === `finance.${GD}@sifpm.example.cn` && /逾期提示/.test(m.subject),
    );
    expect(notices.length).toBe(2);
    await submit(sys, SZ, 'EBMI');
    for (const fund of FUNDS) {
      await signOff(sys, SZ, fund);
      expect(await evaluation(sys, `finance.${SZ}`, SZ, fund)).toMatchObject({ status: 'submitted', late: true });
    }
  });

  it('reviews each region × fund at province level; a return goes back to the region and comes back resubmitted', async () => {
    const review = (_org: string, fund: string) =>
      new RegExp(`评价.*${fund === 'EBMI' ? '职工基本医疗' : '城乡居民基本医疗'}`);
    const reviewer = `finance.${GD}`;
    // the delegated item goes to the third party, not to the province
    const delegated = await taskLink(sys, `third-party.${GD}`, review(ZH, 'EBMI'));
    expect(delegated).toBeTruthy();
    // revoked, the open review task comes back to the province with a fresh link, and the third party's link is dead
    const revoke = await sys.call('DELETE', `/api/cycles/${YEAR}/delegations/${ZH}/EBMI`, { as: reviewer });
    expect(revoke.status, JSON.stringify(revoke.body)).toBe(200);
    const back = await taskLink(sys, reviewer, /评价珠海市.*职工基本医疗/);
    expect(back).not.toBe(delegated);
    const dead = await sys.call('POST', `/api/tasks/${delegated}/decision`, {
      as: `third-party.${GD}`,
      body: { decision: 'confirm' },
    });
    expect([dead.status, dead.body.error.code]).toEqual([403, 'DELEGATION_ENDED']);
    // delegated again, the task moves to the third party once more; the province's link is superseded in turn
    const again = await sys.call('POST', `/api/cycles/${YEAR}/delegations`, {
      as: reviewer,
      body: { delegate: `third-party.${GD}`, items: [{ org: ZH, fund: 'EBMI' }], until: '2026-08-15T00:00:00+08:00' },
    });
    expect(again.status).toBe(201);
    expect(await taskLink(sys, `third-party.${GD}`, review(ZH, 'EBMI'))).not.toBe(delegated);
    const stale = await sys.call('POST', `/api/tasks/${back}/decision`, {
      as: reviewer,
      body: { decision: 'confirm' },
    });
    expect(stale.body.error.code).toBe('TASK_SUPERSEDED');
    // return Guangzhou's URMI for revision
    const gzUrmi = (await sys.mail()).filter(
      (m) => m.to[0] === `${reviewer}@sifpm.example.cn` && /广州市.*城乡居民基本医疗/.test(m.subject),
    );
    const link = gzUrmi
      .at(-1)
      ?.links.find((l) => l.includes('/tasks/'))
      ?.split('/tasks/')[1] as string;
    expect((await decide(sys, reviewer, link, 'return', '数据口径不一致，请核实 / figures inconsistent')).status).toBe(
      200,
    );
    const returned = await evaluation(sys, reviewer, GZ, 'URMI');
    expect(returned).toMatchObject({
      status: 'awaiting-report',
      returnComment: expect.stringContaining('数据口径不一致'),
    });
    expect(returned.actuals.length).toBeGreaterThan(0); // the region's figures are kept for it to revise
    // its first submission was on time: a week on, past 31 May, the returned item is still not late
    restoreClock?.();
    restoreClock = runningClock('2026-06-08T02:00:00Z');
    await sys.local.stepFunctions.checkTimers();
    await sys.settled();
    expect(await evaluation(sys, reviewer, GZ, 'URMI')).toMatchObject({ status: 'awaiting-report', late: false });
    await submit(sys, GZ, 'URMI');
    await signOff(sys, GZ, 'URMI');
    // confirm every item (the province for five, the third party for its one), one with an adjusted score
    for (const [org, fund] of [
      [GZ, 'EBMI'],
      [GZ, 'URMI'],
      [SZ, 'EBMI'],
      [SZ, 'URMI'],
      [ZH, 'URMI'],
      [ZH, 'EBMI'],
    ] as const) {
      const who = org === ZH && fund === 'EBMI' ? `third-party.${GD}` : reviewer;
      const name = { [GZ]: '广州市', [SZ]: '深圳市', [ZH]: '珠海市' }[org];
      const mail = (await sys.mail()).filter(
        (m) => m.to[0] === `${who}@sifpm.example.cn` && new RegExp(`${name}.*${fundRe(fund)}`).test(m.subject),
      );
      const id = mail
        .at(-1)
        ?.links.find((l) => l.includes('/tasks/'))
        ?.split('/tasks/')[1] as string;
      const res = await sys.call('POST', `/api/tasks/${id}/decision`, {
        as: who,
        body: {
          decision: 'confirm',
          data:
            org === SZ && fund === 'EBMI'
              ? { score: '85.5', recommendations: ['按时报送 / submit on time'] }
              : { recommendations: ['保持 / keep it up'] },
        },
      });
      expect(res.status, `${org}/${fund}: ${JSON.stringify(res.body)}`).toBe(200);
      await sys.settled();
    }
    expect(await evaluation(sys, reviewer, SZ, 'EBMI')).toMatchObject({
      status: 'reviewed',
      review: { score: '85.50', grade: '良', adjusted: true },
    });
  });

  it('feeds each result back to its region and to no other region (R19.1)', async () => {
    const own = await sys.call('GET', `/api/cycles/${YEAR}/evaluations?org=${SZ}`, { as: `finance.${SZ}` });
    expect(own.body.find((e: { fund: string }) => e.fund === 'EBMI').review.recommendations).toEqual([
      '按时报送 / submit on time',
    ]);
    expect((await sys.call('GET', `/api/cycles/${YEAR}/evaluations?org=${GZ}`, { as: `finance.${SZ}` })).status).toBe(
      403,
    );
    const feedback = (await sys.mail()).filter((m) => /省级绩效评价结果反馈/.test(m.subject));
    expect(new Set(feedback.map((m) => m.to[0]))).toEqual(
      new Set([GZ, SZ, ZH].map((o) => `finance.${o}@sifpm.example.cn`)),
    );
  });

  it('gives a region its 绩效自评表 to fill in, and only its own', async () => {
    const res = await fetch(`${sys.url}/api/cycles/${YEAR}/evaluations/${GZ}/EBMI/template`, {
      headers: { authorization: `Bearer ${await sys.token(agency(GZ))}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK'); // an OOXML package
    const foreign = await sys.call('GET', `/api/cycles/${YEAR}/evaluations/${SZ}/EBMI/template`, { as: agency(GZ) });
    expect(foreign.status).toBe(403);
  });

  it('takes the provincial report and finance approval, and reports to central (R18.2)', async () => {
    await upload(sys, `finance.${GD}`, GD, 'ALL', 'provincial-report', PDF);
    const link = await taskLink(sys, `finance.${GD}`, /审定.*省级绩效评价报告/);
    expect((await decide(sys, `finance.${GD}`, link, 'approve')).status).toBe(200);
    const central = (await sys.mail()).filter(
      (m) => m.to[0] === 'finance.100000@sifpm.example.cn' && /省级绩效评价报告已报送/.test(m.subject),
    );
    expect(central).toHaveLength(1);
    const provincial = await sys.call('GET', `/api/cycles/${YEAR}/provincial-evaluations/${GD}`, {
      as: `finance.${GD}`,
    });
    expect(provincial.body).toMatchObject({
      status: 'submitted',
      report: { type: 'pdf' },
      items: { total: 6, reviewed: 6 },
    });
    expect(
      (await sys.call('GET', `/api/cycles/${YEAR}/provincial-evaluations/${GD}`, { as: 'finance.320000' })).status,
    ).toBe(403);
  });

  it('assesses the province, notifies it, orders rectification with a deadline, and tracks it to closure (R22.1, R20.1)', async () => {
    const scheme = {
      weights: { timeliness: 25, completeness: 25, quality: 40, rectification: 10 },
      praiseAtLeast: 95,
      interviewBelow: 80,
      rectificationDays: 60,
    };
    const start = await sys.call('POST', `/api/cycles/${YEAR}/central-review`, {
      as: 'finance.100000',
      body: { scheme },
    });
    expect(start.status, JSON.stringify(start.body)).toBe(202);
    expect(start.body.provinces).toEqual([GD]);
    await sys.settled();
    const link = await taskLink(sys, 'finance.100000', /考核广东省/);
    const bad = await sys.call('POST', `/api/tasks/${link}/decision`, {
      as: 'finance.100000',
      body: { decision: 'confirm', data: { quality: 140 } },
    });
    expect(bad.status).toBe(422);
    const res = await sys.call('POST', `/api/tasks/${link}/decision`, {
      as: 'finance.100000',
      body: { decision: 'confirm', data: { quality: 40 } },
    });
    expect(res.status).toBe(200);
    await sys.settled();
    const [assessment] = (await sys.call('GET', `/api/cycles/${YEAR}/assessments`, { as: 'finance.100000' })).body;
    expect(assessment).toMatchObject({
      org: GD,
      status: 'notified',
      outcome: 'interview',
      rectification: { status: 'ordered' },
    });
    const notices = (await sys.mail()).filter((m) => /考核结果通报/.test(m.subject));
    expect(notices.map((m) => m.to[0])).toEqual([`finance.${GD}@sifpm.example.cn`]);
    expect(notices[0]?.text).toMatch(/约谈/);

    const rectify = await taskLink(sys, `finance.${GD}`, /限期整改/);
    const early = await sys.call('POST', `/api/tasks/${rectify}/decision`, {
      as: `finance.${GD}`,
      body: { decision: 'submit' },
    });
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('EVIDENCE_REQUIRED');
    await upload(sys, `finance.${GD}`, GD, 'ALL', 'rectification', PDF);
    expect((await decide(sys, `finance.${GD}`, rectify, 'submit')).status).toBe(200);
    const verify = await taskLink(sys, 'finance.100000', /验收广东省/);
    expect((await decide(sys, 'finance.100000', verify, 'close', '整改到位 / done')).status).toBe(200);
    const [closed] = (await sys.call('GET', `/api/cycles/${YEAR}/assessments`, { as: `finance.${GD}` })).body;
    expect(closed.rectification).toMatchObject({ status: 'closed', evidence: 1 });
  });

  it('publishes key targets and results for the public and the People’s Congress (R21.1)', async () => {
    const before = await sys.call('GET', `/api/public/cycles/${YEAR}`);
    expect(before.status).toBe(404);
    expect((await sys.call('GET', '/api/public/cycles')).body).toEqual({ cycles: [] });
    const refused = await sys.call('POST', `/api/cycles/${YEAR}/publication`, { as: `finance.${GD}` });
    expect(refused.status).toBe(403);
    const published = await sys.call('POST', `/api/cycles/${YEAR}/publication`, { as: 'finance.100000' });
    expect(published.status).toBe(201);
    expect(published.body.counts).toEqual({ targets: 2, results: 6, assessments: 1 });
    const open = await sys.call('GET', `/api/public/cycles/${YEAR}`); // no token: public
    expect(open.status).toBe(200);
    // the years that have published, for anyone; republishing lists the year once
    expect((await sys.call('POST', `/api/cycles/${YEAR}/publication`, { as: 'finance.100000' })).status).toBe(201);
    expect((await sys.call('GET', '/api/public/cycles')).body).toEqual({
      cycles: [
        {
          year: YEAR,
          publishedAt: expect.any(String),
          publications: [expect.objectContaining({ org: '100000', tier: 'central' })],
        },
      ],
    });
    expect(open.body.targets.map((t: { org: string; fund: string }) => `${t.org}/${t.fund}`).sort()).toEqual([
      `${GD}/EBMI`,
      `${GD}/URMI`,
    ]);
    expect(
      open.body.results.find((r: { org: string; fund: string }) => r.org === SZ && r.fund === 'EBMI'),
    ).toMatchObject({ score: '85.50', grade: '良', late: true });
    // the snapshot reads on its own: names of the fund, the province and each indicator (the public has no catalogue)
    const ebmi = open.body.targets.find((t: { fund: string }) => t.fund === 'EBMI');
    expect(ebmi.fundName.zh).toBe('职工基本医疗保险（含生育保险）基金');
    expect(ebmi.indicators.every((i: { name?: { zh: string }; unit?: string }) => i.name?.zh && i.unit)).toBe(true);
    expect(open.body.results[0]).toMatchObject({
      provinceName: { zh: '广东省' },
      fundName: { zh: expect.any(String) },
    });
    expect(open.body.assessments).toEqual([expect.objectContaining({ org: GD, outcome: 'interview' })]);
  });

  /** A download: its status, headers and bytes. */
  async function download(path: string, as?: string) {
    const headers: Record<string, string> = as ? { authorization: `Bearer ${await sys.token(as)}` } : {};
    const res = await fetch(`${sys.url}${path}`, { headers });
    return { status: res.status, headers: res.headers, buf: Buffer.from(await res.arrayBuffer()) };
  }
  const text = async (buf: Buffer) => (await mammoth.extractRawText({ buffer: buf })).value;

  it('drafts the region’s 绩效自评报告 per fund from the records: names, score, every indicator row (M19)', async () => {
    const e = await evaluation(sys, `finance.${SZ}`, SZ, 'EBMI');
    const draft = await download(`/api/cycles/${YEAR}/evaluations/${SZ}/EBMI/draft`, `finance.${SZ}`);
    expect(draft.status).toBe(200);
    expect(draft.headers.get('content-type')).toContain('wordprocessingml');
    expect(draft.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent(`深圳市${YEAR}年度`)}`,
    );
    const body = await text(draft.buf);
    expect(body).toContain('深圳市');
    expect(body).toContain('职工基本医疗保险');
    expect(body).toContain(`自评总分${e.score}分`);
    expect(body).toContain('省级复核得分85.50分');
    for (const i of listIndicators({ fund: 'EBMI' })) expect(body, i.id).toContain(i.name.zh);
    // the layout of a government document: A4, the margins of GB/T 9704, 仿宋 body, `— n —` page numbers
    const xml = await readPart(draft.buf, 'word/document.xml');
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1985" w:left="1588"/);
    expect(xml).toContain('仿宋_GB2312');
    expect(await readPart(draft.buf, 'word/footer1.xml')).toMatch(/— <\/w:t>.*PAGE.*<w:t[^>]*> —/s);
    // read like the record it drafts: another region may not
    expect((await download(`/api/cycles/${YEAR}/evaluations/${SZ}/EBMI/draft`, `finance.${GZ}`)).status).toBe(403);
  });

  it('drafts the 省级绩效评价报告 (every region’s result) and central’s report to the People’s Congress (every province)', async () => {
    const provincial = await download(`/api/cycles/${YEAR}/provincial-evaluations/${GD}/draft`, `finance.${GD}`);
    expect(provincial.status).toBe(200);
    const p = await text(provincial.buf);
    for (const name of ['广东省', '广州市', '深圳市', '珠海市', '85.50']) expect(p).toContain(name);
    expect(p).toContain('按时报送'); // its problems and rectification section reads the late item
    expect(p).toMatch(/深圳市职工基本医疗保险（含生育保险）基金：未按时报送/);
    expect((await download(`/api/cycles/${YEAR}/provincial-evaluations/${GD}/draft`, 'finance.320000')).status).toBe(
      403,
    );
    const national = await download(`/api/cycles/${YEAR}/national-report`, 'finance.100000');
    expect(national.status).toBe(200);
    const n = await text(national.buf);
    expect(n).toContain('财政部');
    for (const unit of kickoffUnits()) expect(n, unit).toContain(getOrg(unit).name.zh);
    expect(n).toContain('约谈');
    expect((await download(`/api/cycles/${YEAR}/national-report`, `finance.${GD}`)).status).toBe(403);
  });

  it('lets a province publish its own key targets and its regions’ results, listed beside central’s (R21.1)', async () => {
    expect((await sys.call('POST', `/api/cycles/${YEAR}/publication/${GD}`, { as: `finance.${GZ}` })).status).toBe(403);
    expect((await sys.call('POST', `/api/cycles/${YEAR}/publication/${GD}`, { as: 'finance.320000' })).status).toBe(
      403,
    );
    expect((await sys.call('GET', `/api/public/cycles/${YEAR}?org=${GD}`)).status).toBe(404);
    const published = await sys.call('POST', `/api/cycles/${YEAR}/publication/${GD}`, { as: `finance.${GD}` });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(published.body.counts).toEqual({ targets: 2, results: 6, assessments: 1 });
    const listed = (await sys.call('GET', '/api/public/cycles')).body.cycles[0];
    expect(listed.publications.map((l: { org: string }) => l.org)).toEqual(['100000', GD]);
    const own = await sys.call('GET', `/api/public/cycles/${YEAR}?org=${GD}`); // no token: public
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ org: GD, orgName: { zh: '广东省' } });
    expect(new Set(own.body.targets.map((t: { org: string }) => t.org))).toEqual(new Set([GD]));
    // each publication as .xlsx and .docx
    const xlsx = await download(`/api/public/cycles/${YEAR}?org=${GD}&format=xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.buf as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['绩效目标', '评价结果', '考核结果']);
    expect(wb.getWorksheet('评价结果')?.rowCount).toBe(7);
    const docx = await download(`/api/public/cycles/${YEAR}?org=${GD}&format=docx`);
    expect(docx.status).toBe(200);
    const d = await text(docx.buf);
    expect(d).toContain(`广东省${YEAR}年度社会保险基金绩效信息公开`);
    for (const r of ['广州市', '深圳市', '珠海市']) expect(d).toContain(r);
    const central = await text((await download(`/api/public/cycles/${YEAR}?format=docx`)).buf);
    expect(central).toContain(`全国${YEAR}年度`);
    expect((await sys.call('GET', `/api/public/cycles/${YEAR}?format=pdf`)).status).toBe(400);
  });
});
