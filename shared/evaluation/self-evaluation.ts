import Decimal from 'decimal.js';
import { z } from 'zod';
import { cycleRecord } from '#shared/cycle/cycles';
import { mailDepartment } from '#shared/directory/directory';
import { createUploadSlot, type UploadedDocument } from '#shared/documents/documents';
import {
  agencyOf,
  documentKey,
  evaluationSubject,
  parseDocumentKey,
  provinceDeadlines,
  provincialDue,
  SYSTEM,
  startOnce,
} from '#shared/evaluation/chain';
import { delegatedItems } from '#shared/evaluation/delegations';
import { assertExplained, discrepanciesOf, discrepancyMessage, withBudgetExecution } from '#shared/evaluation/figures';
import {
  lateSelfEvaluationNotice,
  reportDueNotice,
  selfEvaluationSubmittedNotice,
  signOffTaskMail,
} from '#shared/evaluation/notices';
import { checkProvinceReady } from '#shared/evaluation/provincial';
import { assertReadyToOpen } from '#shared/evaluation/readiness';
import type { Actual, DocumentRef, SelfEvaluation, SelfEvaluationStatus } from '#shared/evaluation/records';
import {
  createProvincialEvaluation,
  createSelfEvaluation,
  evaluationRecord,
  findRectification,
  issuedTargets,
  itemWrites,
  noticeSent,
  orgEvaluations,
  provinceItems,
  provincialRecord,
  recordNotice,
  setCyclePhase,
  unitTarget,
  updateItem,
} from '#shared/evaluation/store';
import {
  buildSelfEvaluationTemplate,
  COLUMNS,
  FIRST_DATA_ROW,
  parseSelfEvaluationTemplate,
  SELF_EVALUATION_SHEET,
} from '#shared/evaluation/template';
import { now, nowMs } from '#shared/platform/clock';
import { config } from '#shared/platform/config';
import { type Bilingual, conflict, forbidden, unprocessable } from '#shared/platform/errors';
import { readObject } from '#shared/platform/objects';
import { linkExpiresAt, nextTimer } from '#shared/platform/timers';
import { resumeToken, resumeWaiting, waitFor } from '#shared/platform/waits';
import { authorize, type Principal } from '#shared/reference/auth';
import { compareWithTargets, type TargetComparison } from '#shared/reference/deviation';
import { getFund, listFunds } from '#shared/reference/funds';
import { type Catalogue, listIndicators } from '#shared/reference/indicators';
import { getOrg, performanceUnits } from '#shared/reference/orgs';
import { Grade, scoreCardToJson, scoreFund } from '#shared/reference/scoring';
import { catalogueFor } from '#shared/rules/rules';
import { type Decider, openTask } from '#shared/tasks/tasks';

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
/**
 * Central opens the evaluation phase after the budget year: one self-evaluation per unit × fund with an issued target.
 * Only when the cycle is ready (`readiness.ts`: the budget year over, no target left in review, one issued at least).
 */
export async function openEvaluationPhase(principal: Principal, year: number) {
  authorize(principal, 'cycle.kickoff');
  // refused (409 EVALUATION_NOT_READY, nothing started or changed) while the cycle is not ready: readiness.ts
  await assertReadyToOpen(year);
  const cycle = await cycleRecord(year);
  const name = `evaluation-phase-${year}`;
  await startOnce('evaluation-phase', name, { year });
  if (cycle.phase !== 'self-evaluation') {
    await setCyclePhase(cycle, 'self-evaluation', {
      actor: { id: principal.userId, orgCode: principal.orgCode },
      action: 'cycle.phase',
    });
  }
  return { year, phase: 'self-evaluation', execution: name };
}

/** Machine step: a province's self-evaluations — one per performance unit and fund with an issued target. */
export async function prepareProvince(year: number, province: string) {
  // the province's internal deadline where its rules set one (第二十四条), else central's 31 May
  const due = (await provinceDeadlines(year, province)).selfEvaluation;
  // the province's issued targets in one Query (its regions share its two-digit prefix), not one read per unit × fund
  const kind = getOrg(province).kind;
  const issued = await issuedTargets(year, kind === 'province' || kind === 'xpcc' ? province.slice(0, 2) : province);
  let opened = 0;
  for (const fund of listFunds({ year }).map((f) => f.code)) {
    for (const unit of performanceUnits(province, fund, year)) {
      if (!issued.has(`${unit.code}#${fund}`)) continue;
      await createSelfEvaluation(
        { year, org: unit.code, province, fund, status: 'awaiting-report', due },
        { actor: SYSTEM, action: 'self-evaluation.open' },
      );
      await startOnce('self-evaluation', `selfeval-${year}-${unit.code}-${fund}`, { year, org: unit.code, fund });
      opened++;
    }
  }
  await createProvincialEvaluation(
    { year, org: province, status: 'waiting-regions', due: provincialDue(year) },
    { actor: SYSTEM, action: 'provincial-evaluation.open' },
  );
  await startOnce('provincial-evaluation', `proveval-${year}-${province}`, { year, province });
  return { province, opened };
}

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
  const name = getOrg(org).name;
  const fundName = getFund(fund).name;
  const overdue = nowMs() > Date.parse(e.due);
  const missing = e.missingExplanations?.length ? e.missingExplanations : undefined;
  await mailDepartment(
    org,
    agencyOf(fund),
    reportDueNotice({
      org: name,
      year,
      fundName,
      due: e.due,
      overdue,
      missing,
      console: `${config().SIFPM_CONSOLE_URL}/region?cycle=${year}&fund=${fund}`,
    }),
  );
  return { waiting: true };
}

