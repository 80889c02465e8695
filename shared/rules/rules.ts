import Decimal from 'decimal.js';
import { z } from 'zod';
import { mailDepartment } from '#shared/directory/directory';
import { endOfDayShanghai, now, nowMs } from '#shared/platform/clock';
import { formatDay } from '#shared/platform/dates';
import { AppError, type Bilingual, conflict, forbidden, notFound, unprocessable } from '#shared/platform/errors';
import type { Actor } from '#shared/platform/records';
import { linkExpiresAt, nextTimer } from '#shared/platform/timers';
import { resumeToken } from '#shared/platform/waits';
import { startExecution } from '#shared/platform/workflows';
import { authorize, type Principal } from '#shared/reference/auth';
import { FundCode, listFunds } from '#shared/reference/funds';
import {
  applyProvincialRules,
  type Catalogue,
  Indicator,
  IndicatorId,
  nationalCatalogue,
  Points,
  weightFor,
} from '#shared/reference/indicators';
import { CENTRAL_ORG_CODE, getOrg, provinceOf } from '#shared/reference/orgs';
import { rulesIssuedNotice, rulesReturnedNotice, rulesTaskNotice, rulesTaskTitle } from '#shared/rules/notices';
import type { IssuedRules, RulesRecord, RulesStatus, StoredRules } from '#shared/rules/records';
import {
  createRules,
  lockRulesVersion,
  queryRules,
  readCycleDeadlines,
  readRules,
  rulesKey,
  rulesWrites,
  updateRules,
} from '#shared/rules/store';
import type { ActionRecord, Decider } from '#shared/tasks/tasks';
import { openTask } from '#shared/tasks/tasks';

/**
 * Provincial implementation rules (第二十四条, R24.1). A province's finance drafts its rules for a cycle — its own
 * indicators (additions), re-weights of national ones within central's bounds, internal deadlines no later than
 * central's — and submits them; central finance reviews them through a human task by mail (`rules-approval`, the
 * sibling of `target-approval`: the same task, decision and audit mechanics); approved, they are issued as a locked,
 * numbered version. From then on `rulesInForce` / `catalogueFor` answer what validation (targets), monitoring,
 * scoring (self-evaluation) and deadlines use for that province's regions; other provinces keep the national
 * catalogue. A province may revise issued rules: the issued version stays in force until the next one is issued.
 */
export { RulesRecord, RulesStatus } from '#shared/rules/records';

const SYSTEM: Actor = { id: 'system:rules-approval' };
const DAY = 86_400_000;
/** How long central has to review a submission before the task is re-sent as overdue. */
const REVIEW_DAYS = 15;

/** A day (`YYYY-MM-DD`, Asia/Shanghai): the deadline is the end of it. */
const Day = z.iso.date({ error: '日期格式应为 YYYY-MM-DD / a date as YYYY-MM-DD' });

export const RulesDraft = z.strictObject({
  /** the province's own indicators; stamped as provincial indicators of the province on save */
  additions: z.array(Indicator).max(30).default([]),
  /** national indicators re-weighted, for one fund or for every fund they apply to */
  reweights: z
    .array(z.strictObject({ id: IndicatorId, fund: FundCode.optional(), weight: Points }))
    .max(200)
    .default([]),
  /** internal deadlines, no later than central's: regions' self-evaluations, and the province's review of them */
  deadlines: z.strictObject({ selfEvaluation: Day.optional(), provincialReview: Day.optional() }).default({}),
});
export type RulesDraft = z.infer<typeof RulesDraft>;
export type RulesDraftInput = z.input<typeof RulesDraft>;

interface Issue {
  path: string;
  code: string;
  message: Bilingual;
}

const endOfDay = (day: string) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return endOfDayShanghai(y, m, d).toISOString();
};

/** 422 RULES_INVALID with every refusal by field, bilingual; nothing is written. */
function refuse(issues: Issue[]): never {
  throw unprocessable(
    'RULES_INVALID',
    {
      zh: '实施细则不符合中央规定，未保存',
      en: 'The implementation rules do not meet central’s bounds; nothing saved',
    },
    { issues },
  );
}

/**
 * A catalogue problem as a person reads it: the codes it names (indicator ids, fund codes) as their Chinese names, and
 * no space between Chinese and digits.
 */
