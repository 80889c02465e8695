import { PDFDocument } from 'pdf-lib';
import { nowMs } from '#shared/platform/clock';
import { listIndicators } from '#shared/reference/indicators';
import { getOrg } from '#shared/reference/orgs';

/**
 * Points of the cycle the local default can start at: the other roles' steps taken for you, over the same HTTP API
 * and mail links a person uses, so that someone trying one role's screens (`npm start -- --scenario targets-issued`)
 * or a browser journey of one role (`startSystem({ scenario })`) finds the state that role meets in real life.
 * Each scenario builds on the one before it. The steps are the other roles' own journeys, walked in the browser in
 * `test/e2e/journey-*.test.ts`; here they are only a way to get there.
 */
export interface Actors {
  call(
    method: string,
    path: string,
    opts?: { body?: unknown; as?: string },
  ): Promise<{
    status: number;
    // biome-ignore lint/suspicious/noExplicitAny: a response is arbitrary JSON that the caller inspects
    body: any;
  }>;
  mail(): Promise<{ to: string[]; subject: string; text: string; links: string[] }[]>;
  /** every upload notification delivered, every workflow finished or waiting on a person or a timer */
  settled(): Promise<void>;
}

export const SCENARIOS = {
  /** central has kicked off the year: every unit has its target items (制定中) */
  'kicked-off': { after: null, zh: '已启动年度工作', en: 'the year kicked off' },
  /** 广东's 职工基本医疗 target approved through every review and issued, unchanged, to 广州 */
  'targets-issued': { after: 'kicked-off', zh: '广东职工医保目标已下达广州', en: "广东's EBMI target issued to 广州" },
  /** the budget year is over and central has opened the evaluation phase (the clock must be past the year) */
  'evaluation-open': { after: 'targets-issued', zh: '已开启绩效评价', en: 'the evaluation phase opened' },
  // to try the province's review: the regions' part done
  /** 广州 has filled its EBMI figures, uploaded its report and its finance signed off: it waits for the province */
  'self-evaluation-submitted': {
    after: 'evaluation-open',
    zh: '广州职工医保自评已报送省级',
    en: "广州's EBMI self-evaluation submitted to the province",
  },
  // to try the third party's page: 广州's self-evaluation submitted, its review delegated to 广东's third party
  delegated: {
    after: 'evaluation-open',
    zh: '广州职工医保自评已报送，省级评价委托第三方',
    en: "广州's EBMI self-evaluation submitted, its review delegated to a third party",
  },
  // to try central's review and assessment
  /** 广州 self-evaluated and signed off, 广东 reviewed it and reported to central: central may start its review */
  'provincial-report-submitted': {
    after: 'evaluation-open',
    zh: '广东省级绩效评价报告已报送中央',
    en: "广东's provincial evaluation report reached central",
  },
} as const;
export type ScenarioName = keyof typeof SCENARIOS;

export const SCENARIO_PROVINCE = '440000';
export const SCENARIO_REGION = '440100';
export const SCENARIO_FUND = 'EBMI';
const CENTRAL = 'finance.100000';

export function isScenario(name: string): name is ScenarioName {
  return Object.hasOwn(SCENARIOS, name);
}

/** Runs `name` (and the scenarios it builds on) for `year`. */
export async function runScenario(actors: Actors, name: ScenarioName, year: number): Promise<void> {
  const after = SCENARIOS[name].after;
  if (after) await runScenario(actors, after, year);
  await STEPS[name](actors, year);
  await actors.settled();
}