/**
 * Machine step after a timer: past the deadline and not yet submitted — still waiting for the report, or for the
 * finance sign-off — the item is marked late once and the province told. An item the province returned for another
 * round after an on-time submission is not late.
 */
export async function evaluationTimerFired(year: number, org: string, fund: string) {
  const e = await evaluationRecord(year, org, fund);
  const unsubmitted = e.status === 'awaiting-report' || e.status === 'scoring' || e.status === 'sign-off';
  const submittedOnTime = e.submittedAt !== undefined && Date.parse(e.submittedAt) <= Date.parse(e.due);
  if (!unsubmitted || submittedOnTime || e.late || nowMs() <= Date.parse(e.due)) return { late: Boolean(e.late) };
  await updateItem(e, { late: now().toISOString() }, { actor: SYSTEM, action: 'self-evaluation.deadline-missed' });
  const name = getOrg(org).name;
  await mailDepartment(
    e.province,
    'finance',
    lateSelfEvaluationNotice({ org: name, year, fund, fundName: getFund(fund).name }),
  );
  await checkProvinceReady(year, e.province);
  return { late: true };
}

/** The region's own writer of the self-evaluation of `org` × `fund`: checked before its record is read. */
export function assertOwnWriter(principal: Principal, org: string, fund: string) {
  authorize(principal, 'self-evaluation.submit', org, fund);
  if (principal.orgCode !== org)
    throw forbidden({ zh: '只能填报本地区的自评', en: 'You may submit only your own self-evaluation' });
}

export function assertRegionWriter(principal: Principal, e: SelfEvaluation) {
  assertOwnWriter(principal, e.org, e.fund);
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
  // authorised before the record is read: a refused caller learns nothing of which items exist
  assertOwnWriter(principal, org, fund);
  const e = await evaluationRecord(year, org, fund);
  assertRegionWriter(principal, e);
  const figures = await withBudgetExecution(year, org, fund, actuals);
  const rules = await catalogueFor(year, org);
  checkActuals(fund, figures, rules);
  const discrepancies = await discrepanciesOf(year, org, fund, figures, rules);
  assertExplained(figures, discrepancies);
  const saved = await updateItem(
    e,
    { actuals: figures, missingExplanations: [], discrepancies },
    { actor: { id: principal.userId, orgCode: principal.orgCode }, action: 'self-evaluation.actuals' },
  );
  await completeIfReady(saved);
  return evaluationView(await evaluationRecord(year, org, fund));
}

