import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import Decimal from 'decimal.js';
import { z } from 'zod';
import { authorize, inScope, type Principal } from '#shared/auth';
import { aws } from '#shared/aws';
import { endOfDayShanghai, now, nowMs } from '#shared/clock';
import { stateMachineArn } from '#shared/config';
import { cycleRecord, kickoffUnits } from '#shared/cycles';
import { compareWithTargets, type TargetComparison } from '#shared/deviation';
import { contactOf } from '#shared/directory';
import type { UploadedDocument } from '#shared/documents';
import { type Bilingual, conflict, forbidden, notFound, unprocessable } from '#shared/errors';
import { getFund, listFunds } from '#shared/funds';
import { listIndicators } from '#shared/indicators';
import { sendMail } from '#shared/mail';
import { CENTRAL_ORG_CODE, getOrg, performanceUnits } from '#shared/orgs';
import { type Actor, createRecord, getRecord, queryAll, updateRecord, updateWrites } from '#shared/records';
import type { Department } from '#shared/roles';
import { DEFAULT_GRADE_THRESHOLDS, Grade, gradeOf, scoreCardToJson, scoreFund } from '#shared/scoring';
import { type Key, keys } from '#shared/table';
import type { TargetRecord } from '#shared/targets';
import { type Decider, openTask } from '#shared/tasks';
import { nextTimer } from '#shared/timers';
import { resumeToken, resumeWaiting, waitFor } from '#shared/waits';

/**
 * Evaluation, feedback and use (第四章).
 * - Self-evaluation (自评), one per pooling region × fund (the province for 企业职工养老): the region's agency enters
 *   the actual values (JSON or the Excel template) and uploads its report (presigned POST); when both are there the
 *   workflow scores them; a missed or strongly deviating indicator without cause and measure returns the submission
 *   (R18.3); the region's finance department signs it off (R17.1); due 31 May of year+1 (R18.1), late accepted and
 *   recorded as late.
 * - Provincial evaluation (省级绩效评价), one per province: a review of each region × fund (confirm or adjust the
 *   score with comments and recommendations, or return for revision), feedback to each region (R19.1), the provincial
 *   report uploaded and approved by provincial finance, due 31 July (R18.2).
 * - Central review (中央审核与考核), one per year: central assesses each province by a configurable scheme and notifies
 *   it: praise, or an interview (约谈) and a rectification order with a deadline, tracked to closure (R22.1, R20.1).
 * - Third parties (R17.2): a province or central delegates chosen items to an external evaluator for a time window.
 */
const SYSTEM: Actor = { id: 'system:evaluation' };
const DAY = 86_400_000;

export const SelfEvaluationStatus = z.enum(['awaiting-report', 'scoring', 'sign-off', 'submitted', 'reviewed']);
export type SelfEvaluationStatus = z.infer<typeof SelfEvaluationStatus>;

export const Actual = z.strictObject({
  id: z.string().min(1).max(64),
  actual: z.union([
    z.string().regex(/^-?\d{1,15}(\.\d{1,6})?$/, { error: '实际值须为数字 / actual must be a number' }),
    Grade,
  ]),
  cause: z.string().trim().max(2000).optional(),
  measure: z.string().trim().max(2000).optional(),
});
export type Actual = z.infer<typeof Actual>;

export interface DocumentRef {
  key: string;
  sha256: string;
  size: number;
  type: string;
  versionId?: string;
  at: string;
}

export interface SelfEvaluation extends Key {
  year: number;
  org: string;
  province: string;
  kind: 'self-evaluation';
  fund: string;
  status: SelfEvaluationStatus;
  due: string;
  version: number;
  actuals?: Actual[];
  /** null once a return asks for a revised report (the previous one stays in the bucket and the audit trail) */
  report?: DocumentRef | null;
  documentErrors?: { code: string; message: Bilingual; cell?: string }[];
  missingExplanations?: string[];
  score?: ReturnType<typeof scoreCardToJson> & {
    comparisons: { id: string; met: boolean; explanationRequired: boolean }[];
  };
  late?: string;
  submittedAt?: string;
  review?: {
    score: string;
    grade: string;
    adjusted: boolean;
    comment?: string;
    recommendations: string[];
    by: string;
    at: string;
  };
  delegate?: { userId: string; until: string };
  [field: string]: unknown;
}

const evaluationKey = (year: number, org: string, fund: string) => keys.workItem(year, org, 'self-evaluation', fund);
const provincialKey = (year: number, province: string) => keys.workItem(year, province, 'provincial-evaluation', 'ALL');
const assessmentKey = (year: number, province: string) => keys.workItem(year, province, 'assessment', 'ALL');

export async function evaluationRecord(year: number, org: string, fund: string): Promise<SelfEvaluation> {
  const r = await getRecord<SelfEvaluation>(evaluationKey(year, org, fund));
  if (!r) throw notFound({ zh: '未找到该绩效自评', en: 'No such self-evaluation' }, { year, org, fund });
  return r;
}

/** 5月底前 / 7月底前 of the following year, Asia/Shanghai. */
export const selfEvaluationDue = (year: number) => endOfDayShanghai(year + 1, 5, 31).toISOString();
export const provincialDue = (year: number) => endOfDayShanghai(year + 1, 7, 31).toISOString();

async function startOnce(machine: string, name: string, input: unknown) {
  try {
    await aws().sfn.send(
      new StartExecutionCommand({ stateMachineArn: stateMachineArn(machine), name, input: JSON.stringify(input) }),
    );
  } catch (e) {
    if (!(e instanceof ExecutionAlreadyExists)) throw e;
  }
  return name;
}

const agencyOf = (fund: string): Department => (getFund(fund).line === 'medsec' ? 'medsec-agency' : 'hrss-agency');

// --- opening the phase ----------------------------------------------------------------------------------------

/** Central opens the evaluation phase after the budget year: one self-evaluation per unit × fund with an issued target. */
export async function openEvaluationPhase(principal: Principal, year: number) {
  authorize(principal, 'cycle.kickoff');
  const cycle = await cycleRecord(year);
  const name = `evaluation-phase-${year}`;
  await startOnce('evaluation-phase', name, { year });
  if (cycle.phase !== 'self-evaluation') {
    await updateRecord(
      cycle,
      { phase: 'self-evaluation' },
      { actor: { id: principal.userId, orgCode: principal.orgCode }, action: 'cycle.phase' },
    );
  }
  return { year, phase: 'self-evaluation', execution: name };
}

export const evaluationProvinces = () => kickoffUnits();

/** Machine step: a province's self-evaluations — one per performance unit and fund with an issued target. */
export async function prepareProvince(year: number, province: string) {
  const due = selfEvaluationDue(year);
  let opened = 0;
  for (const fund of listFunds({ year }).map((f) => f.code)) {
    for (const unit of performanceUnits(province, fund, year)) {
      const target = await getRecord<TargetRecord>(keys.workItem(year, unit.code, 'targets', fund));
      if (target?.status !== 'issued') continue;
      await createRecord(
        {
          ...evaluationKey(year, unit.code, fund),
          gsi1pk: `ORG#${unit.code}`,
          gsi1sk: `CYCLE#${year}#self-evaluation#${fund}`,
          year,
          org: unit.code,
          province,
          kind: 'self-evaluation',
          fund,
          status: 'awaiting-report',
          due,
        },
        { actor: SYSTEM, action: 'self-evaluation.open' },
      );
      await startOnce('self-evaluation', `selfeval-${year}-${unit.code}-${fund}`, { year, org: unit.code, fund });
      opened++;
    }
  }
  await createRecord(
    {
      ...provincialKey(year, province),
      gsi1pk: `ORG#${province}`,
      gsi1sk: `CYCLE#${year}#provincial-evaluation#ALL`,
      year,
      org: province,
      kind: 'provincial-evaluation',
      fund: 'ALL',
      status: 'waiting-regions',
      due: provincialDue(year),
    },
    { actor: SYSTEM, action: 'provincial-evaluation.open' },
  );
  await startOnce('provincial-evaluation', `proveval-${year}-${province}`, { year, province });
  return { province, opened };
}

