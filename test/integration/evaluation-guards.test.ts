import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listIndicators } from '#shared/reference/indicators';
import { PDF } from '../helpers/documents.ts';
import { IN_TIME_FOR_2025, runningClock, startSystem, type TestSystem } from '../helpers/local.ts';
import { guidingDraft, issueToRegions } from '../helpers/targets.ts';
import { decide, taskLink } from '../helpers/tasks.ts';

/**
 * Issue 16: the guard on opening the evaluation phase (point 4), and the paths of the chain no other test walks
 * (point 8): the end of a third party's window, the 31 July escalation of a late provincial report, the praise
 * outcome of a central assessment. One 2025 cycle: 广东 (440000) issues 职工医保 to 广州 (440100) and reports on
 * time; 江苏 (320000) submits a target and has it returned, and never reports.
 */
const YEAR = 2025;
const CF = 'finance.100000';
const GD = '440000';
const GZ = '440100';
const JS = '320000';
const y = `/api/cycles/${YEAR}`;

const actuals = () =>
  listIndicators({ fund: 'EBMI' }).map((i) => {
    const t = i.defaultTarget as { value?: string; min?: string; grade?: string };
    return { id: i.id, actual: t.grade ?? t.value ?? t.min ?? '0' };
  });

async function upload(sys: TestSystem, as: string, org: string, fund: string, kind: string) {
  const slot = await sys.call('POST', `${y}/evaluations/${org}/${fund}/uploads`, { as, body: { kind, type: 'pdf' } });
  expect(slot.status, JSON.stringify(slot.body)).toBe(201);
  const form = new FormData();
  for (const [k, v] of Object.entries(slot.body.fields as Record<string, string>)) form.append(k, v);
  form.append('file', new Blob([PDF]), 'report.pdf');
  const res = await fetch(slot.body.url, { method: 'POST', body: form });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  await sys.settled();
}

/** Move the running clock to `at`, fire what fell due, and wait for the machines. */
async function moveTo(sys: TestSystem, at: string, restore: { current: () => void }) {
  restore.current();
  restore.current = runningClock(at);
  await sys.local.stepFunctions.checkTimers();
  await sys.settled();
}

