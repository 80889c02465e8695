import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws } from '#shared/platform/aws';
import { nowMs, setClock } from '#shared/platform/clock';
import { formatInstant } from '#shared/platform/dates';
import { IN_TIME_FOR_2025, runningClock, startSystem, type TestSystem } from '../helpers/local.ts';
import { decide, taskLink } from '../helpers/tasks.ts';

const YEAR = 2025;
const GD = '440000';
const REGIONS = ['440100', '440300', '440400'];

const draft = (value = '98') => ({
  goals: ['保费应收尽收，待遇按时足额发放 / collect in full, pay on time'],
  indicators: [
    { id: 'contribution-income-completion', target: { value: '100' }, unit: '%' },
    { id: 'collection-rate', target: { value } },
    { id: 'expenditure-income-growth-gap', target: { value: '-0.5' } },
    { id: 'risk-control', target: { grade: '良' } },
  ],
});

/** A budget's lines in yuan: `benefits` as given, the rest fixed. */
const budgetLines = (benefits: string) => ({
  contributionIncome: '2000000.00',
  subsidy: '0',
  interestIncome: '0',
  otherIncome: '0',
  benefits,
  otherExpenditure: '0',
  openingBalance: '0',
});

const STEP = { draft: /制定/, preliminary: /初审/, finance: /[^央]审核/, central: /中央审核/ };
const FUND_NAME = { UI: '失业保险', EBMI: '职工基本医疗' };

async function targetOf(sys: TestSystem, as: string, org: string, fund: string) {
  const res = await sys.call('GET', `/api/cycles/${YEAR}/targets?org=${org}`, { as });
  return res.body.find((t: { fund: string }) => t.fund === fund);
}

/** Walk one fund of Guangdong from its draft to issue; `centralReturns` makes central return it once first. */
async function walkToIssue(sys: TestSystem, fund: 'UI' | 'EBMI', centralReturns = false) {
  const line = fund === 'EBMI' ? 'medsec' : 'hrss';
  const agency = `${line}-agency.${GD}`;
  const admin = `${line}-admin.${GD}`;
  const saved = await sys.call('PUT', `/api/cycles/${YEAR}/targets/${GD}/${fund}/draft`, { as: agency, body: draft() });
  expect(saved.status).toBe(200);
  const rounds = centralReturns ? 2 : 1;
  for (let round = 0; round < rounds; round++) {
    const step = (re: RegExp) => new RegExp(`${FUND_NAME[fund]}.*${re.source}`);
    expect((await decide(sys, agency, await taskLink(sys, agency, step(STEP.draft)), 'submit')).status).toBe(200);
    expect((await decide(sys, admin, await taskLink(sys, admin, step(STEP.preliminary)), 'approve')).status).toBe(200);
    expect(
      (await decide(sys, `finance.${GD}`, await taskLink(sys, `finance.${GD}`, step(STEP.finance)), 'approve')).status,
    ).toBe(200);
    const central = await taskLink(sys, 'finance.100000', step(STEP.central));
    if (round < rounds - 1) {
      expect(
        (await decide(sys, 'finance.100000', central, 'return', '征缴率目标偏低，请提高 / collection target too low'))
          .status,
      ).toBe(200);
      expect((await targetOf(sys, `finance.${GD}`, GD, fund)).status).toBe('drafting');
    } else {
      expect((await decide(sys, 'finance.100000', central, 'approve')).status).toBe(200);
    }
  }
}