const STEPS: Record<ScenarioName, (a: Actors, year: number) => Promise<void>> = {
  'kicked-off': async (a, year) => {
    // the reviewed targets are due at central as late as the order of deadlines allows (the day before the
    // self-evaluations' 31 May), so that a clock moved past the budget year meets no target deadline on the way
    const res = await a.call('POST', '/api/cycles', {
      as: CENTRAL,
      body: { year, targetsDue: `${year + 1}-05-30` },
    });
    if (res.status !== 202) fail('kickoff', res);
    // the kickoff machine creates the items; wait for it before anyone acts
    await a.settled();
  },
  'targets-issued': (a, year) => issueToRegions(a, year, SCENARIO_PROVINCE, SCENARIO_FUND, [SCENARIO_REGION]),
  'evaluation-open': async (a, year) => {
    const res = await a.call('POST', `/api/cycles/${year}/evaluations/open`, { as: CENTRAL });
    if (res.status >= 300) fail('open evaluations', res);
  },
  'self-evaluation-submitted': (a, year) => submitSelfEvaluation(a, year, SCENARIO_REGION, SCENARIO_FUND),
  delegated: (a, year) => delegateReview(a, year, { days: 30 }),
  'provincial-report-submitted': (a, year) =>
    reportProvince(a, year, SCENARIO_PROVINCE, SCENARIO_FUND, [SCENARIO_REGION]),
};

function fail(step: string, res: { status: number; body: unknown }): never {
  throw new Error(`scenario step ${step}: ${res.status} ${JSON.stringify(res.body)}`);
}

const FUND_ZH: Record<string, string> = {
  EEPI: '企业职工基本养老',
  URPI: '城乡居民基本养老',
  PSPI: '机关事业单位基本养老',
  EBMI: '职工基本医疗',
  URMI: '城乡居民基本医疗',
  WII: '工伤保险',
  UI: '失业保险',
};

/** The catalogue's guiding values as a province's draft: every indicator of the fund. */
export function guidingDraft(fund: string): { goals: string[]; indicators: { id: string; target: object }[] } {
  return {
    goals: ['按指导性目标执行 / follow the guiding targets'],
    indicators: listIndicators({ fund })
      .filter((i) => i.defaultTarget)
      .map((i) => ({ id: i.id, target: i.defaultTarget as object })),
  };
}

type Draft = ReturnType<typeof guidingDraft>;

/**
 * The action id in the newest task email to `to` whose subject matches, as a person would find it in the mailbox
 * once the system has delivered what the last request set going (a workflow started by it opens its task after).
 */
export async function taskLink(a: Actors, to: string, subject: RegExp): Promise<string> {
  await a.settled();
  const address = to.includes('@') ? to : `${to}@sifpm.example.cn`;
  const mail = (await a.mail()).filter((m) => m.to.includes(address) && subject.test(m.subject));
  const link = mail.at(-1)?.links.find((l) => l.includes('/tasks/'));
  if (!link) throw new Error(`no task mail to ${to} matching ${subject}`);
  return link.split('/tasks/')[1] as string;
}

/** Open the link (GET, as the page does), then decide (POST), as the assignee. */
export async function decide(a: Actors, as: string, actionId: string, decision: string, comment?: string) {
  const view = await a.call('GET', `/api/tasks/${actionId}`, { as });
  if (view.status !== 200) throw new Error(`GET task: ${view.status} ${JSON.stringify(view.body)}`);
  const res = await a.call('POST', `/api/tasks/${actionId}/decision`, {
    as,
    body: { decision, ...(comment ? { comment } : {}) },
  });
  await a.settled();
  return res;
}

/** Drive one provincial target through 制定 → 初审 → 审核 → 中央审核 over the API and the mailbox. */
export async function approveTarget(
  a: Actors,
  year: number,
  province: string,
  fund: string,
  draft = guidingDraft(fund),
) {
  const line = ['EBMI', 'URMI'].includes(fund) ? 'medsec' : 'hrss';
  const agency = `${line}-agency.${province}`;
  const admin = `${line}-admin.${province}`;
  const saved = await a.call('PUT', `/api/cycles/${year}/targets/${province}/${fund}/draft`, {
    as: agency,
    body: draft,
  });
  if (saved.status !== 200) fail('draft', saved);
  const step = (name: string) => new RegExp(`${FUND_ZH[fund]}.*${name}`);
  for (const [who, name, decision] of [
    [agency, '制定', 'submit'],
    [admin, '初审', 'approve'],
    [`finance.${province}`, '[^央]审核', 'approve'],
    [CENTRAL, '中央审核', 'approve'],
  ] as const) {
    const res = await decide(a, who, await taskLink(a, who, step(name)), decision);
    if (res.status !== 200) fail(name, res);
  }
}