function inWords(zh: string, year: number, additions: Indicator[]): string {
  let out = zh;
  for (const i of [...nationalCatalogue(year).indicators, ...additions])
    out = out.replaceAll(`指标 ${i.id}`, `指标“${i.name.zh}”`).replaceAll(`：${i.id}`, `：${i.name.zh}`);
  for (const f of listFunds({ year }))
    out = out.replaceAll(`险种 ${f.code} `, f.name.zh).replaceAll(`（${f.code}）`, `（${f.name.zh}）`);
  return out.replace(/([\u4e00-\u9fff）”：])\s+(?=[-\d±])/g, '$1').replace(/([\d%])\s+(?=[\u4e00-\u9fff])/g, '$1');
}

/** Where in the draft one of `applyProvincialRules`' problems lies: the re-weight or addition it names. */
function pathOf(problem: Bilingual, draft: RulesDraft): string {
  const rw = draft.reweights.findIndex((r) => problem.en.startsWith(`Indicator ${r.id} (`));
  if (rw >= 0) return `reweights.${rw}.weight`;
  const add = draft.additions.findIndex((a) => problem.en.includes(` ${a.id}`));
  if (add >= 0) return `additions.${add}`;
  return problem.en.startsWith('Provincial additions') ? 'additions' : 'reweights';
}

/**
 * Every check of a draft against central's rules: the catalogue it makes (bounds, 100 points per fund, no id
 * clash), the deadlines against the cycle's. Returns what is stored; refuses (422) field by field.
 */
async function checkDraft(year: number, province: string, draft: RulesDraft): Promise<StoredRules> {
  const cycle = await readCycleDeadlines(year);
  if (!cycle) {
    throw notFound({ zh: `${year}年度尚未启动`, en: `The ${year} cycle has not been kicked off` }, { year });
  }
  const issues: Issue[] = [];
  const national = nationalCatalogue(year);
  const known = new Set(national.indicators.map((i) => i.id));
  draft.reweights.forEach((r, i) => {
    if (!known.has(r.id))
      issues.push({
        path: `reweights.${i}.id`,
        code: 'UNKNOWN_INDICATOR',
        message: { zh: `全国指标体系中没有指标 ${r.id}`, en: `No national indicator ${r.id}` },
      });
  });
  const additions = draft.additions.map((a) => ({ ...a, origin: 'provincial' as const, province }));
  if (issues.length === 0) {
    try {
      applyProvincialRules(national, { province, version: 'draft', additions, reweights: draft.reweights });
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'PROVINCIAL_RULES_REFUSED') throw e;
      for (const p of (e.details as { problems: Bilingual[] }).problems)
        issues.push({
          path: pathOf(p, draft),
          code: 'OUT_OF_BOUNDS',
          message: { zh: inWords(p.zh, year, additions), en: p.en },
        });
    }
  }
  const deadlines: StoredRules['deadlines'] = {};
  const yearEnd = endOfDayShanghai(year, 12, 31).toISOString();
  const limits = {
    selfEvaluation: { central: cycle.deadlines.selfEvaluation, zh: '自评报送', en: 'self-evaluations' },
    provincialReview: { central: cycle.deadlines.provincialEvaluation, zh: '省级评价', en: 'the provincial review' },
  } as const;
  for (const k of ['selfEvaluation', 'provincialReview'] as const) {
    const day = draft.deadlines[k];
    if (day === undefined) continue;
    const at = endOfDay(day);
    const { central, zh, en } = limits[k];
    if (Date.parse(at) > Date.parse(central))
      issues.push({
        path: `deadlines.${k}`,
        code: 'LATER_THAN_CENTRAL',
        message: {
          zh: `${zh}截止日期不得晚于中央规定的${formatDay(central, 'zh')}`,
          en: `The deadline for ${en} may not be later than central’s, ${formatDay(central, 'en')}`,
        },
      });
    else if (Date.parse(at) <= Date.parse(yearEnd))
      issues.push({
        path: `deadlines.${k}`,
        code: 'WITHIN_BUDGET_YEAR',
        message: {
          zh: `${zh}截止日期须在${year}年度结束之后`,
          en: `The deadline for ${en} must fall after the end of the ${year} budget year`,
        },
      });
    else deadlines[k] = at;
  }
  if (
    deadlines.selfEvaluation &&
    deadlines.provincialReview &&
    Date.parse(deadlines.provincialReview) <= Date.parse(deadlines.selfEvaluation)
  )
    issues.push({
      path: 'deadlines.provincialReview',
      code: 'BEFORE_SELF_EVALUATION',
      message: {
        zh: '省级评价截止日期须晚于自评报送截止日期',
        en: 'The provincial review must be due after the self-evaluations',
      },
    });
  if (issues.length) refuse(issues);
  return { additions, reweights: draft.reweights, deadlines };
}