// --- self-evaluation ------------------------------------------------------------------------------------------

/** Machine step: where the self-evaluation stands, and the timer of its deadline. */
export async function readEvaluationStep(year: number, org: string, fund: string) {
  const e = await evaluationRecord(year, org, fund);
  return { status: e.status, timer: nextTimer(e.due) };
}

/**
 * Machine step (callback): wait for the report and the actual values. The token is kept on the record; the upload
 * event or the API call that completes the submission resumes the workflow. The region is told (first time) or
 * reminded (timers).
 */
export async function awaitReport(token: string, year: number, org: string, fund: string) {
  const e = await evaluationRecord(year, org, fund);
  if (e.status !== 'awaiting-report') return resumeToken(token, { stale: true });
  await waitFor(e, 'report', token);
  const contact = contactOf(org, agencyOf(fund));
  const name = getOrg(org).name;
  const fundName = getFund(fund).name;
  const overdue = nowMs() > Date.parse(e.due);
  const dueText = new Date(e.due).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  const missing = e.missingExplanations?.length ? e.missingExplanations : undefined;
  if (contact) {
    await sendMail({
      to: contact.email,
      subject: {
        zh: `${overdue ? '【已逾期】' : ''}${missing ? '【退回】' : ''}${name.zh} ${year} 年度${fundName.zh}绩效自评`,
        en: `${overdue ? '[Overdue] ' : ''}${missing ? '[Returned] ' : ''}${name.en} ${year} ${fundName.en} self-evaluation`,
      },
      paragraphs: [
        missing
          ? {
              zh: `以下指标未完成目标或偏离目标较大，须说明原因并提出改进措施后重新报送：${missing.join('、')}`,
              en: `These indicators missed or deviate strongly from their targets; add a cause and a measure and resubmit: ${missing.join(', ')}`,
            }
          : {
              zh: `请于 ${dueText} 前填报 ${year} 年度${fundName.zh}绩效自评表并上传自评报告（第十八条：5月底前报送省级）。`,
              en: `Please fill in the ${year} ${fundName.en} self-evaluation and upload the report by ${e.due} (Art. 18: by the end of May).`,
            },
      ],
      links: [
        {
          label: { zh: '进入工作台', en: 'Open the workspace' },
          url: `${(await import('#shared/config')).config().SIFPM_CONSOLE_URL}/region?cycle=${year}&fund=${fund}`,
        },
      ],
    });
  }
  return { waiting: true };
}

/** Machine step after a timer: past the deadline, the item is marked late once and the province told. */
export async function evaluationTimerFired(year: number, org: string, fund: string) {
  const e = await evaluationRecord(year, org, fund);
  if (e.status !== 'awaiting-report' || e.late || nowMs() <= Date.parse(e.due)) return { late: Boolean(e.late) };
  await updateRecord(e, { late: now().toISOString() }, { actor: SYSTEM, action: 'self-evaluation.deadline-missed' });
  const province = contactOf(e.province, 'finance');
  const name = getOrg(org).name;
  if (province) {
    await sendMail({
      to: province.email,
      subject: {
        zh: `逾期提示：${name.zh} ${getFund(fund).name.zh}绩效自评未按期报送`,
        en: `Late: ${name.en} ${fund} self-evaluation not submitted by its deadline`,
      },
      paragraphs: [
        {
          zh: `${name.zh} ${year} 年度${getFund(fund).name.zh}绩效自评报告未于5月底前报送，已记录为逾期。`,
          en: `${name.en}'s ${year} ${fund} self-evaluation missed the end-of-May deadline and is recorded as late.`,
        },
      ],
    });
  }
  await checkProvinceReady(year, e.province);
  return { late: true };
}

function assertRegionWriter(principal: Principal, e: SelfEvaluation) {
  authorize(principal, 'self-evaluation.submit', e.org);
  if (principal.orgCode !== e.org)
    throw forbidden({ zh: '只能填报本地区的自评', en: 'You may submit only your own self-evaluation' });
  if (e.status !== 'awaiting-report') {
    throw conflict(
      'NOT_AWAITING_REPORT',
      { zh: '当前环节不接受填报', en: 'The self-evaluation is not open for submission now' },
      { status: e.status },
    );
  }
}

/** The structured part as JSON (or parsed from the template): every indicator of the fund, checked and kept. */
export async function saveActuals(principal: Principal, year: number, org: string, fund: string, actuals: Actual[]) {
  const e = await evaluationRecord(year, org, fund);
  assertRegionWriter(principal, e);
  checkActuals(fund, actuals);
  const saved = await updateRecord(
    e,
    { actuals, missingExplanations: [] },
    { actor: { id: principal.userId, orgCode: principal.orgCode }, action: 'self-evaluation.actuals' },
  );
  await completeIfReady({ ...e, ...saved } as SelfEvaluation);
  return evaluationView(await evaluationRecord(year, org, fund));
}

export function checkActuals(fund: string, actuals: Actual[]) {
  const catalogue = new Map(listIndicators({ fund }).map((i) => [i.id, i]));
  const issues: { path: string; code: string; message: Bilingual }[] = [];
  actuals.forEach((a, i) => {
    const ind = catalogue.get(a.id);
    if (!ind)
      issues.push({
        path: `actuals.${i}.id`,
        code: 'UNKNOWN_INDICATOR',
        message: { zh: `指标 ${a.id} 不适用于该险种`, en: `Indicator ${a.id} does not apply to ${fund}` },
      });
    else if ((ind.nature === 'qualitative') !== Grade.safeParse(a.actual).success) {
      issues.push({
        path: `actuals.${i}.actual`,
        code: 'WRONG_ACTUAL_KIND',
        message: {
          zh: ind.nature === 'qualitative' ? '定性指标须给出等级' : '定量指标须给出数值',
          en:
            ind.nature === 'qualitative'
              ? 'A qualitative indicator needs a grade'
              : 'A quantitative indicator needs a number',
        },
      });
    } else if (ind.nature === 'quantitative' && !ind.signed && new Decimal(a.actual).isNegative()) {
      issues.push({
        path: `actuals.${i}.actual`,
        code: 'NEGATIVE_VALUE',
        message: { zh: '实际值不能为负数', en: 'An actual value cannot be negative' },
      });
    }
  });
  const given = new Set(actuals.map((a) => a.id));
  const missing = [...catalogue.keys()].filter((id) => !given.has(id));
  if (missing.length)
    issues.push({
      path: 'actuals',
      code: 'ACTUALS_MISSING',
      message: { zh: `缺少指标实际值：${missing.join('、')}`, en: `Actual values missing: ${missing.join(', ')}` },
    });
  if (issues.length)
    throw unprocessable(
      'ACTUALS_INVALID',
      { zh: '自评数据不完整或有误', en: 'The self-evaluation figures are incomplete or wrong' },
      { issues },
    );
}

/** Report and figures both there and valid: move to scoring and resume the waiting workflow. */
async function completeIfReady(e: SelfEvaluation) {
  if (e.status !== 'awaiting-report' || !e.report || !e.actuals?.length) return;
  const current = await evaluationRecord(e.year, e.org, e.fund);
  await updateRecord(
    current,
    { status: 'scoring', ...(current.late ? {} : {}) },
    { actor: SYSTEM, action: 'self-evaluation.complete' },
  );
  await resumeWaiting(current, 'report', { complete: true });
}