describe('targets (第二章): provincial review chain, decomposition, adjustment and the budget gate', () => {
  let sys: TestSystem;
  let restoreClock = () => {};
  beforeAll(async () => {
    sys = await startSystem();
    // the 2025 cycle is kicked off in time, so that its deadlines lie ahead as the kickoff requires
    restoreClock = runningClock(IN_TIME_FOR_2025);
    const kicked = await sys.call('POST', '/api/cycles', { as: 'finance.100000', body: { year: YEAR } });
    expect(kicked.status, JSON.stringify(kicked.body)).toBe(202);
    await sys.settled();
  });
  afterAll(async () => {
    restoreClock();
    await sys.close();
  });

  it('opens a drafting task per fund for each province’s agency when the cycle starts', async () => {
    const targets = await sys.call('GET', `/api/cycles/${YEAR}/targets?org=${GD}`, { as: `finance.${GD}` });
    expect(targets.status).toBe(200);
    expect(targets.body).toHaveLength(7);
    expect(
      targets.body.every(
        (t: { status: string; step: { name: string; since: string } }) =>
          t.status === 'drafting' && t.step.name === 'Draft' && !Number.isNaN(Date.parse(t.step.since)),
      ),
    ).toBe(true);
    const mail = (await sys.mail()).filter((m) => m.to[0] === `hrss-agency.${GD}@sifpm.example.cn`);
    expect(mail.length).toBe(5); // the 人社 funds: three pensions, work injury, unemployment
  });

  it('states one instant for the drafting step in the kickoff mail, the task mail and the task page (issue 16)', async () => {
    const cycle = await sys.call('GET', `/api/cycles/${YEAR}`, { as: 'finance.100000' });
    const due = cycle.body.deadlines.targets as string;
    const draftDue = new Date(Date.parse(due) - 10 * 86_400_000).toISOString();
    const mails = await sys.mail();
    const kickoff = mails.find((m) => m.to[0] === `finance.${GD}@sifpm.example.cn` && /工作启动/.test(m.subject));
    const task = mails.find(
      (m) => m.to[0] === `hrss-agency.${GD}@sifpm.example.cn` && /失业保险.*制定/.test(m.subject),
    );
    for (const lang of ['zh', 'en'] as const) {
      expect(kickoff?.text).toContain(formatInstant(due, lang)); // the day the reviewed targets are due at central
      expect(kickoff?.text).toContain(formatInstant(draftDue, lang)); // the drafting step's own deadline
      expect(task?.text).toContain(formatInstant(draftDue, lang));
    }
    expect(formatInstant(draftDue, 'zh')).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 23:59$/);
    // no raw instant reaches a person
    for (const m of [kickoff, task]) expect(m?.text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    const id = task?.links.find((l) => l.includes('/tasks/'))?.split('/tasks/')[1] as string;
    const view = await sys.call('GET', `/api/tasks/${id}`, { as: `hrss-agency.${GD}` });
    expect(view.status).toBe(200);
    expect(view.body.due).toBe(draftDue);
    // the link expires a day after the next reminder (7 days before the deadline), which sends a fresh one: the page
    // explains that (Task.tsx `task.linkBeforeDue`)
    expect(view.body.expiresAt).toBe(new Date(Date.parse(draftDue) - 6 * 86_400_000).toISOString());
  });

  it('refuses indicator values that do not fit the catalogue, field by field, and saves nothing', async () => {
    const bad = {
      goals: ['x'],
      indicators: [
        { id: 'no-such-indicator', target: { value: '1' } },
        { id: 'collection-rate', target: { value: '98' }, unit: '元' },
        { id: 'coverage-rate', target: { value: '-5' } },
        { id: 'risk-control', target: { value: '3' } },
      ],
    };
    const res = await sys.call('PUT', `/api/cycles/${YEAR}/targets/${GD}/UI/draft`, {
      as: `hrss-agency.${GD}`,
      body: bad,
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details.issues.map((i: { path: string; code: string }) => [i.path, i.code])).toEqual([
      ['indicators.0.id', 'UNKNOWN_INDICATOR'],
      ['indicators.1.unit', 'WRONG_UNIT'],
      ['indicators.2.target', 'NEGATIVE_VALUE'],
      ['indicators.3.target', 'WRONG_TARGET_KIND'],
    ]);
    const weights = await sys.call('PUT', `/api/cycles/${YEAR}/targets/${GD}/UI/draft`, {
      as: `hrss-agency.${GD}`,
      body: {
        goals: ['x'],
        indicators: [
          { id: 'collection-rate', target: { value: '98' }, weight: '60' },
          { id: 'coverage-rate', target: { value: '95' }, weight: '30' },
        ],
      },
    });
    expect(weights.status).toBe(422);
    expect(weights.body.error.details.issues[0].code).toBe('WEIGHTS_NOT_100');
    const malformed = await sys.call('PUT', `/api/cycles/${YEAR}/targets/${GD}/UI/draft`, {
      as: `hrss-agency.${GD}`,
      body: { goals: [], indicators: [{ id: 'collection-rate', target: { value: 'ninety' } }] },
    });
    expect(malformed.status).toBe(400);
    expect((await targetOf(sys, `finance.${GD}`, GD, 'UI')).draft).toBeNull();
  });

  it('a prefetched link (GET) changes nothing; the wrong person cannot use it', async () => {
    const link = await taskLink(sys, `hrss-agency.${GD}`, STEP.draft);
    const before = await targetOf(sys, `finance.${GD}`, GD, 'UI');
    for (let i = 0; i < 3; i++)
      expect((await sys.call('GET', `/api/tasks/${link}`, { as: `hrss-agency.${GD}` })).status).toBe(200);
    const noToken = await sys.call('GET', `/api/tasks/${link}`);
    expect(noToken.status).toBe(401);
    const stranger = await sys.call('POST', `/api/tasks/${link}/decision`, {
      as: `hrss-agency.110000`,
      body: { decision: 'submit' },
    });
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.details.code).toBe('TASK_NOT_YOURS');
    // the refusal names the group the task is for (no person), so the page can say whom to ask
    expect(stranger.body.error.details.group).toEqual({ org: GD, department: 'hrss-agency', function: 'drafter' });
    expect(await targetOf(sys, `finance.${GD}`, GD, 'UI')).toEqual(before);
  });

  it('runs 制定 → 初审 → 审核 → central returns with a comment → resubmit → approve → 下达 for two funds', async () => {
    await walkToIssue(sys, 'UI', true);
    await walkToIssue(sys, 'EBMI');
    for (const fund of ['UI', 'EBMI']) {
      const t = await targetOf(sys, `finance.${GD}`, GD, fund);
      expect(t).toMatchObject({ status: 'issued', approvedVersion: 1, step: null });
      expect(t.approved.approvedBy).toBe('finance.100000');
    }
    const returned = (await sys.mail()).filter(
      (m) => m.to[0] === `hrss-agency.${GD}@sifpm.example.cn` && /退回意见/.test(m.text),
    );
    expect(returned.at(-1)?.text).toContain('征缴率目标偏低');
    const issuedMail = (await sys.mail()).filter(
      (m) => m.to[0] === `finance.${GD}@sifpm.example.cn` && /审核下达/.test(m.subject),
    );
    expect(issuedMail).toHaveLength(2);
  });

  it('refuses a second use of a link', async () => {
    const used = await taskLink(sys, 'finance.100000', /失业保险.*中央审核/);
    const again = await sys.call('POST', `/api/tasks/${used}/decision`, {
      as: 'finance.100000',
      body: { decision: 'approve' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('TASK_USED');
  });

  it('keeps another province’s staff out of every target endpoint of this one (403)', async () => {
    const calls: [string, string, string, unknown?][] = [
      ['GET', `/api/cycles/${YEAR}/targets?org=${GD}`, 'finance.110000'],
      ['PUT', `/api/cycles/${YEAR}/targets/${GD}/UI/draft`, 'hrss-agency.110000', draft()],
      ['POST', `/api/cycles/${YEAR}/targets/${GD}/UI/adjust`, 'finance.110000', { reason: 'x' }],
      [
        'PUT',
        `/api/cycles/${YEAR}/targets/${GD}/EBMI/regions`,
        'finance.110000',
        { regions: [{ org: '440100', indicators: draft().indicators }] },
      ],
      ['POST', '/api/budgets', 'finance.320100', { year: YEAR, org: '440100', fund: 'EBMI', lines: budgetLines('1') }],
    ];
    for (const [method, path, as, body] of calls) {
      const res = await sys.call(method, path, { as, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
  });

  it('refuses a budget before the region has an approved target, and accepts it after decomposition (R7.3)', async () => {
    const budget = { year: YEAR, org: '440100', fund: 'EBMI', lines: budgetLines('1250000.50') };
    const before = await sys.call('POST', '/api/budgets', { as: 'finance.440100', body: budget });
    expect(before.status).toBe(409);
    expect(before.body.error.code).toBe('TARGET_NOT_APPROVED');

    const decomposed = await sys.call('PUT', `/api/cycles/${YEAR}/targets/${GD}/EBMI/regions`, {
      as: `finance.${GD}`,
      body: { regions: REGIONS.map((org, i) => ({ org, indicators: draft(String(97 + i)).indicators })) },
    });
    expect(decomposed.status).toBe(200);
    expect(decomposed.body).toMatchObject({ regions: REGIONS, fromVersion: 1 });

    const after = await sys.call('POST', '/api/budgets', { as: 'finance.440100', body: budget });
    expect(after.status).toBe(201);
    expect(after.body).toMatchObject({ lines: { benefits: '1250000.50' }, budgetVersion: 1, targetVersion: 1 });
    const badAmount = await sys.call('POST', '/api/budgets', {
      as: 'finance.440100',
      body: { ...budget, lines: budgetLines('12.345') },
    });
    expect(badAmount.status).toBe(400);
  });

  it('refuses to decompose a fund the province pools itself, and regions outside the province', async () => {
    const provincial = await sys.call('PUT', `/api/cycles/${YEAR}/targets/${GD}/UI/regions`, {
      as: `finance.${GD}`,
      body: { regions: [{ org: '440100', indicators: draft().indicators }] },
    });
    expect(provincial.status).toBe(422);
    expect(provincial.body.error.code).toBe('POOLED_AT_PROVINCE');
    const foreign = await sys.call('PUT', `/api/cycles/${YEAR}/targets/${GD}/EBMI/regions`, {
      as: `finance.${GD}`,
      body: { regions: [{ org: '320100', indicators: draft().indicators }] },
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.details.issues[0]).toMatchObject({ path: 'regions.0.org', code: 'NOT_A_POOLING_REGION' });
  });

  it('lets each region read only its own targets', async () => {
    const own = await sys.call('GET', `/api/cycles/${YEAR}/targets?org=440100`, { as: 'finance.440100' });
    expect(own.body).toHaveLength(1);
    expect(own.body[0]).toMatchObject({
      org: '440100',
      fund: 'EBMI',
      status: 'issued',
      decomposedFrom: { org: GD, version: 1 },
    });
    expect(own.body[0].draft.indicators[1].target).toEqual({ value: '97' });
    const sibling = await sys.call('GET', `/api/cycles/${YEAR}/targets?org=440300`, { as: 'finance.440100' });
    expect(sibling.status).toBe(403);
    const province = await sys.call('GET', `/api/cycles/${YEAR}/targets?org=${GD}`, { as: 'finance.440100' });
    expect(province.status).toBe(403);
  });

  it('keeps enterprise pension at province level: no decomposition (R6.3)', async () => {
    const res = await sys.call('PUT', `/api/cycles/${YEAR}/targets/${GD}/EEPI/regions`, {
      as: `finance.${GD}`,
      body: { regions: [{ org: '440100', indicators: draft().indicators }] },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('STAYS_AT_PROVINCE');
  });

  it('adjusts an issued target only through the review chain, keeping the old version (R7.2)', async () => {
    const adjusted = await sys.call('POST', `/api/cycles/${YEAR}/targets/${GD}/UI/adjust`, {
      as: `finance.${GD}`,
      body: { reason: '年中政策调整 / mid-year policy change' },
    });
    expect(adjusted.status).toBe(202);
    await sys.settled();
    const reopened = await targetOf(sys, `finance.${GD}`, GD, 'UI');
    expect(reopened).toMatchObject({ status: 'drafting', approvedVersion: 1 });
    expect(reopened.approved.version).toBe(1); // the approved version stays in force meanwhile
    await walkToIssue(sys, 'UI');
    expect((await targetOf(sys, `finance.${GD}`, GD, 'UI')).approvedVersion).toBe(2);
    const { Items } = await aws().ddb.send(
      new QueryCommand({
        TableName: 'sifpm',
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': `CYCLE#${YEAR}`, ':s': `TARGETVERSION#${GD}#UI#` },
      }),
    );
    expect(Items?.map((i) => i.targetVersion)).toEqual([1, 2]);
  });

  it('refuses an expired link and changes nothing', async () => {
    const link = await taskLink(sys, `hrss-agency.${GD}`, /工伤保险.*制定/); // still drafting
    const view = await sys.call('GET', `/api/tasks/${link}`, { as: `hrss-agency.${GD}` });
    const restore = setClock(() => Date.parse(view.body.expiresAt) + 1000);
    try {
      const res = await sys.call('POST', `/api/tasks/${link}/decision`, {
        as: `hrss-agency.${GD}`,
        body: { decision: 'submit' },
      });
      expect(res.status).toBe(410);
      expect(res.body.error.code).toBe('TASK_EXPIRED');
    } finally {
      restore();
    }
    expect((await sys.call('GET', `/api/tasks/${link}`, { as: `hrss-agency.${GD}` })).body.status).toBe('open');
    expect(nowMs()).toBeLessThan(Date.parse(view.body.expiresAt));
  });

  it('central sets overall and annual targets and issues guiding targets to provinces (R7.1, R8.1, R10.1)', async () => {
    const body = {
      overall: {
        from: 2025,
        to: 2027,
        goals: ['基金可持续运行 / a sustainable fund'],
        indicators: [{ id: 'payable-months', target: { min: '6', max: '24' } }],
      },
      annual: draft(),
    };
    const refused = await sys.call('PUT', `/api/cycles/${YEAR}/central-targets/UI`, { as: `finance.${GD}`, body });
    expect(refused.status).toBe(403);
    const set = await sys.call('PUT', `/api/cycles/${YEAR}/central-targets/UI`, { as: 'finance.100000', body });
    expect(set.status).toBe(200);
    const read = await sys.call('GET', `/api/cycles/${YEAR}/central-targets/UI`, { as: `finance.${GD}` });
    expect(read.body).toMatchObject({ overall: { from: 2025, to: 2027 }, annual: { goals: body.annual.goals } });
    const period = await sys.call('PUT', `/api/cycles/${YEAR}/central-targets/UI`, {
      as: 'finance.100000',
      body: { ...body, overall: { ...body.overall, from: 2026 } },
    });
    expect(period.status).toBe(422);

    const guidance = await sys.call('POST', `/api/cycles/${YEAR}/guidance`, {
      as: 'finance.100000',
      body: {
        fund: 'WII',
        indicators: [{ id: 'collection-rate', target: { value: '97' } }],
        provinces: [GD, '320000'],
      },
    });
    expect(guidance.status).toBe(200);
    expect(guidance.body.provinces.sort()).toEqual(['320000', GD]);
    const wii = await targetOf(sys, `finance.${GD}`, GD, 'WII');
    expect(wii.guidance).toEqual([{ id: 'collection-rate', target: { value: '97' } }]);
  });

  it('shows the central reviewer a province’s annual target against central’s overall target of its period (R8.1)', async () => {
    const set = await sys.call('PUT', `/api/cycles/${YEAR}/central-targets/PSPI`, {
      as: 'finance.100000',
      body: {
        overall: {
          from: 2024,
          to: 2027,
          goals: ['应保尽保 / cover everyone eligible'],
          indicators: [
            { id: 'collection-rate', target: { value: '99' } },
            { id: 'contribution-income-completion', target: { value: '100' } },
            { id: 'risk-control', target: { grade: '优' } },
          ],
        },
        annual: draft(),
      },
    });
    expect(set.status).toBe(200);
    const agency = `hrss-agency.${GD}`;
    const step = (name: string) => new RegExp(`机关事业单位基本养老.*${name}`);
    expect(
      (await sys.call('PUT', `/api/cycles/${YEAR}/targets/${GD}/PSPI/draft`, { as: agency, body: draft() })).status,
    ).toBe(200);
    expect((await decide(sys, agency, await taskLink(sys, agency, step('制定')), 'submit')).status).toBe(200);
    const admin = `hrss-admin.${GD}`;
    expect((await decide(sys, admin, await taskLink(sys, admin, step('初审')), 'approve')).status).toBe(200);
    const finance = `finance.${GD}`;
    expect((await decide(sys, finance, await taskLink(sys, finance, step('[^央]审核')), 'approve')).status).toBe(200);
    const central = await taskLink(sys, 'finance.100000', step('中央审核'));
    const task = await sys.call('GET', `/api/tasks/${central}`, { as: 'finance.100000' });
    expect(task.body.subject).toMatchObject({ kind: 'target', org: GD, fund: 'PSPI' });

    const res = await sys.call('GET', `/api/cycles/${YEAR}/targets/${GD}/PSPI/against-overall`, {
      as: 'finance.100000',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'central-review', overall: { setIn: YEAR, from: 2024, to: 2027 } });
    const row = (id: string) => res.body.rows.find((r: { id: string }) => r.id === id);
    // 98 % against 99 %: short of the overall target, by 1.01 %
    expect(row('collection-rate')).toMatchObject({
      annual: { value: '98' },
      overall: { value: '99' },
      met: false,
      side: 'below',
      deviation: '0.0101',
      flagged: true,
    });
    expect(row('contribution-income-completion')).toMatchObject({ met: true, flagged: false });
    expect(row('risk-control')).toMatchObject({ annual: { grade: '良' }, overall: { grade: '优' }, flagged: true });
    expect(row('expenditure-income-growth-gap')).toBeUndefined(); // central set no overall value for it
    expect(res.body.flagged).toBe(2);
    // a fund central set no overall targets for: nothing to compare
    const none = await sys.call('GET', `/api/cycles/${YEAR}/targets/${GD}/URMI/against-overall`, {
      as: 'finance.100000',
    });
    expect([none.status, none.body.overall, none.body.rows]).toEqual([200, null, []]);
    expect((await decide(sys, 'finance.100000', central, 'approve')).status).toBe(200);
  });

  it('records a missed deadline once, escalates it to central, and sends the assignee a fresh overdue link in the digest', async () => {
    const cycle = await sys.call('GET', `/api/cycles/${YEAR}`, { as: 'finance.100000' });
    const draftDue = Date.parse(cycle.body.deadlines.targets) - 10 * 86_400_000;
    const oldLink = await taskLink(sys, `hrss-agency.${GD}`, /工伤保险.*制定/);
    const seen = (await sys.mail()).length;
    const restore = setClock(() => draftDue + 3_600_000);
    try {
      await sys.local.stepFunctions.checkTimers();
      await sys.settled();
      const wii = await targetOf(sys, `finance.${GD}`, GD, 'WII');
      expect(Object.keys(wii.late)).toEqual(['draft']);
      const escalations = (await sys.mail()).filter(
        (m) => m.to[0] === 'finance.100000@sifpm.example.cn' && /逾期提示：广东省工伤保险/.test(m.subject),
      );
      expect(escalations).toHaveLength(1);
      // the overdue reminders wait for the day's digest (issue 19 point 2): none of them is mailed on its own
      expect((await sys.mail()).slice(seen).filter((m) => /【已逾期】/.test(m.subject))).toEqual([]);
      await sys.local.scheduler.check();
      await sys.settled();
      const first = (await sys.mail()).slice(seen).filter((m) => /^【每日待办汇总】/.test(m.subject));
      expect(first.length).toBeGreaterThan(10);
      // one digest a person a day (a reminder made while the day's digest was going waits for the next one)
      expect(new Set(first.map((m) => m.to[0])).size).toBe(first.length);
      setClock(() => draftDue + 3_600_000 + 86_400_000);
      await sys.local.scheduler.check();
      await sys.settled();
      const digests = (await sys.mail()).slice(seen).filter((m) => /^【每日待办汇总】/.test(m.subject));
      // between them, a working link to each of a person's overdue drafts, and nothing else
      const linksOf = new Map<string, string[]>();
      for (const m of digests) {
        expect(m.text).toMatch(/【已逾期】待办：/);
        const links = m.links.filter((l) => l.includes('/tasks/')).map((l) => l.split('/tasks/')[1] as string);
        linksOf.set(m.to[0] as string, [...(linksOf.get(m.to[0] as string) ?? []), ...links]);
      }
      const drafts = new Set<string>();
      let fresh = '';
      for (const [to, links] of linksOf) {
        const as = to.split('@')[0] as string;
        const carried: string[] = [];
        for (const id of links) {
          const t = (await sys.call('GET', `/api/tasks/${id}`, { as })).body;
          expect([t.status, t.step]).toEqual(['open', 'draft']);
          carried.push(`${t.subject.org}/${t.subject.fund}`);
          if (as === `hrss-agency.${GD}` && t.subject.fund === 'WII') fresh = id;
        }
        const mine = (await sys.call('GET', '/api/me/tasks', { as })).body.filter(
          (t: { step: string; subject: { kind: string } }) => t.step === 'draft' && t.subject.kind === 'target',
        );
        expect([...new Set(carried)].sort()).toEqual(
          mine.map((t: { subject: { org: string; fund: string } }) => `${t.subject.org}/${t.subject.fund}`).sort(),
        );
        for (const c of carried) drafts.add(c);
      }
      // every target still in drafting anywhere is in somebody's digest
      const items = (await sys.call('GET', `/api/cycles/${YEAR}/items`, { as: 'finance.100000' })).body;
      const drafting = items
        .filter((i: { kind: string; status: string }) => i.kind === 'targets' && i.status === 'drafting')
        .map((i: { org: string; fund: string }) => `${i.org}/${i.fund}`);
      expect([...drafts].sort()).toEqual(drafting.sort());
      expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(fresh).not.toBe(oldLink);
      // the earlier mail's link still opens the task: a reminder forwards it to the fresh one (the same hands)
      const old = await sys.call('GET', `/api/tasks/${oldLink}`, { as: `hrss-agency.${GD}` });
      expect([old.status, old.body.status, old.body.step, old.body.expiresAt]).toEqual([
        200,
        'open',
        'draft',
        (await sys.call('GET', `/api/tasks/${fresh}`, { as: `hrss-agency.${GD}` })).body.expiresAt,
      ]);
      // a late submission is still accepted, and stays recorded as late
      await sys.call('PUT', `/api/cycles/${YEAR}/targets/${GD}/WII/draft`, { as: `hrss-agency.${GD}`, body: draft() });
      expect((await decide(sys, `hrss-agency.${GD}`, fresh, 'submit')).status).toBe(200);
      const after = await targetOf(sys, `finance.${GD}`, GD, 'WII');
      expect(after.status).toBe('preliminary-review');
      expect(Object.keys(after.late)).toEqual(['draft']);
    } finally {
      restore();
    }
  });

  it('locks an issued target against edits, and central unapproves it back to drafting, audited (issue 16 point 8)', async () => {
    const agency = `medsec-agency.${GD}`;
    const before = await targetOf(sys, `finance.${GD}`, GD, 'EBMI');
    expect(before).toMatchObject({ status: 'issued', approvedVersion: 1 });
    // while issued (as while approved: anything but drafting) the draft cannot change, and nothing is written
    const locked = await sys.call('PUT', `/api/cycles/${YEAR}/targets/${GD}/EBMI/draft`, {
      as: agency,
      body: draft('90'),
    });
    expect([locked.status, locked.body.error.code]).toEqual([409, 'NOT_DRAFTING']);
    expect(locked.body.error.message.zh).toMatch(/不能修改/);
    expect(await targetOf(sys, `finance.${GD}`, GD, 'EBMI')).toEqual(before);
    // another province's finance cannot unapprove it
    const reason = { reason: '指标口径与中央指导值不一致 / not in line with the guidance' };
    const path = `/api/cycles/${YEAR}/targets/${GD}/EBMI/adjust`;
    expect((await sys.call('POST', path, { as: 'finance.320000', body: reason })).status).toBe(403);
    // central unapproves (撤回): drafting again in a new round, the issued version still in force and locked
    const unapproved = await sys.call('POST', path, { as: 'finance.100000', body: reason });
    expect(unapproved.status, JSON.stringify(unapproved.body)).toBe(202);
    expect(unapproved.body).toMatchObject({ status: 'drafting', round: 1, approvedVersion: 1 });
    await sys.settled();
    const reopened = await targetOf(sys, `finance.${GD}`, GD, 'EBMI');
    expect(reopened).toMatchObject({ status: 'drafting', approvedVersion: 1 });
    expect(reopened.approved.version).toBe(1);
    const trail = await sys.call('GET', `/api/cycles/${YEAR}/timeline?org=${GD}&kind=targets&fund=EBMI`, {
      as: `finance.${GD}`,
    });
    const entry = trail.body.find((e: { action: string }) => e.action === 'target.unapprove');
    expect(entry).toMatchObject({ actor: { id: 'finance.100000' }, comment: reason.reason });
    // a second unapprove finds nothing issued
    const again = await sys.call('POST', path, { as: 'finance.100000', body: reason });
    expect([again.status, again.body.error.code]).toEqual([409, 'NOT_ISSUED']);
    // the agency is asked to draft again, and now may edit
    expect(await taskLink(sys, agency, /职工基本医疗.*制定/)).toBeTruthy();
    const edited = await sys.call('PUT', `/api/cycles/${YEAR}/targets/${GD}/EBMI/draft`, {
      as: agency,
      body: draft('90'),
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
  });
});