function assertProvinceFinance(principal: Principal, province: string) {
  authorize(principal, 'catalog.manage', province);
  if (principal.orgCode !== province || getOrg(province).tier !== 'province')
    throw forbidden({ zh: '只能编制本省的实施细则', en: 'Only a province drafts its own implementation rules' });
}

/** The province's finance saves its draft (created on first save; a saved issued version is revised). */
export async function saveRulesDraft(
  principal: Principal,
  year: number,
  province: string,
  input: RulesDraft,
  version?: number,
) {
  assertProvinceFinance(principal, province);
  const draft = await checkDraft(year, province, input);
  const actor = { id: principal.userId, orgCode: principal.orgCode };
  const at = now().toISOString();
  const current = await readRules(year, province);
  if (!current) {
    const created = await createRules(year, province, draft, at, { actor, action: 'rules.draft.save' });
    if (!created)
      throw conflict('VERSION_CONFLICT', { zh: '记录已被他人修改，请刷新', en: 'Changed meanwhile; reload' });
  } else {
    if (version !== undefined && version !== current.version)
      throw conflict(
        'VERSION_CONFLICT',
        { zh: '记录已被他人修改，请刷新', en: 'Changed meanwhile; reload' },
        { version: current.version },
      );
    if (current.status !== 'drafting' && current.status !== 'issued')
      throw conflict(
        'NOT_DRAFTING',
        { zh: '实施细则正在审核，不能修改', en: 'The rules are under review and cannot be changed' },
        { status: current.status },
      );
    await updateRules(current, { draft, status: 'drafting', stepSince: at }, { actor, action: 'rules.draft.save' });
  }
  return viewOne(year, province);
}

/** The province submits its saved draft to central: checked again, then the review machine starts. */
export async function submitRules(principal: Principal, year: number, province: string, version?: number) {
  assertProvinceFinance(principal, province);
  const current = await readRules(year, province);
  if (!current)
    throw notFound({ zh: '请先保存实施细则草案', en: 'Save a draft of the rules first' }, { year, province });
  if (current.status !== 'drafting')
    throw conflict(
      'NOT_DRAFTING',
      { zh: '实施细则不在编制环节', en: 'The rules are not being drafted' },
      { status: current.status },
    );
  if (version !== undefined && version !== current.version)
    throw conflict(
      'VERSION_CONFLICT',
      { zh: '记录已被他人修改，请刷新', en: 'Changed meanwhile; reload' },
      { version: current.version },
    );
  const { additions, reweights, deadlines } = current.draft;
  await checkDraft(year, province, {
    additions,
    reweights,
    deadlines: {
      ...(deadlines.selfEvaluation ? { selfEvaluation: shanghaiDay(deadlines.selfEvaluation) } : {}),
      ...(deadlines.provincialReview ? { provincialReview: shanghaiDay(deadlines.provincialReview) } : {}),
    },
  });
  const round = current.round + 1;
  await updateRules(
    current,
    { status: 'central-review', round, stepSince: now().toISOString(), lastComment: undefined },
    { actor: { id: principal.userId, orgCode: principal.orgCode }, action: 'rules.submit' },
  );
  await startExecution('rules-approval', `rules-${year}-${province}-r${round}`, { year, province });
  return viewOne(year, province);
}

/** The Shanghai day of a stored end-of-day instant. */
const shanghaiDay = (instant: string) => new Date(Date.parse(instant) + 8 * 3600_000).toISOString().slice(0, 10);

async function rulesRecord(year: number, province: string): Promise<RulesRecord> {
  const r = await readRules(year, province);
  if (!r)
    throw notFound(
      { zh: `${getOrg(province).name.zh}尚无${year}年度实施细则`, en: `No ${year} rules of ${province}` },
      { year, province },
    );
  return r;
}

const reviewDue = (r: RulesRecord) => new Date(Date.parse(r.stepSince) + REVIEW_DAYS * DAY).toISOString();