/** Where documents of an evaluation are kept: the server fixes the key (a unique part: nothing is overwritten). */
export function documentKey(
  kind: 'self-evaluation' | 'template' | 'provincial-report' | 'rectification',
  year: number,
  org: string,
  fund: string,
  ext: string,
) {
  return `uploads/evaluations/${year}/${org}/${fund}/${kind}/${crypto.randomUUID()}.${ext}`;
}

export function parseDocumentKey(key: string) {
  const m =
    /^uploads\/evaluations\/(\d{4})\/(\d{6})\/([A-Z0-9]+)\/(self-evaluation|template|provincial-report|rectification)\/[0-9a-f-]{36}\.(docx|pdf|xlsx)$/.exec(
      key,
    );
  if (!m) return undefined;
  return {
    year: Number(m[1]),
    org: m[2] as string,
    fund: m[3] as string,
    kind: m[4] as 'self-evaluation' | 'template' | 'provincial-report' | 'rectification',
  };
}

// --- scoring, sign-off ----------------------------------------------------------------------------------------

/**
 * Machine step: score every indicator of the fund against the unit's approved target (or the catalogue's guiding
 * value where the target names none), total and grade; return the submission if a missed or strongly deviating
 * indicator lacks its cause and measure (R18.3).
 */
export async function scoreEvaluation(year: number, org: string, fund: string) {
  const e = await evaluationRecord(year, org, fund);
  if (e.status !== 'scoring') return { status: e.status };
  const target = await getRecord<TargetRecord>(keys.workItem(year, org, 'targets', fund));
  const targets = new Map((target?.approved?.draft.indicators ?? []).map((i) => [i.id, i.target]));
  const indicators = listIndicators({ fund }) as Parameters<typeof scoreFund>[0];
  const byId = new Map((e.actuals ?? []).map((a) => [a.id, a]));
  const actualOf = (id: string) => {
    const a = byId.get(id)?.actual as string;
    return Grade.safeParse(a).success ? { grade: a as Grade } : a;
  };
  const comparisons: TargetComparison[] = compareWithTargets(
    indicators.map((i) => ({
      indicator: i,
      actual: actualOf(i.id),
      ...(targets.get(i.id) ? { target: targets.get(i.id) } : {}),
    })),
  );
  const missing = comparisons
    .filter((c) => c.explanationRequired && !(byId.get(c.id)?.cause?.trim() && byId.get(c.id)?.measure?.trim()))
    .map((c) => c.id);
  const card = scoreCardToJson(
    scoreFund(
      indicators,
      Object.fromEntries(
        indicators.map((i) => [
          i.id,
          { actual: actualOf(i.id), ...(targets.get(i.id) ? { target: targets.get(i.id) } : {}) },
        ]),
      ),
    ),
  );
  const score = {
    ...card,
    comparisons: comparisons.map((c) => ({ id: c.id, met: c.met, explanationRequired: c.explanationRequired })),
  };
  if (missing.length) {
    await updateRecord(
      e,
      { status: 'awaiting-report', missingExplanations: missing, score },
      { actor: SYSTEM, action: 'self-evaluation.returned' },
    );
    return { status: 'awaiting-report', missing };
  }
  await updateRecord(
    e,
    { status: 'sign-off', missingExplanations: [], score },
    { actor: SYSTEM, action: 'self-evaluation.scored' },
  );
  return { status: 'sign-off', total: card.total, grade: card.grade };
}

/** The self-evaluation a task is about, as its email and page show it. */
function evaluationSubject(kind: string, year: number, org: string, fund: string) {
  const name = getOrg(org).name;
  const fundName = getFund(fund).name;
  return {
    kind,
    record: evaluationKey(year, org, fund),
    year,
    org,
    fund,
    title: {
      zh: `${name.zh} ${year} 年度${fundName.zh}绩效自评`,
      en: `${name.en} ${year} ${fundName.en} self-evaluation`,
    },
  };
}

/** Machine step (callback): the region's finance department signs the self-evaluation off (R17.1). */
export async function openSignOff(token: string, year: number, org: string, fund: string) {
  const e = await evaluationRecord(year, org, fund);
  if (e.status !== 'sign-off') return resumeToken(token, { stale: true });
  const finance = contactOf(org, 'finance');
  if (!finance) throw new Error(`no finance contact for ${org}`);
  const name = getOrg(org).name;
  const fundName = getFund(fund).name;
  await openTask({
    token,
    subject: evaluationSubject('self-evaluation', year, org, fund),
    step: 'sign-off',
    stepName: { zh: '财政审定', en: 'Finance sign-off' },
    decisions: ['approve', 'return'],
    assignee: finance,
    due: e.due,
    expiresAt: new Date(nowMs() + 14 * DAY).toISOString(),
    mail: {
      subject: {
        zh: `待办：${name.zh} ${year} 年度${fundName.zh}绩效自评财政审定`,
        en: `To do: sign off ${name.en} ${year} ${fundName.en} self-evaluation`,
      },
      paragraphs: [
        {
          zh: `自评得分 ${e.score?.total}（${e.score?.grade}）。请审定后报送省级。`,
          en: `Score ${e.score?.total} (${e.score?.grade}). Please sign it off for submission to the province.`,
        },
      ],
    },
  });
  return { waiting: true };
}

/** Machine step: submitted to the province — tell it, and see whether its evaluation can start. Idempotent. */
export async function evaluationSubmitted(year: number, org: string, fund: string) {
  const e = await evaluationRecord(year, org, fund);
  if (e.status !== 'submitted') return { status: e.status };
  const notice = { pk: e.pk, sk: `NOTICE#self-evaluation#${org}#${fund}#${e.version}` };
  if (!(await getRecord(notice))) {
    const province = contactOf(e.province, 'finance');
    const name = getOrg(org).name;
    if (province) {
      await sendMail({
        to: province.email,
        subject: {
          zh: `${name.zh} ${year} 年度${getFund(fund).name.zh}绩效自评已报送${e.late ? '（逾期）' : ''}`,
          en: `${name.en} ${year} ${fund} self-evaluation submitted${e.late ? ' (late)' : ''}`,
        },
        paragraphs: [
          {
            zh: `得分 ${e.score?.total}，等级 ${e.score?.grade}。`,
            en: `Score ${e.score?.total}, grade ${e.score?.grade}.`,
          },
        ],
      });
    }
    await createRecord({ ...notice, kind: 'self-evaluation-submitted' }, { actor: SYSTEM, action: 'notice.sent' });
  }
  await checkProvinceReady(year, e.province);
  await resumeWaiting(e, 'resubmission', { resubmitted: true });
  return { status: 'submitted' };
}

const decideSignOff: Decider = async (action, input, principal) => {
  const { year, org, fund } = action.subject as { year: number; org: string; fund: string };
  const e = await evaluationRecord(year, org, fund);
  if (e.status !== 'sign-off')
    throw conflict('TASK_USED', { zh: '该自评已进入其他环节', en: 'The self-evaluation has moved on' });
  const at = now().toISOString();
  const changes: Partial<SelfEvaluation> =
    input.decision === 'approve'
      ? { status: 'submitted', submittedAt: at }
      : { status: 'awaiting-report', missingExplanations: [], returnComment: input.comment ?? '', report: null };
  return {
    writes: updateWrites(e, changes, {
      actor: { id: principal.userId, orgCode: principal.orgCode },
      action: `self-evaluation.sign-off.${input.decision}`,
      ...(input.comment ? { comment: input.comment } : {}),
    }),
    output: { decision: input.decision },
  };
};

// --- provincial evaluation ------------------------------------------------------------------------------------

export interface ProvincialEvaluation extends Key {
  year: number;
  org: string;
  status: 'waiting-regions' | 'reviewing' | 'report' | 'approval' | 'submitted';
  due: string;
  version: number;
  report?: DocumentRef;
  late?: string;
  submittedAt?: string;
  [field: string]: unknown;
}