export function checkActuals(fund: string, actuals: Actual[], rules?: Catalogue) {
  const catalogue = new Map(listIndicators({ fund, ...(rules ? { catalogue: rules } : {}) }).map((i) => [i.id, i]));
  const issues: { path: string; code: string; message: Bilingual }[] = [];
  const seen = new Set<string>();
  actuals.forEach((a, i) => {
    const ind = catalogue.get(a.id);
    if (seen.has(a.id)) {
      issues.push({
        path: `actuals.${i}.id`,
        code: 'DUPLICATE_INDICATOR',
        message: { zh: `指标 ${a.id} 重复填报`, en: `Indicator ${a.id} is given twice` },
      });
      return;
    }
    seen.add(a.id);
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
    } else if (ind.nature === 'quantitative' && new Decimal(a.actual).decimalPlaces() > ind.precision) {
      issues.push({
        path: `actuals.${i}.actual`,
        code: 'TOO_MANY_DECIMALS',
        message: {
          zh: `指标 ${a.id} 最多保留 ${ind.precision} 位小数`,
          en: `Indicator ${a.id} takes at most ${ind.precision} decimal places`,
        },
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
export async function completeIfReady(e: SelfEvaluation) {
  if (e.status !== 'awaiting-report' || !e.report || !e.actuals?.length) return;
  const current = await evaluationRecord(e.year, e.org, e.fund);
  // the final accounts may have been recorded since the figures were: a difference still stops it (R18.3)
  const discrepancies = await discrepanciesOf(
    e.year,
    e.org,
    e.fund,
    current.actuals ?? [],
    await catalogueFor(e.year, e.org),
  );
  if (discrepancies.some((d) => !d.explained)) {
    await updateItem(current, { discrepancies }, { actor: SYSTEM, action: 'self-evaluation.discrepancies' });
    return;
  }
  await updateItem(current, { status: 'scoring' }, { actor: SYSTEM, action: 'self-evaluation.complete' });
  await resumeWaiting(current, 'report', { complete: true });
}

/**
 * Machine step: score every indicator of the fund against the unit's approved target (or the catalogue's guiding
 * value where the target names none), total and grade; return the submission if a missed or strongly deviating
 * indicator lacks its cause and measure (R18.3).
 */
export async function scoreEvaluation(year: number, org: string, fund: string) {
  const e = await evaluationRecord(year, org, fund);
  if (e.status !== 'scoring') return { status: e.status };
  const target = await unitTarget(year, org, fund);
  const targets = new Map((target?.approved?.draft.indicators ?? []).map((i) => [i.id, i.target]));
  // the province's rules in force (its own indicators and weights, 第二十四条), else the national catalogue
  const indicators = listIndicators({ fund, catalogue: await catalogueFor(year, org) }) as Parameters<
    typeof scoreFund
  >[0];
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
    await updateItem(
      e,
      { status: 'awaiting-report', missingExplanations: missing, score },
      { actor: SYSTEM, action: 'self-evaluation.returned' },
    );
    return { status: 'awaiting-report', missing };
  }
  await updateItem(
    e,
    { status: 'sign-off', missingExplanations: [], score },
    { actor: SYSTEM, action: 'self-evaluation.scored' },
  );
  return { status: 'sign-off', total: card.total, grade: card.grade };
}

/** Machine step (callback): the region's finance department signs the self-evaluation off (R17.1). */
export async function openSignOff(token: string, year: number, org: string, fund: string) {
  const e = await evaluationRecord(year, org, fund);
  if (e.status !== 'sign-off') return resumeToken(token, { stale: true });
  const name = getOrg(org).name;
  const fundName = getFund(fund).name;
  await openTask({
    token,
    subject: evaluationSubject('self-evaluation', year, org, fund),
    step: 'sign-off',
    stepName: { zh: '财政审定', en: 'Finance sign-off' },
    decisions: ['approve', 'return'],
    group: { org, department: 'finance', fund, function: 'signer' },
    due: e.due,
    expiresAt: linkExpiresAt(e.due),
    mail: signOffTaskMail({ org: name, year, fundName, total: e.score?.total, grade: e.score?.grade }),
  });
  return { waiting: true };
}

/** Machine step: submitted to the province — tell it, and see whether its evaluation can start. Idempotent. */
export async function evaluationSubmitted(year: number, org: string, fund: string) {
  const e = await evaluationRecord(year, org, fund);
  if (e.status !== 'submitted') return { status: e.status };
  const notice = `self-evaluation#${org}#${fund}#${e.version}`;
  if (!(await noticeSent(e, notice))) {
    const name = getOrg(org).name;
    await mailDepartment(
      e.province,
      'finance',
      selfEvaluationSubmittedNotice({
        org: name,
        year,
        fund,
        fundName: getFund(fund).name,
        late: Boolean(e.late),
        total: e.score?.total,
        grade: e.score?.grade,
      }),
    );
    await recordNotice(e, notice, 'self-evaluation-submitted', { actor: SYSTEM, action: 'notice.sent' });
  }
  await checkProvinceReady(year, e.province);
  await resumeWaiting(e, 'resubmission', { resubmitted: true });
  return { status: 'submitted' };
}

export const decideSignOff: Decider = async (action, input, principal) => {
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
    writes: itemWrites(e, changes, {
      actor: { id: principal.userId, orgCode: principal.orgCode },
      action: `self-evaluation.sign-off.${input.decision}`,
      ...(input.comment ? { comment: input.comment } : {}),
    }),
    output: { decision: input.decision },
  };
};

export const UploadRequest = z.strictObject({
  kind: z.enum(['self-evaluation', 'template', 'provincial-report', 'rectification']),
  type: z.enum(['docx', 'pdf', 'xlsx']),
});

/** The region's 绩效自评表: every indicator of the fund with the target it is scored against, to fill and upload. */
export async function selfEvaluationTemplate(principal: Principal, year: number, org: string, fund: string) {
  authorize(principal, 'self-evaluation.submit', org, fund);
  if (principal.orgCode !== org) throw forbidden({ zh: '只能下载本地区的自评表', en: 'Only your own template' });
  const e = await evaluationRecord(year, org, fund);
  const target = await unitTarget(year, org, fund);
  const targets = new Map((target?.approved?.draft.indicators ?? []).map((i) => [i.id, i.target]));
  const show = (t: unknown) => {
    const v = t as { value?: string; min?: string; max?: string; grade?: string } | undefined;
    return v?.value ?? v?.grade ?? (v?.min !== undefined ? `${v.min}–${v.max}` : '');
  };
  return buildSelfEvaluationTemplate({
    year,
    org,
    orgName: getOrg(org).name.zh,
    fund,
    fundName: getFund(fund).name.zh,
    indicators: listIndicators({ fund, catalogue: await catalogueFor(year, org) }).map((i) => ({
      id: i.id,
      name: i.name.zh,
      unit: i.unit,
      target: show(targets.get(i.id) ?? i.defaultTarget),
    })),
  }).then((buf) => ({ buf, status: e.status }));
}

/** A presigned POST slot for one document of an evaluation; who may upload depends on the kind. */
export async function uploadSlot(
  principal: Principal,
  year: number,
  org: string,
  fund: string,
  body: z.infer<typeof UploadRequest>,
) {
  if (body.kind === 'template' && body.type !== 'xlsx')
    throw unprocessable('TEMPLATE_IS_XLSX', { zh: '自评表须为 xlsx', en: 'The template must be an .xlsx file' });
  if (body.kind === 'self-evaluation' || body.kind === 'template') {
    assertOwnWriter(principal, org, fund);
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
      await updateItem(e, { documentErrors: doc.inspection.errors }, { actor: SYSTEM, action: 'document.refused' });
      return { ok: false };
    }
    if (where.kind === 'template') {
      const buf = await readObject(doc.key);
      const parsed = await parseSelfEvaluationTemplate(buf, {
        year: where.year,
        org: where.org,
        fund: where.fund,
        indicatorIds: listIndicators({ fund: where.fund, catalogue: await catalogueFor(where.year, where.org) }).map(
          (i) => i.id,
        ),
      });
      if (!parsed.ok) {
        await updateItem(e, { documentErrors: parsed.errors }, { actor: SYSTEM, action: 'template.refused' });
        return { ok: false };
      }
      const actuals = await withBudgetExecution(where.year, where.org, where.fund, parsed.actuals);
      const discrepancies = await discrepanciesOf(
        where.year,
        where.org,
        where.fund,
        actuals,
        await catalogueFor(where.year, where.org),
      );
      const unexplained = discrepancies.filter((d) => !d.explained);
      if (unexplained.length) {
        const documentErrors = unexplained.map((d) => ({
          sheet: SELF_EVALUATION_SHEET,
          cell: `${COLUMNS.explanation}${parsed.rows[d.id] ?? FIRST_DATA_ROW}`,
          code: 'DISCREPANCY_UNEXPLAINED',
          message: discrepancyMessage(d),
        }));
        await updateItem(e, { documentErrors, discrepancies }, { actor: SYSTEM, action: 'template.refused' });
        return { ok: false };
      }
      await updateItem(
        e,
        { actuals, template: ref(doc.inspection), documentErrors: [], missingExplanations: [], discrepancies },
        { actor: SYSTEM, action: 'self-evaluation.template' },
      );
    } else {
      await updateItem(
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
    await updateItem(
      p,
      { report: ref(doc.inspection), status: 'approval' },
      { actor: SYSTEM, action: 'provincial-evaluation.report' },
    );
    await resumeWaiting(p, 'report', { uploaded: true });
    return { ok: true };
  }
  // rectification evidence
  const r = await findRectification(where.year, where.org);
  if (r?.status !== 'ordered' || !doc.inspection.ok) return { ok: doc.inspection.ok };
  await updateItem(
    r,
    { evidence: [...(r.evidence ?? []), ref(doc.inspection)] },
    { actor: SYSTEM, action: 'rectification.evidence' },
  );
  return { ok: true };
}

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
    /** figures that differ from the final accounts or the year-end monitoring figures, explained or not (R18.3) */
    discrepancies: e.discrepancies ?? [],
    documentErrors: e.documentErrors ?? [],
    report: e.report ?? null,
    /** the filled 绩效自评表 the figures were read from, if they came that way */
    template: e.template ?? null,
    /** the figures saved so far (a form resumes from them) and why it was last returned, if it was */
    actuals: e.actuals ?? [],
    returnComment: e.returnComment ?? null,
    review: e.review ?? null,
    /** the third party its provincial review is delegated to, and until when */
    delegate: e.delegate ?? null,
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
  const items = o.tier === 'region' ? await orgEvaluations(year, org) : await provinceItems(year, org);
  return items.map(evaluationView);
}