// --- the machine's steps (statemachines/rules-approval.asl.json) -------------------------------------------------

export async function readRulesStep(year: number, province: string) {
  const r = await rulesRecord(year, province);
  return { status: r.status, timer: { seconds: nextTimer(reviewDue(r)).seconds } };
}

/** Machine step (a `.waitForTaskToken` task): central finance's review task. */
export async function openRulesTask(token: string, year: number, province: string) {
  const r = await rulesRecord(year, province);
  if (r.status !== 'central-review') {
    await resumeToken(token, { stale: true });
    return { stale: true };
  }
  const due = reviewDue(r);
  const about = { province: getOrg(province).name, year };
  await openTask({
    token,
    subject: { kind: 'rules', record: rulesKey(year, province), year, org: province, title: rulesTaskTitle(about) },
    step: 'central-review',
    stepName: { zh: '中央审核', en: 'Central review' },
    decisions: ['approve', 'return'],
    group: { org: CENTRAL_ORG_CODE, department: 'finance', function: 'reviewer' },
    due,
    expiresAt: linkExpiresAt(due),
    mail: rulesTaskNotice({ ...about, due, overdue: nowMs() > Date.parse(due) }),
  });
  return { stale: false };
}

/** The rules-task decider: approve (then issued by the machine) or return to the province with a comment. */
export const decideRules: Decider = async (action: ActionRecord, input, principal) => {
  const { year, org } = action.subject;
  const r = await rulesRecord(year, org);
  if (r.status !== 'central-review')
    throw conflict('TASK_USED', { zh: '实施细则已进入其他环节', en: 'The rules have moved to another step' });
  if (input.decision === 'return' && !input.comment?.trim())
    throw unprocessable('COMMENT_REQUIRED', { zh: '退回须填写意见', en: 'A return needs a comment' });
  const at = now().toISOString();
  const status: RulesStatus = input.decision === 'approve' ? 'approved' : 'drafting';
  const changes: Partial<RulesRecord> = {
    status,
    stepSince: at,
    ...(input.comment?.trim()
      ? { lastComment: { step: 'central-review', by: principal.userId, at, text: input.comment.trim() } }
      : {}),
    ...(status === 'approved' ? { approvedBy: principal.userId } : {}),
  };
  const audit = {
    actor: { id: principal.userId, orgCode: principal.orgCode },
    action: `rules.central-review.${input.decision}`,
    ...(input.comment ? { comment: input.comment } : {}),
  };
  return { writes: rulesWrites(r, changes, audit), output: { decision: input.decision, status } };
};

/** Machine step 印发: the approved draft is locked as the next version, in force from now; the province is told. */
export async function issueRules(year: number, province: string) {
  const r = await rulesRecord(year, province);
  if (r.status !== 'approved') return { status: r.status };
  const issued: IssuedRules = {
    version: (r.issued?.version ?? 0) + 1,
    rules: r.draft,
    approvedAt: now().toISOString(),
    approvedBy: r.approvedBy ?? 'unknown',
  };
  await lockRulesVersion(r, issued, SYSTEM);
  await updateRules(
    r,
    { status: 'issued', issued, approvedBy: undefined, stepSince: now().toISOString() },
    { actor: SYSTEM, action: 'rules.issue' },
  );
  forget(year, province);
  await mailDepartment(
    province,
    'finance',
    rulesIssuedNotice({ province: getOrg(province).name, year, version: issued.version }),
  );
  return { status: 'issued', version: issued.version };
}

/** Machine step: central returned the rules; the province's finance is told why. */
export async function rulesReturned(year: number, province: string) {
  const r = await rulesRecord(year, province);
  if (r.status !== 'drafting' || !r.lastComment) return { status: r.status };
  await mailDepartment(
    province,
    'finance',
    rulesReturnedNotice({ province: getOrg(province).name, year, comment: r.lastComment.text }),
  );
  return { status: r.status };
}

// --- the rules in force ------------------------------------------------------------------------------------------

/** What is in force for a province in a cycle: its issued version's catalogue and internal deadlines. */
export interface RulesInForce {
  province: string;
  version: number;
  catalogue: Catalogue;
  deadlines: { selfEvaluation?: string | undefined; provincialReview?: string | undefined };
}

const CACHE_MS = 5_000;
const cache = new Map<string, { at: number; value: Promise<RulesInForce | undefined> }>();
const forget = (year: number, province: string) => cache.delete(`${year}#${province}`);