/** Approve a province's target of a fund and decompose it, unchanged, to the given pooling regions. */
export async function issueToRegions(
  a: Actors,
  year: number,
  province: string,
  fund: string,
  regions: string[],
  draft: Draft = guidingDraft(fund),
) {
  await approveTarget(a, year, province, fund, draft);
  const res = await a.call('PUT', `/api/cycles/${year}/targets/${province}/${fund}/regions`, {
    as: `finance.${province}`,
    body: { regions: regions.map((org) => ({ org, indicators: draft.indicators })) },
  });
  if (res.status !== 200) fail('decompose', res);
}

/** The actors over a running local default's HTTP front, signing in through the development token route. */
export function actorsOver(url: string, settled: () => Promise<void>): Actors {
  const tokens = new Map<string, string>();
  const json = async (res: Response) => {
    const text = await res.text();
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };
  const token = async (userId: string) => {
    let t = tokens.get(userId);
    if (!t) {
      const res = await fetch(`${url}/local/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId }),
      });
      if (res.status !== 200) throw new Error(`no token for ${userId}: ${res.status}`);
      t = (await json(res)).token as string;
      tokens.set(userId, t);
    }
    return t;
  };
  return {
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (opts.as) headers.authorization = `Bearer ${await token(opts.as)}`;
      const res = await fetch(`${url}${path}`, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      });
      return { status: res.status, body: await json(res) };
    },
    mail: async () => json(await fetch(`${url}/local/mail`)),
    settled,
  };
}

// the later scenarios: a region's self-evaluation through the region's own steps, the province's delegation, its report

/** A one-page PDF that pdf-lib reads back, as a report. */
async function reportPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  return doc.save();
}

/** The region's agency saves the guiding values as its figures and uploads its report; its finance signs it off. */
export async function submitSelfEvaluation(
  a: Actors,
  year: number,
  org: string,
  fund: string,
  /** `poor`: every indicator far from its target (each with a cause and a measure), so the total grades 差 */
  opts: { poor?: boolean } = {},
) {
  const line = ['EBMI', 'URMI'].includes(fund) ? 'medsec' : 'hrss';
  const agency = `${line}-agency.${org}`;
  const actuals = guidingDraft(fund).indicators.map(({ id, target }) => {
    const t = target as { value?: string; min?: string; grade?: string };
    if (opts.poor) {
      const ind = listIndicators({ fund }).find((i) => i.id === id);
      const pct = ind?.unit.includes('%') ?? false;
      const high = pct ? '100' : '999999';
      const far = t.grade
        ? '差'
        : ind?.direction === 'higher-better'
          ? '0'
          : ind?.direction === 'lower-better'
            ? high
            : Number(t.min ?? t.value ?? '0') > 0
              ? '0'
              : high;
      return { id, actual: far, cause: '测试用的偏差原因', measure: '测试用的改进措施' };
    }
    return { id, actual: t.grade ?? t.value ?? t.min ?? '0' };
  });
  const saved = await a.call('PUT', `/api/cycles/${year}/evaluations/${org}/${fund}/actuals`, {
    as: agency,
    body: { actuals },
  });
  if (saved.status !== 200) fail('actuals', saved);
  const slot = await a.call('POST', `/api/cycles/${year}/evaluations/${org}/${fund}/uploads`, {
    as: agency,
    body: { kind: 'self-evaluation', type: 'pdf' },
  });
  if (slot.status !== 201) fail('report slot', slot);
  const form = new FormData();
  for (const [k, v] of Object.entries(slot.body.fields as Record<string, string>)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(await reportPdf())]), 'report.pdf');
  const posted = await fetch(slot.body.url, { method: 'POST', body: form });
  if (posted.status >= 300) fail('report upload', { status: posted.status, body: await posted.text() });
  await a.settled();
  const res = await decide(a, `finance.${org}`, await taskLink(a, `finance.${org}`, /绩效自评财政审定/), 'approve');
  if (res.status !== 200) fail('sign-off', res);
}

/**
 * 广州's EBMI self-evaluation submitted, then 广东's finance delegates its provincial review to 广东's third party
 * (`third-party.440000`) for `days` days from now.
 */
export async function delegateReview(a: Actors, year: number, window: { days: number }) {
  await submitSelfEvaluation(a, year, SCENARIO_REGION, SCENARIO_FUND);
  const until = new Date(nowMs() + window.days * 86_400_000).toISOString();
  const res = await a.call('POST', `/api/cycles/${year}/delegations`, {
    as: `finance.${SCENARIO_PROVINCE}`,
    body: {
      delegate: `third-party.${SCENARIO_PROVINCE}`,
      items: [{ org: SCENARIO_REGION, fund: SCENARIO_FUND }],
      until,
    },
  });
  if (res.status >= 300) fail('delegate', res);
  await a.settled();
}

/** A one-page PDF that pdf-lib reads (the uploads are checked), as a report or evidence. */
const SCENARIO_PDF = Buffer.from(
  '%PDF-1.4\n' +
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n' +
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n' +
    'trailer << /Root 1 0 R >>\n%%EOF\n',
);

/** Upload a PDF of an evaluation document through its presigned POST, as the console does. */
export async function uploadEvaluationPdf(
  a: Actors,
  as: string,
  year: number,
  org: string,
  fund: string,
  kind: 'self-evaluation' | 'provincial-report' | 'rectification',
) {
  const slot = await a.call('POST', `/api/cycles/${year}/evaluations/${org}/${fund}/uploads`, {
    as,
    body: { kind, type: 'pdf' },
  });
  if (slot.status !== 201) fail(`upload slot ${kind}`, slot);
  const form = new FormData();
  for (const [k, v] of Object.entries(slot.body.fields as Record<string, string>)) form.append(k, v);
  form.append('file', new Blob([SCENARIO_PDF]), `${kind}.pdf`);
  const res = await fetch(slot.body.url as string, { method: 'POST', body: form });
  if (res.status >= 300) fail(`upload ${kind}`, { status: res.status, body: await res.text() });
  await a.settled();
}

/** Figures that meet every guiding target of the fund. */
function meetingActuals(fund: string) {
  return listIndicators({ fund }).map((i) => {
    const t = i.defaultTarget as { value?: string; min?: string; grade?: string } | undefined;
    return { id: i.id, actual: t?.grade ?? t?.value ?? t?.min ?? '0' };
  });
}

/**
 * After the evaluation phase opened: each region self-evaluates the fund (figures, report, finance sign-off), the
 * province reviews each, uploads its provincial report and approves it — the report reaches central (第十八条).
 */
export async function reportProvince(a: Actors, year: number, province: string, fund: string, regions: string[]) {
  const line = ['EBMI', 'URMI'].includes(fund) ? 'medsec' : 'hrss';
  for (const org of regions) {
    const agency = `${line}-agency.${org}`;
    const saved = await a.call('PUT', `/api/cycles/${year}/evaluations/${org}/${fund}/actuals`, {
      as: agency,
      body: { actuals: meetingActuals(fund) },
    });
    if (saved.status !== 200) fail('actuals', saved);
    await uploadEvaluationPdf(a, agency, year, org, fund, 'self-evaluation');
    const signOff = await decide(
      a,
      `finance.${org}`,
      await taskLink(a, `finance.${org}`, new RegExp(`${FUND_ZH[fund]}.*财政审定`)),
      'approve',
    );
    if (signOff.status !== 200) fail('sign-off', signOff);
  }
  for (const org of regions) {
    const review = await decide(
      a,
      `finance.${province}`,
      await taskLink(a, `finance.${province}`, new RegExp(`评价.*${getOrg(org).name.zh}.*${FUND_ZH[fund]}`)),
      'confirm',
    );
    if (review.status !== 200) fail('provincial review', review);
  }
  await uploadEvaluationPdf(a, `finance.${province}`, year, province, 'ALL', 'provincial-report');
  const approval = await decide(
    a,
    `finance.${province}`,
    await taskLink(a, `finance.${province}`, /省级绩效评价报告/),
    'approve',
  );
  if (approval.status !== 200) fail('provincial approval', approval);
}