async function provincialRecord(year: number, province: string) {
  const r = await getRecord<ProvincialEvaluation>(provincialKey(year, province));
  if (!r) throw notFound({ zh: '未找到省级绩效评价', en: 'No provincial evaluation' }, { year, province });
  return r;
}

export async function provinceItems(year: number, province: string): Promise<SelfEvaluation[]> {
  const units = new Set([
    province,
    ...listFunds({ year }).flatMap((f) => performanceUnits(province, f.code, year).map((u) => u.code)),
  ]);
  const items: SelfEvaluation[] = [];
  for (const org of units) {
    const found = await queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :s)',
      ExpressionAttributeValues: { ':p': `ORG#${org}`, ':s': `CYCLE#${year}#self-evaluation#` },
    });
    items.push(...(found as SelfEvaluation[]).filter((i) => i.province === province));
  }
  return items;
}

/** The provincial evaluation starts when every region has submitted, or the self-evaluation deadline has passed. */
async function checkProvinceReady(year: number, province: string) {
  const p = await getRecord<ProvincialEvaluation>(provincialKey(year, province));
  if (p?.status !== 'waiting-regions') return;
  const items = await provinceItems(year, province);
  const all = items.length > 0 && items.every((i) => i.status === 'submitted' || i.status === 'reviewed');
  if (!all && nowMs() <= Date.parse(selfEvaluationDue(year))) return;
  try {
    await updateRecord(p, { status: 'reviewing' }, { actor: SYSTEM, action: 'provincial-evaluation.start' });
  } catch (e) {
    // Two last submissions (or a submission and the deadline) raced: the other one started the review.
    if ((e as { code?: string }).code !== 'VERSION_CONFLICT') throw e;
    if ((await provincialRecord(year, province)).status === 'waiting-regions') throw e;
  }
  await resumeWaiting(p, 'regions', { ready: true });
}

export async function readProvincialStep(year: number, province: string) {
  const p = await provincialRecord(year, province);
  if (p.status === 'waiting-regions') await checkProvinceReady(year, province);
  const current = await provincialRecord(year, province);
  const due = current.status === 'waiting-regions' ? selfEvaluationDue(year) : current.due;
  return { status: current.status, timer: nextTimer(due) };
}

/** Machine step (callback): wait for the regions; resumed by the last submission or the deadline check. */
export async function awaitRegions(token: string, year: number, province: string) {
  const p = await provincialRecord(year, province);
  if (p.status !== 'waiting-regions') return resumeToken(token, { stale: true });
  await waitFor(p, 'regions', token);
  await checkProvinceReady(year, province);
  return { waiting: true };
}

export async function reviewItems(year: number, province: string) {
  return { items: (await provinceItems(year, province)).map((i) => ({ org: i.org, fund: i.fund })) };
}

export async function readItemStep(year: number, org: string, fund: string) {
  const e = await evaluationRecord(year, org, fund);
  return { status: e.status, timer: nextTimer(provincialDue(year)) };
}

/** Machine step (callback): wait until a returned or late item is submitted (again). */
export async function awaitResubmission(token: string, year: number, org: string, fund: string) {
  const e = await evaluationRecord(year, org, fund);
  if (e.status === 'submitted' || e.status === 'reviewed') return resumeToken(token, { stale: true });
  await waitFor(e, 'resubmission', token);
  return { waiting: true };
}

/** Who reviews an item: a delegated third party within its window, otherwise the province's finance department. */
function reviewerOf(e: SelfEvaluation) {
  if (e.delegate && nowMs() <= Date.parse(e.delegate.until)) {
    const [dept, org] = e.delegate.userId.split('.') as [Department, string];
    const c = contactOf(org, dept);
    if (c) return c;
  }
  const c = contactOf(e.province, 'finance');
  if (!c) throw new Error(`no finance contact for ${e.province}`);
  return c;
}

/** Machine step (callback): the provincial review task of one region × fund. */
export async function openReview(token: string, year: number, org: string, fund: string) {
  const e = await evaluationRecord(year, org, fund);
  if (e.status !== 'submitted') return resumeToken(token, { stale: true });
  const name = getOrg(org).name;
  const fundName = getFund(fund).name;
  await openTask({
    token,
    subject: evaluationSubject('provincial-review', year, org, fund),
    step: 'review',
    stepName: { zh: '省级评价', en: 'Provincial review' },
    decisions: ['confirm', 'return'],
    assignee: reviewerOf(e),
    due: provincialDue(year),
    expiresAt: new Date(nowMs() + 14 * DAY).toISOString(),
    mail: {
      subject: {
        zh: `待办：评价 ${name.zh} ${year} 年度${fundName.zh}绩效自评`,
        en: `To do: review ${name.en} ${year} ${fundName.en} self-evaluation`,
      },
      paragraphs: [
        {
          zh: `自评得分 ${e.score?.total}（${e.score?.grade}）${e.late ? '，逾期报送' : ''}。请确认或调整得分并提出建议，或退回修改。`,
          en: `Self-assessed score ${e.score?.total} (${e.score?.grade})${e.late ? ', submitted late' : ''}. Confirm or adjust it with recommendations, or return it.`,
        },
      ],
    },
  });
  return { waiting: true };
}

export const ReviewData = z.strictObject({
  /** an adjusted total (0–100, ≤ 2 places); omitted = the self-assessed score is confirmed */
  score: z
    .string()
    .regex(/^\d{1,3}(\.\d{1,2})?$/)
    .refine((s) => new Decimal(s).lte(100), { error: '得分不能超过 100 / at most 100' })
    .optional(),
  recommendations: z.array(z.string().trim().min(1).max(1000)).max(20).default([]),
});