async function load(year: number, province: string): Promise<RulesInForce | undefined> {
  const r = await readRules(year, province);
  if (!r?.issued) return undefined;
  const { additions, reweights, deadlines } = r.issued.rules;
  const catalogue = applyProvincialRules(nationalCatalogue(year), {
    province,
    version: `${province}-${year}.${r.issued.version}`,
    additions,
    reweights,
  });
  return { province, version: r.issued.version, catalogue, deadlines };
}

/**
 * The rules in force for the province of `org` (a province or one of its regions) in a cycle, or undefined when it
 * has none issued (or `org` is central's). The one question validation, monitoring, scoring and deadlines ask. Read
 * once per 5 s per process (a request or a step asks it several times), forgotten on this process's own issue.
 */
export function rulesInForce(year: number, org: string): Promise<RulesInForce | undefined> {
  const province = provinceOf(org)?.code;
  if (!province) return Promise.resolve(undefined);
  const key = `${year}#${province}`;
  const hit = cache.get(key);
  if (hit && nowMs() - hit.at < CACHE_MS && nowMs() >= hit.at) return hit.value;
  const value = load(year, province);
  value.catch(() => cache.delete(key));
  cache.set(key, { at: nowMs(), value });
  return value;
}

/** The indicator catalogue for `org`'s work in a cycle: its province's issued rules, else the national one. */
export async function catalogueFor(year: number, org: string): Promise<Catalogue> {
  return (await rulesInForce(year, org))?.catalogue ?? nationalCatalogue(year);
}

// --- views -------------------------------------------------------------------------------------------------------

function rulesView(r: RulesRecord) {
  const national = nationalCatalogue(r.year);
  const byId = new Map(national.indicators.map((i) => [i.id, i]));
  const funds = listFunds({ year: r.year }).map((f) => f.code);
  const reweights = (rules: StoredRules) =>
    rules.reweights.map((rw) => {
      const ind = byId.get(rw.id);
      const of = rw.fund ? [rw.fund] : ind ? (ind.funds === 'all' ? funds : ind.funds) : [];
      return {
        ...rw,
        name: ind?.name,
        national: ind ? of.map((fund) => ({ fund, weight: weightFor(ind, fund).toString() })) : [],
        /** the largest share the weight moved from its national one (what central's bound limits) */
        share: ind
          ? Decimal.max(
              0,
              ...of.map((fund) => {
                const base = weightFor(ind, fund);
                return base.isZero() ? new Decimal(0) : new Decimal(rw.weight).minus(base).abs().div(base);
              }),
            ).toString()
          : undefined,
      };
    });
  return {
    year: r.year,
    province: r.province,
    provinceName: getOrg(r.province).name,
    status: r.status,
    version: r.version,
    draft: { ...r.draft, reweights: reweights(r.draft) },
    issued: r.issued ? { ...r.issued, rules: { ...r.issued.rules, reweights: reweights(r.issued.rules) } } : undefined,
    lastComment: r.lastComment,
    stepSince: r.stepSince,
  };
}
export type RulesView = ReturnType<typeof rulesView>;

async function viewOne(year: number, province: string) {
  return rulesView(await rulesRecord(year, province));
}

/**
 * A province's rules (its own, central any), or, for central without a province, every province's; with central's
 * bounds and deadlines, which the page shows beside the draft.
 */
export async function viewRules(principal: Principal, year: number, province?: string) {
  // central's staff see every province's; anyone else (a third party too) asks for an organisation in scope
  const everyProvince = principal.tier === 'central' && principal.department !== 'third-party';
  const org = province ?? (everyProvince ? undefined : principal.orgCode);
  authorize(principal, 'reference.read', org);
  const cycle = await readCycleDeadlines(year);
  if (!cycle) throw notFound({ zh: `${year}年度尚未启动`, en: `The ${year} cycle has not been kicked off` }, { year });
  const national = nationalCatalogue(year);
  const rules =
    org === undefined
      ? (await queryRules(year)).map(rulesView)
      : await readRules(year, org).then((r) => (r ? [rulesView(r)] : []));
  return {
    year,
    bounds: national.bounds,
    central: { selfEvaluation: cycle.deadlines.selfEvaluation, provincialReview: cycle.deadlines.provincialEvaluation },
    rules,
  };
}