describe('the evaluation phase: the guard on opening it, a window that ends, a late report, a praise (issue 16)', () => {
  let sys: TestSystem;
  const clock = { current: () => {} };
  beforeAll(async () => {
    sys = await startSystem();
    clock.current = runningClock(IN_TIME_FOR_2025);
    const kicked = await sys.call('POST', '/api/cycles', { as: CF, body: { year: YEAR } });
    expect(kicked.status, JSON.stringify(kicked.body)).toBe(202);
    await sys.settled();
  });
  afterAll(async () => {
    clock.current();
    await sys.close();
  });

  it('refuses to open while the budget year runs and a target is in review, saying what is missing; changes nothing', async () => {
    await issueToRegions(sys, YEAR, GD, 'EBMI', [GZ]);
    // 江苏's 职工医保 target is submitted: it waits for its preliminary review
    const draft = guidingDraft('EBMI');
    expect(
      (await sys.call('PUT', `${y}/targets/${JS}/EBMI/draft`, { as: `medsec-agency.${JS}`, body: draft })).status,
    ).toBe(200);
    const submitted = await decide(
      sys,
      `medsec-agency.${JS}`,
      await taskLink(sys, `medsec-agency.${JS}`, /职工基本医疗.*制定/),
      'submit',
    );
    expect(submitted.status).toBe(200);

    const readiness = await sys.call('GET', `${y}/evaluations/readiness`, { as: CF });
    expect(readiness.status, JSON.stringify(readiness.body)).toBe(200);
    expect(readiness.body).toMatchObject({ year: YEAR, phase: 'targets', opened: false, ready: false });
    expect(readiness.body.notReady.map((n: { code: string }) => n.code)).toEqual([
      'BUDGET_YEAR_NOT_OVER',
      'TARGETS_IN_REVIEW',
    ]);
    expect(readiness.body.notReady[0].message.zh).toContain('2026年1月1日');
    const { targets } = readiness.body;
    expect(targets.byStatus['preliminary-review']).toBe(1);
    expect(targets.issued).toBe(2); // 广东's provincial target and 广州's, decomposed from it
    expect(targets.byStatus.drafting).toBe(targets.total - 3);
    expect(targets.inReview).toEqual([
      {
        org: JS,
        orgName: { zh: '江苏省', en: expect.any(String) },
        fund: 'EBMI',
        fundName: expect.objectContaining({ zh: '职工基本医疗保险（含生育保险）基金' }),
        status: 'preliminary-review',
      },
    ]);
    expect(targets.drafting).toHaveLength(5); // the first few, for the dialog
    // only central may ask
    expect((await sys.call('GET', `${y}/evaluations/readiness`, { as: `finance.${GD}` })).status).toBe(403);

    const refused = await sys.call('POST', `${y}/evaluations/open`, { as: CF });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('EVALUATION_NOT_READY');
    expect(refused.body.error.message.zh).toMatch(/预算年度尚未结束.*仍在审核中/);
    expect(refused.body.error.message.en).toMatch(/budget year is not over.*still in review/);
    expect(refused.body.error.details.notReady).toEqual(['BUDGET_YEAR_NOT_OVER', 'TARGETS_IN_REVIEW']);
    await sys.settled();
    expect((await sys.call('GET', y, { as: CF })).body.phase).toBe('targets');
    expect((await sys.call('GET', `${y}/evaluations?org=${GD}`, { as: `finance.${GD}` })).body).toEqual([]);
    expect((await sys.call('GET', `${y}/timeline?org=${GD}&kind=targets&fund=EBMI`, { as: CF })).status).toBe(200);

    // 江苏's preliminary review returns it: a target being drafted does not hold the phase back
    const back = await decide(
      sys,
      `medsec-admin.${JS}`,
      await taskLink(sys, `medsec-admin.${JS}`, /职工基本医疗.*初审/),
      'return',
      '请补充测算依据 / add the basis',
    );
    expect(back.status).toBe(200);
    await moveTo(sys, '2026-01-05T02:00:00Z', clock); // the budget year is over
    const now = (await sys.call('GET', `${y}/evaluations/readiness`, { as: CF })).body;
    expect(now).toMatchObject({ ready: true, notReady: [] });
    expect(now.targets.byStatus['preliminary-review']).toBeUndefined();
    expect(now.targets.byStatus.drafting).toBe(now.targets.total - 2); // 江苏's among them again
  });

  it('opens once ready; the readiness then says it is open', async () => {
    const opened = await sys.call('POST', `${y}/evaluations/open`, { as: CF });
    expect(opened.status, JSON.stringify(opened.body)).toBe(202);
    await sys.settled();
    expect((await sys.call('GET', `${y}/evaluations/readiness`, { as: CF })).body).toMatchObject({
      phase: 'self-evaluation',
      opened: true,
      ready: false,
    });
    const list = (await sys.call('GET', `${y}/evaluations?org=${GD}`, { as: `finance.${GD}` })).body;
    expect(list.map((e: { org: string; fund: string }) => `${e.org}/${e.fund}`)).toEqual([`${GZ}/EBMI`]);
  });

  it('ends a third party’s access when its window ends: its list empty, its task link 403; the province takes the review back', async () => {
    const tp = `third-party.${GD}`;
    const granted = await sys.call('POST', `${y}/delegations`, {
      as: `finance.${GD}`,
      body: { delegate: tp, items: [{ org: GZ, fund: 'EBMI' }], until: '2026-04-30T23:59:59+08:00' },
    });
    expect(granted.status, JSON.stringify(granted.body)).toBe(201);
    // 广州 submits its figures and report, its finance signs off: the review task goes to the third party
    const saved = await sys.call('PUT', `${y}/evaluations/${GZ}/EBMI/actuals`, {
      as: `medsec-agency.${GZ}`,
      body: { actuals: actuals() },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await upload(sys, `medsec-agency.${GZ}`, GZ, 'EBMI', 'self-evaluation');
    const signOff = await taskLink(sys, `finance.${GZ}`, /职工基本医疗.*财政审定/);
    expect((await decide(sys, `finance.${GZ}`, signOff, 'approve')).status).toBe(200);
    const review = await taskLink(sys, tp, /评价.*职工基本医疗/);
    expect((await sys.call('GET', `/api/tasks/${review}`, { as: tp })).status).toBe(200);
    const sees = async () =>
      (await sys.call('GET', `${y}/evaluations?org=${GD}`, { as: tp })).body.map(
        (e: { org: string; fund: string }) => `${e.org}/${e.fund}`,
      );
    expect(await sees()).toEqual([`${GZ}/EBMI`]);

    await moveTo(sys, '2026-05-01T02:00:00Z', clock); // the window ended at the end of 30 April
    expect(await sees()).toEqual([]); // a third party's list holds only its open grants
    expect((await sys.call('GET', `${y}/evaluations?org=${GZ}`, { as: tp })).body).toEqual([]);
    const view = await sys.call('GET', `/api/tasks/${review}`, { as: tp });
    expect([view.status, view.body.error.code]).toEqual([403, 'DELEGATION_ENDED']);
    const dead = await sys.call('POST', `/api/tasks/${review}/decision`, {
      as: tp,
      body: { decision: 'confirm', data: { recommendations: [] } },
    });
    expect([dead.status, dead.body.error.code]).toEqual([403, 'DELEGATION_ENDED']);
    const item = (await sys.call('GET', `${y}/evaluations?org=${GZ}`, { as: `finance.${GD}` })).body[0];
    expect(item.status).toBe('submitted'); // nothing changed
    // the province ends the grant, and the review comes back to it with a fresh link
    const revoked = await sys.call('DELETE', `${y}/delegations/${GZ}/EBMI`, { as: `finance.${GD}` });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    await sys.settled();
    const mine = await taskLink(sys, `finance.${GD}`, /评价广州市.*职工基本医疗/);
    expect(mine).not.toBe(review);
    const confirmed = await sys.call('POST', `/api/tasks/${mine}/decision`, {
      as: `finance.${GD}`,
      body: { decision: 'confirm', data: { recommendations: ['保持 / keep it up'] } },
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    await sys.settled();
  });

  it('escalates a provincial report not in by 31 July to the province’s finance and central, once; it shows as late', async () => {
    // 广东 reports on time
    await moveTo(sys, '2026-06-02T02:00:00Z', clock);
    await upload(sys, `finance.${GD}`, GD, 'ALL', 'provincial-report');
    const approval = await taskLink(sys, `finance.${GD}`, /审定.*省级绩效评价报告/);
    expect((await decide(sys, `finance.${GD}`, approval, 'approve')).status).toBe(200);
    // 江苏 never does: at 1 August its provincial evaluation is late
    await moveTo(sys, '2026-08-01T02:00:00Z', clock);
    const js = await sys.call('GET', `${y}/provincial-evaluations/${JS}`, { as: `finance.${JS}` });
    expect(js.body).toMatchObject({ status: 'report', late: true });
    const gd = await sys.call('GET', `${y}/provincial-evaluations/${GD}`, { as: `finance.${GD}` });
    expect(gd.body).toMatchObject({ status: 'submitted', late: false });
    const late = (to: string, org: string) =>
      sys
        .mail()
        .then((all) =>
          all.filter(
            (m) =>
              m.to.includes(`${to}@sifpm.example.cn`) &&
              m.subject.includes(`【逾期】${org}${YEAR}年度省级绩效评价报告`),
          ),
        );
    const [toProvince, toCentral] = [await late(`finance.${JS}`, '江苏省'), await late(CF, '江苏省')];
    expect(toProvince).toHaveLength(1);
    expect(toCentral).toHaveLength(1);
    expect(toProvince[0]?.text).toContain('2026年7月31日 23:59');
    expect(toProvince[0]?.text).toContain('当前环节：上传省级绩效评价报告');
    expect(toCentral[0]?.text).toContain('已同时通知该省财政部门');
    expect(await late(CF, '广东省')).toEqual([]);
    // a week on, the next timer records and sends nothing again
    await moveTo(sys, '2026-08-09T02:00:00Z', clock);
    expect(await late(`finance.${JS}`, '江苏省')).toHaveLength(1);
    expect(await late(CF, '江苏省')).toHaveLength(1);
    const trail = await sys.call('GET', `${y}/timeline?org=${JS}&kind=provincial-evaluation&fund=ALL`, { as: CF });
    expect(
      trail.body.filter((e: { action: string }) => e.action === 'provincial-evaluation.deadline-missed'),
    ).toHaveLength(1);
  });

  it('praises a province that scores at the praise line: recorded, the province told, no rectification', async () => {
    const scheme = {
      weights: { timeliness: 25, completeness: 25, quality: 40, rectification: 10 },
      praiseAtLeast: 95,
      interviewBelow: 80,
      rectificationDays: 60,
    };
    const start = await sys.call('POST', `${y}/central-review`, { as: CF, body: { scheme } });
    expect(start.status, JSON.stringify(start.body)).toBe(202);
    expect(start.body.provinces).toEqual([GD]); // 江苏 has not reported
    await sys.settled();
    const link = await taskLink(sys, CF, /考核广东省/);
    const res = await sys.call('POST', `/api/tasks/${link}/decision`, {
      as: CF,
      body: { decision: 'confirm', data: { quality: 100 }, comment: '材料完整 / complete' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await sys.settled();
    const [assessment] = (await sys.call('GET', `${y}/assessments`, { as: CF })).body;
    expect(assessment).toMatchObject({ org: GD, status: 'notified', outcome: 'praise', total: '100.00' });
    expect(assessment.rectification ?? null).toBeNull();
    const notices = (await sys.mail()).filter((m) => /考核结果通报（广东省）/.test(m.subject));
    expect(notices.map((m) => m.to[0])).toEqual([`finance.${GD}@sifpm.example.cn`]);
    expect(notices[0]?.text).toMatch(/予以表扬/);
    expect(notices[0]?.text).not.toMatch(/约谈|整改/);
    expect(
      (await sys.mail()).some((m) => m.to[0] === `finance.${GD}@sifpm.example.cn` && /限期整改/.test(m.subject)),
    ).toBe(false);
    const trail = await sys.call('GET', `${y}/timeline?org=${GD}&kind=assessment&fund=ALL`, { as: CF });
    expect(trail.body.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['assessment.assess', 'assessment.notify']),
    );
    expect(trail.body.find((e: { action: string }) => e.action === 'assessment.assess')).toMatchObject({
      actor: { id: CF },
      comment: '材料完整 / complete',
    });
  });
});