const decideReview: Decider = async (action, input, principal) => {
  const { year, org, fund } = action.subject as { year: number; org: string; fund: string };
  const e = await evaluationRecord(year, org, fund);
  if (e.status !== 'submitted')
    throw conflict('TASK_USED', { zh: '该自评已进入其他环节', en: 'The self-evaluation has moved on' });
  const actor = { id: principal.userId, orgCode: principal.orgCode };
  if (input.decision === 'return') {
    if (!input.comment?.trim())
      throw unprocessable('COMMENT_REQUIRED', { zh: '退回须填写意见', en: 'A return needs a comment' });
    return {
      writes: updateWrites(
        e,
        { status: 'awaiting-report', returnComment: input.comment, reopen: true, report: null },
        { actor, action: 'provincial-review.return', comment: input.comment },
      ),
      output: { decision: 'return' },
    };
  }
  const data = ReviewData.safeParse(input.data ?? {});
  if (!data.success)
    throw unprocessable(
      'REVIEW_INVALID',
      { zh: '评价数据有误', en: 'Invalid review data' },
      { issues: data.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    );
  const score = data.data.score ?? e.score?.total ?? '0';
  const review = {
    score: new Decimal(score).toFixed(2),
    grade: gradeOf(score, DEFAULT_GRADE_THRESHOLDS),
    adjusted: data.data.score !== undefined && data.data.score !== e.score?.total,
    ...(input.comment ? { comment: input.comment } : {}),
    recommendations: data.data.recommendations,
    by: principal.userId,
    at: now().toISOString(),
  };
  return {
    writes: updateWrites(
      e,
      { status: 'reviewed', review },
      { actor, action: 'provincial-review.confirm', ...(input.comment ? { comment: input.comment } : {}) },
    ),
    output: { decision: 'confirm' },
  };
};

/** Machine step: the item was returned to its region — reopen its self-evaluation workflow for another round. */
export async function reopenSelfEvaluation(year: number, org: string, fund: string) {
  const e = await evaluationRecord(year, org, fund);
  // Only an item the province returned gets a new round; a late one still has its first workflow running.
  if (e.status !== 'awaiting-report' || !e.reopen) return { status: e.status };
  const round = Number(e.round ?? 0) + 1;
  await updateRecord(e, { round, reopen: false }, { actor: SYSTEM, action: 'self-evaluation.reopen' });
  await startOnce('self-evaluation', `selfeval-${year}-${org}-${fund}-r${round}`, { year, org, fund });
  return { status: e.status, round };
}

/** Machine step: feedback to the region (R19.1): its result and the recommendations, visible to it and emailed. */
export async function feedBack(year: number, org: string, fund: string) {
  const e = await evaluationRecord(year, org, fund);
  if (e.status !== 'reviewed' || !e.review) return { status: e.status };
  const notice = { pk: e.pk, sk: `NOTICE#feedback#${org}#${fund}` };
  if (await getRecord(notice)) return { status: 'reviewed' };
  const contact = contactOf(org, 'finance');
  const name = getOrg(org).name;
  if (contact) {
    await sendMail({
      to: contact.email,
      subject: {
        zh: `${name.zh} ${year} 年度${getFund(fund).name.zh}省级绩效评价结果反馈`,
        en: `${name.en}: provincial evaluation result for ${year} ${fund}`,
      },
      paragraphs: [
        {
          zh: `省级评价得分 ${e.review.score}，等级 ${e.review.grade}。`,
          en: `Provincial score ${e.review.score}, grade ${e.review.grade}.`,
        },
        ...e.review.recommendations.map((r) => ({ zh: `建议：${r}`, en: `Recommendation: ${r}` })),
      ],
    });
  }
  await createRecord({ ...notice, kind: 'feedback' }, { actor: SYSTEM, action: 'notice.sent' });
  return { status: 'reviewed' };
}

export async function closeReview(year: number, province: string) {
  const p = await provincialRecord(year, province);
  if (p.status === 'reviewing')
    await updateRecord(p, { status: 'report' }, { actor: SYSTEM, action: 'provincial-evaluation.reviewed' });
  return { status: 'report' };
}

/** Machine step (callback): wait for the provincial report upload. */
export async function awaitProvincialReport(token: string, year: number, province: string) {
  const p = await provincialRecord(year, province);
  if (p.status !== 'report') return resumeToken(token, { stale: true });
  await waitFor(p, 'report', token);
  const contact = contactOf(province, 'finance');
  if (contact) {
    await sendMail({
      to: contact.email,
      subject: { zh: `请上传 ${year} 年度省级绩效评价报告`, en: `Upload the ${year} provincial evaluation report` },
      paragraphs: [
        {
          zh: '各统筹地区评价已完成。请于7月底前上传省级绩效评价报告并报财政审定。',
          en: 'Every region has been reviewed. Upload the provincial evaluation report by the end of July.',
        },
      ],
    });
  }
  return { waiting: true };
}

export async function provincialTimerFired(year: number, province: string) {
  const p = await provincialRecord(year, province);
  if (p.status === 'waiting-regions') {
    await checkProvinceReady(year, province);
    return { late: false };
  }
  if (p.status === 'submitted' || p.late || nowMs() <= Date.parse(p.due)) return { late: Boolean(p.late) };
  await updateRecord(
    p,
    { late: now().toISOString() },
    { actor: SYSTEM, action: 'provincial-evaluation.deadline-missed' },
  );
  return { late: true };
}

export async function openProvincialApproval(token: string, year: number, province: string) {
  const p = await provincialRecord(year, province);
  if (p.status !== 'approval') return resumeToken(token, { stale: true });
  const finance = contactOf(province, 'finance');
  if (!finance) throw new Error('no finance contact');
  const name = getOrg(province).name;
  await openTask({
    token,
    subject: {
      kind: 'provincial-approval',
      record: provincialKey(year, province),
      year,
      org: province,
      title: { zh: `${name.zh} ${year} 年度省级绩效评价报告`, en: `${name.en} ${year} provincial evaluation report` },
    },
    step: 'approval',
    stepName: { zh: '财政审定', en: 'Finance approval' },
    decisions: ['approve', 'return'],
    assignee: finance,
    due: p.due,
    expiresAt: new Date(nowMs() + 14 * DAY).toISOString(),
    mail: {
      subject: {
        zh: `待办：审定 ${name.zh} ${year} 年度省级绩效评价报告`,
        en: `To do: approve the ${name.en} ${year} provincial evaluation report`,
      },
      paragraphs: [
        { zh: '请审定后报送中央层面（7月底前）。', en: 'Approve it for submission to central (by the end of July).' },
      ],
    },
  });
  return { waiting: true };
}

const decideProvincialApproval: Decider = async (action, input, principal) => {
  const p = await provincialRecord(action.subject.year, action.subject.org);
  if (p.status !== 'approval')
    throw conflict('TASK_USED', { zh: '该报告已进入其他环节', en: 'The report has moved on' });
  const changes =
    input.decision === 'approve'
      ? { status: 'submitted' as const, submittedAt: now().toISOString() }
      : { status: 'report' as const };
  return {
    writes: updateWrites(p, changes, {
      actor: { id: principal.userId, orgCode: principal.orgCode },
      action: `provincial-evaluation.${input.decision}`,
    }),
    output: { decision: input.decision },
  };
};

export async function provincialSubmitted(year: number, province: string) {
  const p = await provincialRecord(year, province);
  if (p.status !== 'submitted') return { status: p.status };
  const notice = { pk: p.pk, sk: `NOTICE#provincial-evaluation#${province}` };
  if (!(await getRecord(notice))) {
    const central = contactOf(CENTRAL_ORG_CODE, 'finance');
    const name = getOrg(province).name;
    if (central) {
      await sendMail({
        to: central.email,
        subject: {
          zh: `${name.zh} ${year} 年度省级绩效评价报告已报送${p.late ? '（逾期）' : ''}`,
          en: `${name.en} ${year} provincial evaluation report submitted${p.late ? ' (late)' : ''}`,
        },
        paragraphs: [{ zh: '请中央层面审核。', en: 'Submitted for central review.' }],
      });
    }
    await createRecord({ ...notice, kind: 'provincial-submitted' }, { actor: SYSTEM, action: 'notice.sent' });
  }
  return { status: 'submitted' };
}

// --- uploads ---------------------------------------------------------------------------------------------------

export const UploadRequest = z.strictObject({
  kind: z.enum(['self-evaluation', 'template', 'provincial-report', 'rectification']),
  type: z.enum(['docx', 'pdf', 'xlsx']),
});

/** A presigned POST slot for one document of an evaluation; who may upload depends on the kind. */
export async function uploadSlot(
  principal: Principal,
  year: number,
  org: string,
  fund: string,
  body: z.infer<typeof UploadRequest>,
) {
  const { createUploadSlot } = await import('#shared/documents');
  if (body.kind === 'template' && body.type !== 'xlsx')
    throw unprocessable('TEMPLATE_IS_XLSX', { zh: '自评表须为 xlsx', en: 'The template must be an .xlsx file' });
  if (body.kind === 'self-evaluation' || body.kind === 'template') {
    const e = await evaluationRecord(year, org, fund);
    assertRegionWriter(principal, e);
  } else if (body.kind === 'provincial-report') {
    authorize(principal, 'provincial-evaluation.approve', org);
    if (principal.orgCode !== org) throw forbidden({ zh: '只能上传本省报告', en: 'Only your own province’s report' });
    const p = await provincialRecord(year, org);
    if (p.status !== 'report')
      throw conflict('NOT_AWAITING_REPORT', { zh: '当前环节不接受上传', en: 'No report is expected now' });
  } else {
    authorize(principal, 'rectification.order', org);
    if (principal.orgCode !== org) throw forbidden({ zh: '只能上传本省整改材料', en: 'Only your own evidence' });
  }
  return createUploadSlot({
    key: documentKey(body.kind, year, org, fund, body.type),
    types: [body.type],
    maxBytes: 20 * 1024 * 1024,
  });
}

/** The S3 event hook: a validated document lands on its record; a complete submission resumes its workflow. */
export async function onDocumentUploaded(doc: UploadedDocument) {
  const where = parseDocumentKey(doc.key);
  if (!where) return { ignored: true };
  const ref = (i: { type: string; size: number; sha256: string; versionId?: string }): DocumentRef => ({
    key: doc.key,
    sha256: i.sha256,
    size: i.size,
    type: i.type,
    ...((doc.versionId ?? i.versionId) ? { versionId: (doc.versionId ?? i.versionId) as string } : {}),
    at: now().toISOString(),
  });
  if (where.kind === 'self-evaluation' || where.kind === 'template') {
    const e = await evaluationRecord(where.year, where.org, where.fund);
    if (e.status !== 'awaiting-report') return { ignored: true };
    if (!doc.inspection.ok) {
      await updateRecord(e, { documentErrors: doc.inspection.errors }, { actor: SYSTEM, action: 'document.refused' });
      return { ok: false };
    }
    if (where.kind === 'template') {
      const { parseSelfEvaluationTemplate } = await import('#shared/templates');
      const { GetObjectCommand } = await import('@aws-sdk/client-s3');
      const { config } = await import('#shared/config');
      const obj = await aws().s3.send(new GetObjectCommand({ Bucket: config().SIFPM_BUCKET, Key: doc.key }));
      const buf = Buffer.from(
        await (obj.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      );
      const parsed = await parseSelfEvaluationTemplate(buf, {
        year: where.year,
        org: where.org,
        fund: where.fund,
        indicatorIds: listIndicators({ fund: where.fund }).map((i) => i.id),
      });
      if (!parsed.ok) {
        await updateRecord(e, { documentErrors: parsed.errors }, { actor: SYSTEM, action: 'template.refused' });
        return { ok: false };
      }
      await updateRecord(
        e,
        { actuals: parsed.actuals, template: ref(doc.inspection), documentErrors: [], missingExplanations: [] },
        { actor: SYSTEM, action: 'self-evaluation.template' },
      );
    } else {
      await updateRecord(
        e,
        { report: ref(doc.inspection), documentErrors: [] },
        { actor: SYSTEM, action: 'self-evaluation.report' },
      );
    }
    await completeIfReady(await evaluationRecord(where.year, where.org, where.fund));
    return { ok: true };
  }
  if (where.kind === 'provincial-report') {
    const p = await provincialRecord(where.year, where.org);
    if (p.status !== 'report' || !doc.inspection.ok) return { ok: doc.inspection.ok };
    await updateRecord(
      p,
      { report: ref(doc.inspection), status: 'approval' },
      { actor: SYSTEM, action: 'provincial-evaluation.report' },
    );
    await resumeWaiting(p, 'report', { uploaded: true });
    return { ok: true };
  }
  // rectification evidence
  const r = await getRecord<Rectification>(rectificationKey(where.year, where.org));
  if (r?.status !== 'ordered' || !doc.inspection.ok) return { ok: doc.inspection.ok };
  await updateRecord(
    r,
    { evidence: [...(r.evidence ?? []), ref(doc.inspection)] },
    { actor: SYSTEM, action: 'rectification.evidence' },
  );
  return { ok: true };
}

// --- views ----------------------------------------------------------------------------------------------------

export function evaluationView(e: SelfEvaluation) {
  const STEP: Record<SelfEvaluationStatus, string> = {
    'awaiting-report': 'AwaitReport',
    scoring: 'Score',
    'sign-off': 'FinanceSignOff',
    submitted: 'Submitted',
    reviewed: 'Reviewed',
  };
  return {
    year: e.year,
    org: e.org,
    province: e.province,
    fund: e.fund,
    status: e.status,
    step: STEP[e.status],
    due: e.due,
    late: Boolean(e.late),
    lateSince: e.late ?? null,
    score: e.score?.total ?? null,
    grade: e.score?.grade ?? null,
    scoreCard: e.score ?? null,
    missingExplanations: e.missingExplanations ?? [],
    documentErrors: e.documentErrors ?? [],
    report: e.report ?? null,
    review: e.review ?? null,
    version: e.version,
  };
}

/** `GET /api/cycles/{year}/evaluations?org=` — a unit's self-evaluations (a province: also its regions'). */
export async function listEvaluations(principal: Principal, year: number, org: string) {
  if (principal.department === 'third-party') {
    const delegated = await delegatedItems(principal.userId, year);
    return delegated.filter((e) => e.org === org || e.province === org).map(evaluationView);
  }
  authorize(principal, 'reference.read', org);
  const o = getOrg(org);
  const items =
    o.tier === 'region'
      ? ((await queryAll({
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :s)',
          ExpressionAttributeValues: { ':p': `ORG#${org}`, ':s': `CYCLE#${year}#self-evaluation#` },
        })) as SelfEvaluation[])
      : await provinceItems(year, org);
  return items.map(evaluationView);
}

// --- central review and assessment (第二十二条) --------------------------------------------------------------

/** The assessment scheme (configurable per cycle): weights of the criteria and the thresholds of the outcome. */
export const AssessmentScheme = z.strictObject({
  weights: z.strictObject({
    timeliness: z.number().min(0),
    completeness: z.number().min(0),
    quality: z.number().min(0),
    rectification: z.number().min(0),
  }),
  praiseAtLeast: z.number().min(0).max(100),
  interviewBelow: z.number().min(0).max(100),
  rectificationDays: z.int().min(1).max(365),
});
export const DEFAULT_SCHEME: z.infer<typeof AssessmentScheme> = {
  weights: { timeliness: 25, completeness: 25, quality: 40, rectification: 10 },
  praiseAtLeast: 90,
  interviewBelow: 60,
  rectificationDays: 60,
};

export interface Assessment extends Key {
  year: number;
  org: string;
  status: 'pending' | 'assessed' | 'notified';
  version: number;
  criteria?: Record<string, string>;
  total?: string;
  outcome?: 'praise' | 'satisfactory' | 'interview';
  [field: string]: unknown;
}

export interface Rectification extends Key {
  year: number;
  org: string;
  status: 'ordered' | 'submitted' | 'closed';
  deadline: string;
  version: number;
  evidence?: DocumentRef[];
  [field: string]: unknown;
}
const rectificationKey = (year: number, org: string) => keys.workItem(year, org, 'rectification', 'ALL');

export async function startCentralReview(
  principal: Principal,
  year: number,
  scheme?: z.infer<typeof AssessmentScheme>,
) {
  authorize(principal, 'central-review.assess');
  if (principal.tier !== 'central' || principal.department !== 'finance')
    throw forbidden({ zh: '由中央财政部门组织', en: 'Central finance organises the review' });
  const cycle = await cycleRecord(year);
  const provinces = [];
  for (const org of evaluationProvinces()) {
    const p = await getRecord<ProvincialEvaluation>(provincialKey(year, org));
    if (p?.status === 'submitted') provinces.push(org);
  }
  if (provinces.length === 0)
    throw conflict('NOTHING_TO_REVIEW', { zh: '尚无省级报告报送', en: 'No provincial report has been submitted yet' });
  for (const org of provinces) {
    await createRecord(
      {
        ...assessmentKey(year, org),
        gsi1pk: `ORG#${org}`,
        gsi1sk: `CYCLE#${year}#assessment#ALL`,
        year,
        org,
        kind: 'assessment',
        fund: 'ALL',
        status: 'pending',
        scheme: scheme ?? DEFAULT_SCHEME,
      },
      { actor: { id: principal.userId, orgCode: principal.orgCode }, action: 'assessment.open' },
    );
  }
  if (cycle.phase !== 'central-review')
    await updateRecord(cycle, { phase: 'central-review' }, { actor: { id: principal.userId }, action: 'cycle.phase' });
  const name = await startOnce(
    'central-review',
    `central-review-${year}-${provinces.length}-${provinces.join('').slice(-12)}`,
    { year, provinces },
  );
  return { year, provinces, execution: name };
}

async function assessmentRecord(year: number, org: string) {
  const a = await getRecord<Assessment>(assessmentKey(year, org));
  if (!a) throw notFound({ zh: '未找到考核记录', en: 'No assessment' }, { year, org });
  return a;
}

export async function readAssessmentStep(year: number, org: string) {
  const a = await assessmentRecord(year, org);
  const r = await getRecord<Rectification>(rectificationKey(year, org));
  return {
    status: a.status,
    rectification: r?.status ?? 'none',
    timer: nextTimer(r?.deadline ?? new Date(nowMs() + 30 * DAY).toISOString()),
  };
}

export async function openAssessment(token: string, year: number, org: string) {
  const a = await assessmentRecord(year, org);
  if (a.status !== 'pending') return resumeToken(token, { stale: true });
  const central = contactOf(CENTRAL_ORG_CODE, 'finance');
  if (!central) throw new Error('no central contact');
  const name = getOrg(org).name;
  await openTask({
    token,
    subject: {
      kind: 'assessment',
      record: assessmentKey(year, org),
      year,
      org,
      title: {
        zh: `${name.zh} ${year} 年度预算绩效管理工作考核`,
        en: `${name.en} ${year} performance-management assessment`,
      },
    },
    step: 'assess',
    stepName: { zh: '中央考核', en: 'Central assessment' },
    decisions: ['confirm'],
    assignee: central,
    expiresAt: new Date(nowMs() + 30 * DAY).toISOString(),
    mail: {
      subject: {
        zh: `待办：考核 ${name.zh} ${year} 年度社会保险基金预算绩效管理工作`,
        en: `To do: assess ${name.en}'s ${year} performance-management work`,
      },
      paragraphs: [
        {
          zh: '请审阅省级报告及各统筹地区结果，评定自评质量得分。',
          en: 'Read the provincial report and the regional results, and score the quality of the self-evaluations.',
        },
      ],
    },
  });
  return { waiting: true };
}

export const AssessmentData = z.strictObject({
  quality: z.number().min(0).max(100),
  comment: z.string().max(2000).optional(),
});

/** Timeliness, completeness and rectification come from the records; quality is the reviewer's score. */
async function criteriaOf(year: number, org: string, quality: number) {
  const items = await provinceItems(year, org);
  const p = await provincialRecord(year, org);
  const share = (n: number, d: number) => (d === 0 ? 100 : (100 * n) / d);
  const onTime = items.filter((i) => !i.late).length;
  const done = items.filter((i) => i.status === 'submitted' || i.status === 'reviewed').length;
  const previous = await getRecord<Rectification>(rectificationKey(year - 1, org));
  return {
    timeliness: share(onTime, items.length) * (p.late ? 0.5 : 1),
    completeness: share(done, items.length),
    quality,
    rectification: previous && previous.status !== 'closed' ? 0 : 100,
  };
}

const decideAssessment: Decider = async (action, input, principal) => {
  const a = await assessmentRecord(action.subject.year, action.subject.org);
  if (a.status !== 'pending') throw conflict('TASK_USED', { zh: '已考核', en: 'Already assessed' });
  const data = AssessmentData.safeParse(input.data ?? {});
  if (!data.success)
    throw unprocessable(
      'ASSESSMENT_INVALID',
      { zh: '须给出 0–100 的质量得分', en: 'A quality score from 0 to 100 is required' },
      { issues: data.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    );
  const scheme = (a.scheme as z.infer<typeof AssessmentScheme>) ?? DEFAULT_SCHEME;
  const c = await criteriaOf(a.year, a.org, data.data.quality);
  const w = scheme.weights;
  const weightSum = w.timeliness + w.completeness + w.quality + w.rectification;
  const total = new Decimal(c.timeliness)
    .times(w.timeliness)
    .plus(new Decimal(c.completeness).times(w.completeness))
    .plus(new Decimal(c.quality).times(w.quality))
    .plus(new Decimal(c.rectification).times(w.rectification))
    .div(weightSum)
    .toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const outcome = total.gte(scheme.praiseAtLeast)
    ? 'praise'
    : total.lt(scheme.interviewBelow)
      ? 'interview'
      : 'satisfactory';
  const criteria = Object.fromEntries(Object.entries(c).map(([k, v]) => [k, new Decimal(v).toFixed(2)]));
  return {
    writes: updateWrites(
      a,
      { status: 'assessed', criteria, total: total.toFixed(2), outcome, assessedBy: principal.userId },
      {
        actor: { id: principal.userId, orgCode: principal.orgCode },
        action: 'assessment.assess',
        ...(input.comment ? { comment: input.comment } : {}),
      },
    ),
    output: { decision: 'confirm', outcome },
  };
};

/** Machine step: the notice to the province (通报) — praise, or an interview and a rectification order with a deadline. */
export async function notifyAssessment(year: number, org: string) {
  const a = await assessmentRecord(year, org);
  if (a.status !== 'assessed') return { status: a.status };
  const scheme = (a.scheme as z.infer<typeof AssessmentScheme>) ?? DEFAULT_SCHEME;
  const contact = contactOf(org, 'finance');
  const name = getOrg(org).name;
  let deadline: string | undefined;
  if (a.outcome === 'interview') {
    deadline = new Date(nowMs() + scheme.rectificationDays * DAY).toISOString();
    await createRecord(
      {
        ...rectificationKey(year, org),
        gsi1pk: `ORG#${org}`,
        gsi1sk: `CYCLE#${year}#rectification#ALL`,
        year,
        org,
        kind: 'rectification',
        fund: 'ALL',
        status: 'ordered',
        deadline,
      },
      { actor: SYSTEM, action: 'rectification.order' },
    );
  }
  const text: Record<string, Bilingual> = {
    praise: {
      zh: `考核得分 ${a.total}，预算绩效管理工作成效明显，予以表扬。`,
      en: `Score ${a.total}: effective performance-management work, commended.`,
    },
    satisfactory: { zh: `考核得分 ${a.total}，考核合格。`, en: `Score ${a.total}: satisfactory.` },
    interview: {
      zh: `考核得分 ${a.total}，工作推进不力，将进行约谈并责令于 ${deadline ? new Date(deadline).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }) : ''} 前完成整改。`,
      en: `Score ${a.total}: insufficient progress. An interview will be held, and rectification is ordered by ${deadline}.`,
    },
  };
  if (contact) {
    await sendMail({
      to: contact.email,
      subject: {
        zh: `${year} 年度社会保险基金预算绩效管理工作考核结果通报（${name.zh}）`,
        en: `${year} performance-management assessment notice (${name.en})`,
      },
      paragraphs: [text[a.outcome ?? 'satisfactory'] as Bilingual],
    });
  }
  await updateRecord(
    a,
    { status: 'notified', notifiedAt: now().toISOString(), ...(deadline ? { rectificationDeadline: deadline } : {}) },
    { actor: SYSTEM, action: 'assessment.notify' },
  );
  return { status: 'notified', outcome: a.outcome };
}

/** Machine step (callback): the province submits its rectification with evidence (task by email). */
export async function openRectification(token: string, year: number, org: string) {
  const r = await getRecord<Rectification>(rectificationKey(year, org));
  if (r?.status !== 'ordered') return resumeToken(token, { stale: true });
  const finance = contactOf(org, 'finance');
  if (!finance) throw new Error('no contact');
  const name = getOrg(org).name;
  await openTask({
    token,
    subject: {
      kind: 'rectification',
      record: rectificationKey(year, org),
      year,
      org,
      title: { zh: `${name.zh} ${year} 年度整改`, en: `${name.en} ${year} rectification` },
    },
    step: 'rectify',
    stepName: { zh: '整改报送', en: 'Rectification' },
    decisions: ['submit'],
    assignee: finance,
    due: r.deadline,
    expiresAt: new Date(Date.parse(r.deadline) + 30 * DAY).toISOString(),
    mail: {
      subject: { zh: `待办：${name.zh} 限期整改`, en: `To do: ${name.en} rectification` },
      paragraphs: [
        {
          zh: `请于 ${new Date(r.deadline).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' })} 前上传整改材料并报送。`,
          en: `Upload your rectification evidence and submit it by ${r.deadline}.`,
        },
      ],
    },
  });
  return { waiting: true };
}

const decideRectification: Decider = async (action, input, principal) => {
  const r = await getRecord<Rectification>(rectificationKey(action.subject.year, action.subject.org));
  if (!r) throw notFound({ zh: '无整改事项', en: 'No rectification' });
  if (action.step === 'rectify') {
    if (r.status !== 'ordered') throw conflict('TASK_USED', { zh: '已报送', en: 'Already submitted' });
    if (!r.evidence?.length)
      throw unprocessable('EVIDENCE_REQUIRED', { zh: '请先上传整改材料', en: 'Upload the evidence first' });
    return {
      writes: updateWrites(
        r,
        { status: 'submitted', submittedAt: now().toISOString(), late: nowMs() > Date.parse(r.deadline) },
        { actor: { id: principal.userId, orgCode: principal.orgCode }, action: 'rectification.submit' },
      ),
      output: { decision: 'submit' },
    };
  }
  if (r.status !== 'submitted') throw conflict('TASK_USED', { zh: '已处理', en: 'Already decided' });
  const changes =
    input.decision === 'close'
      ? { status: 'closed' as const, closedAt: now().toISOString() }
      : { status: 'ordered' as const };
  return {
    writes: updateWrites(r, changes, {
      actor: { id: principal.userId, orgCode: principal.orgCode },
      action: `rectification.${input.decision}`,
      ...(input.comment ? { comment: input.comment } : {}),
    }),
    output: { decision: input.decision },
  };
};

/** Machine step (callback): central verifies the rectification and closes it, or returns it. */
export async function openVerification(token: string, year: number, org: string) {
  const r = await getRecord<Rectification>(rectificationKey(year, org));
  if (r?.status !== 'submitted') return resumeToken(token, { stale: true });
  const central = contactOf(CENTRAL_ORG_CODE, 'finance');
  if (!central) throw new Error('no contact');
  const name = getOrg(org).name;
  await openTask({
    token,
    subject: {
      kind: 'rectification',
      record: rectificationKey(year, org),
      year,
      org,
      title: { zh: `${name.zh} ${year} 年度整改`, en: `${name.en} ${year} rectification` },
    },
    step: 'verify',
    stepName: { zh: '整改验收', en: 'Verification' },
    decisions: ['close', 'return'],
    assignee: central,
    expiresAt: new Date(nowMs() + 30 * DAY).toISOString(),
    mail: {
      subject: { zh: `待办：验收 ${name.zh} 整改情况`, en: `To do: verify ${name.en}'s rectification` },
      paragraphs: [
        {
          zh: `已提交整改材料 ${r.evidence?.length ?? 0} 份。`,
          en: `${r.evidence?.length ?? 0} evidence document(s) submitted.`,
        },
      ],
    },
  });
  return { waiting: true };
}

export async function listAssessments(principal: Principal, year: number) {
  const orgs = principal.tier === 'central' ? evaluationProvinces() : [principal.orgCode];
  if (principal.tier !== 'central') authorize(principal, 'reference.read', principal.orgCode);
  const out = [];
  for (const org of orgs) {
    const a = await getRecord<Assessment>(assessmentKey(year, org));
    if (!a) continue;
    const r = await getRecord<Rectification>(rectificationKey(year, org));
    out.push({
      org,
      status: a.status,
      total: a.total ?? null,
      outcome: a.outcome ?? null,
      criteria: a.criteria ?? null,
      rectification: r ? { status: r.status, deadline: r.deadline, evidence: r.evidence?.length ?? 0 } : null,
    });
  }
  return out;
}

export async function rectificationUploadAllowed(principal: Principal, year: number, org: string) {
  const r = await getRecord<Rectification>(rectificationKey(year, org));
  if (r?.status !== 'ordered')
    throw conflict('NO_OPEN_RECTIFICATION', { zh: '没有待整改事项', en: 'No open rectification' });
  if (principal.orgCode !== org) throw forbidden({ zh: '只能上传本单位材料', en: 'Only your own evidence' });
}

// --- third parties (第十七条) ----------------------------------------------------------------------------------

export const Delegation = z.strictObject({
  delegate: z.string().regex(/^third-party\.\d{6}$/, { error: '须为第三方机构账户 / must be a third-party account' }),
  items: z
    .array(z.strictObject({ org: z.string().regex(/^\d{6}$/), fund: z.string().min(1).max(8) }))
    .min(1)
    .max(500),
  until: z.iso.datetime({ offset: true }),
});

/** Delegate the provincial review of chosen items to a third party for a time window (R17.2). Audited per item. */
export async function delegate(principal: Principal, year: number, body: z.infer<typeof Delegation>) {
  authorize(principal, 'provincial-evaluation.approve');
  if (Date.parse(body.until) <= nowMs())
    throw unprocessable('WINDOW_IN_PAST', { zh: '委托期限须晚于当前时间', en: 'The window must end in the future' });
  const items: SelfEvaluation[] = [];
  for (const { org, fund } of body.items) {
    const e = await evaluationRecord(year, org, fund);
    if (!inScope(principal, e.org) || principal.orgCode !== e.province)
      throw forbidden({ zh: '只能委托本省的评价事项', en: 'You may delegate only your province’s items' }, { org });
    items.push(e);
  }
  for (const e of items) {
    await updateRecord(
      e,
      { delegate: { userId: body.delegate, until: body.until } },
      { actor: { id: principal.userId, orgCode: principal.orgCode }, action: 'evaluation.delegate' },
    );
    await createRecord(
      {
        pk: `DELEGATE#${body.delegate}`,
        sk: `${year}#${e.org}#${e.fund}`,
        year,
        org: e.org,
        fund: e.fund,
        until: body.until,
        by: principal.userId,
      },
      { actor: { id: principal.userId, orgCode: principal.orgCode }, action: 'delegation.grant' },
    ).then(async (created) => {
      if (!created) {
        const current = await getRecord<Key & { version: number } & Record<string, unknown>>({
          pk: `DELEGATE#${body.delegate}`,
          sk: `${year}#${e.org}#${e.fund}`,
        });
        if (current)
          await updateRecord(
            current,
            { until: body.until },
            { actor: { id: principal.userId }, action: 'delegation.extend' },
          );
      }
    });
  }
  return { delegate: body.delegate, until: body.until, items: items.map((e) => ({ org: e.org, fund: e.fund })) };
}

/** The items a third party may see now: its delegations whose window is open. */
async function delegatedItems(userId: string, year: number): Promise<SelfEvaluation[]> {
  const grants = await queryAll({
    KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
    ExpressionAttributeValues: { ':p': `DELEGATE#${userId}`, ':s': `${year}#` },
  });
  const open = grants.filter((g) => Date.parse(g.until as string) >= nowMs());
  return Promise.all(open.map((g) => evaluationRecord(year, g.org as string, g.fund as string)));
}

export const EVALUATION_DECIDERS: Record<string, Decider> = {
  'self-evaluation': decideSignOff,
  'provincial-review': decideReview,
  'provincial-approval': decideProvincialApproval,
  assessment: decideAssessment,
  rectification: decideRectification,
};
