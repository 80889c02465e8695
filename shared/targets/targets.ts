import Decimal from 'decimal.js';
import { z } from 'zod';
import { type Cycle, cycleRecord, targetStepDeadlines } from '#shared/cycle/cycles';
import { type Group, mailDepartment } from '#shared/directory/directory';
import { now, nowMs } from '#shared/platform/clock';
import { AppError, type Bilingual, conflict, notFound, unprocessable } from '#shared/platform/errors';
import type { Actor } from '#shared/platform/records';
import { linkExpiresAt, nextTimer } from '#shared/platform/timers';
import { resumeToken } from '#shared/platform/waits';
import { startExecution } from '#shared/platform/workflows';
import { authorize, type Principal } from '#shared/reference/auth';
import { getFund } from '#shared/reference/funds';
import { type Catalogue, IndicatorId, listIndicators, Points, TargetValue } from '#shared/reference/indicators';
import { CENTRAL_ORG_CODE, getOrg, performanceUnits } from '#shared/reference/orgs';
import type { Department } from '#shared/reference/roles';
import { text } from '#shared/reference/text';
import { assertResultsAllowArrangement } from '#shared/results/results';
import { catalogueFor } from '#shared/rules/rules';
import { BudgetLinesIn, budgetLines, budgetView, sameLines } from '#shared/targets/budgets';
import {
  deadlineMissedNotice,
  decomposedNotice,
  issuedNotice,
  targetTaskNotice,
  targetTaskTitle,
} from '#shared/targets/notices';
import { againstOverall } from '#shared/targets/overall';
import type { ApprovedTarget, TargetRecord, TargetStatus } from '#shared/targets/records';
import {
  createBudget,
  ensureVersion,
  lockTargetVersion,
  queryTargets,
  readBudget,
  readCentralTargets,
  readTarget,
  saveCentralTargets,
  saveRegionTarget,
  targetKey,
  targetWrites,
  updateTarget,
} from '#shared/targets/store';
import { type ActionRecord, type Decider, openTask } from '#shared/tasks/tasks';

/**
 * Performance targets (第二章). A provincial unit's target per fund is its `targets` work item; it moves through
 * 制定 (drafting, by the agency) → 初审 (preliminary review, by the administrative department) → 审核 (finance
 * review) → 中央审核 (central review) → 下达 (issued). Every review can return the draft, which then runs the loop
 * again. After issue the province decomposes it to its pooling regions (R6.2); an issued target can be adjusted
 * (调整) only through the same chain (R7.2), and no budget is arranged without one (R7.3).
 */
export { TargetRecord, TargetStatus } from '#shared/targets/records';

/** The human steps, in order, with the status each one decides. */
export const TARGET_STEPS = {
  draft: { status: 'drafting', name: { zh: '制定', en: 'Drafting' }, decisions: ['submit'], state: 'Draft' },
  'preliminary-review': {
    status: 'preliminary-review',
    name: { zh: '初审', en: 'Preliminary review' },
    decisions: ['approve', 'return'],
    state: 'PreliminaryReview',
  },
  'finance-review': {
    status: 'finance-review',
    name: { zh: '审核', en: 'Finance review' },
    decisions: ['approve', 'return'],
    state: 'FinanceReview',
  },
  'central-review': {
    status: 'central-review',
    name: { zh: '中央审核', en: 'Central review' },
    decisions: ['approve', 'return'],
    state: 'CentralReview',
  },
} as const satisfies Record<string, { status: TargetStatus; name: Bilingual; decisions: string[]; state: string }>;
export type TargetStep = keyof typeof TARGET_STEPS;

const NEXT_STATUS: Record<TargetStep, TargetStatus> = {
  draft: 'preliminary-review',
  'preliminary-review': 'finance-review',
  'finance-review': 'central-review',
  'central-review': 'approved',
};

export const stepOfStatus = (status: TargetStatus): TargetStep | undefined =>
  (Object.entries(TARGET_STEPS) as [TargetStep, (typeof TARGET_STEPS)[TargetStep]][]).find(
    ([, s]) => s.status === status,
  )?.[0];

export const TargetIndicator = z.strictObject({
  id: IndicatorId,
  target: TargetValue,
  /** if given, must be the catalogue's unit (a guard against values entered in the wrong unit) */
  unit: z.string().min(1).max(20).optional(),
  /** a provincial re-weighting; if any indicator has one, all must and they must weigh 100 */
  weight: Points.optional(),
});
export type TargetIndicator = z.infer<typeof TargetIndicator>;

export const TargetDraft = z.strictObject({
  goals: z
    .array(text({ min: 1, max: 500 }))
    .min(1)
    .max(20),
  indicators: z.array(TargetIndicator).min(1).max(100),
});
export type TargetDraft = z.infer<typeof TargetDraft>;

export async function targetRecord(year: number, org: string, fund: string): Promise<TargetRecord> {
  const record = await readTarget(year, org, fund);
  if (!record) {
    throw notFound(
      { zh: `未找到 ${org} 的 ${getFund(fund).name.zh} 绩效目标`, en: `No ${fund} target for ${org} in ${year}` },
      { year, org, fund },
    );
  }
  return record;
}

// --- validation against the catalogue (R9.1, R9.2) -------------------------------------------------------------

/**
 * Indicator values must fit the catalogue, field by field: a known indicator of the fund, its unit, the kind of
 * target its nature allows, no negative value, and re-weightings that weigh 100. The catalogue is the national one,
 * or for a province's targets and its regions' the province's rules in force (`catalogueFor`, 第二十四条).
 */
export function checkIndicators(
  fund: string,
  indicators: TargetIndicator[],
  where = 'indicators',
  rules?: Catalogue,
): void {
  const catalogue = new Map(listIndicators({ fund, ...(rules ? { catalogue: rules } : {}) }).map((i) => [i.id, i]));
  const issues: { path: string; code: string; message: Bilingual }[] = [];
  const seen = new Set<string>();
  indicators.forEach((entry, i) => {
    const path = `${where}.${i}`;
    const ind = catalogue.get(entry.id);
    if (!ind) {
      issues.push({
        path: `${path}.id`,
        code: 'UNKNOWN_INDICATOR',
        message: { zh: `指标 ${entry.id} 不适用于该险种`, en: `Indicator ${entry.id} does not apply to ${fund}` },
      });
      return;
    }
    if (seen.has(entry.id)) {
      issues.push({
        path: `${path}.id`,
        code: 'DUPLICATE_INDICATOR',
        message: { zh: `指标 ${entry.id} 重复`, en: `Indicator ${entry.id} appears twice` },
      });
    }
    seen.add(entry.id);
    if (entry.unit !== undefined && entry.unit !== ind.unit) {
      issues.push({
        path: `${path}.unit`,
        code: 'WRONG_UNIT',
        message: { zh: `单位应为 ${ind.unit}`, en: `The unit must be ${ind.unit}` },
      });
    }
    const t = entry.target;
    if ('grade' in t) {
      if (ind.nature !== 'qualitative') {
        issues.push({
          path: `${path}.target`,
          code: 'WRONG_TARGET_KIND',
          message: { zh: '定量指标须给出数值', en: 'A quantitative indicator needs a number' },
        });
      }
    } else {
      if (ind.nature === 'qualitative') {
        issues.push({
          path: `${path}.target`,
          code: 'WRONG_TARGET_KIND',
          message: { zh: '定性指标须给出等级', en: 'A qualitative indicator needs a grade' },
        });
      }
      const values = 'value' in t ? [t.value] : [t.min, t.max];
      if (!ind.signed && values.some((v) => new Decimal(v).isNegative())) {
        issues.push({
          path: `${path}.target`,
          code: 'NEGATIVE_VALUE',
          message: { zh: '目标值不能为负数', en: 'A target value cannot be negative' },
        });
      }
      if (values.some((v) => new Decimal(v).decimalPlaces() > ind.precision)) {
        issues.push({
          path: `${path}.target`,
          code: 'TOO_MANY_DECIMALS',
          message: {
            zh: `指标 ${entry.id} 最多保留 ${ind.precision} 位小数`,
            en: `Indicator ${entry.id} takes at most ${ind.precision} decimal places`,
          },
        });
      }
      if ('min' in t && new Decimal(t.min).greaterThan(t.max)) {
        issues.push({
          path: `${path}.target`,
          code: 'EMPTY_RANGE',
          message: { zh: '区间下限大于上限', en: 'The range minimum exceeds its maximum' },
        });
      }
    }
  });
  const weighted = indicators.filter((e) => e.weight !== undefined);
  if (weighted.length > 0) {
    const total = weighted.reduce((s, e) => s.plus(e.weight as string), new Decimal(0));
    if (weighted.length !== indicators.length || !total.equals(100)) {
      issues.push({
        path: where,
        code: 'WEIGHTS_NOT_100',
        message: {
          zh: `各指标权重之和须为 100（现为 ${total}）`,
          en: `Indicator weights must total 100 (now ${total})`,
        },
      });
    }
  }
  if (issues.length > 0) {
    throw unprocessable(
      'INDICATORS_INVALID',
      { zh: '指标与指标库不符', en: 'The indicators do not fit the catalogue' },
      { issues },
    );
  }
}

// --- the approval chain ----------------------------------------------------------------------------------------

/** Which group acts at each step, for a fund of the 人社 or the 医保 line. */
function groupOf(step: TargetStep, target: TargetRecord): Group {
  const line = getFund(target.fund).line;
  const dept: Record<TargetStep, Department> = {
    draft: line === 'medsec' ? 'medsec-agency' : 'hrss-agency',
    'preliminary-review': line === 'medsec' ? 'medsec-admin' : 'hrss-admin',
    'finance-review': 'finance',
    'central-review': 'finance',
  };
  const org = step === 'central-review' ? CENTRAL_ORG_CODE : target.org;
  return { org, department: dept[step], fund: target.fund, function: step === 'draft' ? 'drafter' : 'reviewer' };
}

/** Step deadlines, set at kickoff from the date provincial targets are due at central (the cycle's rule). */
export const stepDeadlines = (targetsDue: string): Record<TargetStep, string> => targetStepDeadlines(targetsDue);

const dueOf = (cycle: Cycle, step: TargetStep) => stepDeadlines(cycle.deadlines.targets)[step];

/** Machine step: where the target stands, and the timer of the step it waits on. */
export async function readTargetStep(year: number, org: string, fund: string) {
  const target = await targetRecord(year, org, fund);
  const step = stepOfStatus(target.status);
  if (!step) return { status: target.status, timer: { seconds: 60 }, due: null };
  const due = dueOf(await cycleRecord(year), step);
  // `due` rides in the machine's state to the task it opens next, which need not read the cycle again
  return { status: target.status, step, timer: { seconds: nextTimer(due).seconds }, due };
}

/** Machine step (a `.waitForTaskToken` task): open the human task of the step the target is at. */
export async function openTargetTask(
  token: string,
  year: number,
  org: string,
  fund: string,
  step: TargetStep,
  /** the step's deadline as the read before it found it (absent: read from the cycle) */
  readDue?: string | null,
) {
  const target = await targetRecord(year, org, fund);
  if (stepOfStatus(target.status) !== step) {
    // The record moved on (a decision raced a timer): nobody is to be asked; let the machine read it again.
    await resumeToken(token, { stale: true });
    return { stale: true };
  }
  const due = readDue ?? dueOf(await cycleRecord(year), step);

  const orgName = getOrg(org).name;
  const fundName = getFund(fund).name;
  const spec = TARGET_STEPS[step];
  const overdue = nowMs() > Date.parse(due);
  const returned = target.lastComment && step === 'draft' ? target.lastComment : undefined;
  const about = { org: orgName, year, fundName, stepName: spec.name };
  await openTask({
    token,
    subject: { kind: 'target', record: targetKey(year, org, fund), year, org, fund, title: targetTaskTitle(about) },
    step,
    stepName: spec.name,
    decisions: [...spec.decisions],
    group: groupOf(step, target),
    due,
    expiresAt: linkExpiresAt(due),
    mail: targetTaskNotice({ ...about, due, overdue, returned: returned?.text }),
  });
  return { stale: false };
}

/** Machine step after a timer fired: a passed deadline is recorded once and escalated to central (R7.2 chain). */
export async function targetTimerFired(year: number, org: string, fund: string) {
  const target = await targetRecord(year, org, fund);
  const step = stepOfStatus(target.status);
  if (!step) return { late: false };
  const cycle = await cycleRecord(year);
  const due = dueOf(cycle, step);
  if (nowMs() <= Date.parse(due) || target.late?.[step]) return { late: Boolean(target.late?.[step]) };
  await updateTarget(
    target,
    { late: { ...(target.late ?? {}), [step]: now().toISOString() } },
    {
      actor: { id: 'system:target-approval' },
      action: 'target.deadline-missed',
    },
  );
  const orgName = getOrg(org).name;
  if (step !== 'central-review') {
    await mailDepartment(
      CENTRAL_ORG_CODE,
      'finance',
      deadlineMissedNotice({
        org: orgName,
        year,
        fund,
        fundName: getFund(fund).name,
        stepName: TARGET_STEPS[step].name,
      }),
    );
  }
  return { late: true };
}

/** Machine step 下达: the approved version is locked as a numbered version and the province is told. */
export async function issueTarget(year: number, org: string, fund: string) {
  const target = await targetRecord(year, org, fund);
  if (target.status !== 'approved') return { status: target.status };
  const version = (target.approved?.version ?? 0) + 1;
  const approved: ApprovedTarget = {
    version,
    draft: target.draft as TargetDraft,
    approvedAt: now().toISOString(),
    approvedBy: target.approvedBy ?? 'unknown',
  };
  await lockTargetVersion(target, approved, { id: 'system:target-approval' });
  await updateTarget(
    target,
    { status: 'issued', approved, stepSince: now().toISOString() },
    {
      actor: { id: 'system:target-approval' },
      action: 'target.issue',
    },
  );
  const orgName = getOrg(org).name;
  await mailDepartment(
    org,
    'finance',
    issuedNotice({ org: orgName, year, fund, fundName: getFund(fund).name, version }),
  );
  return { status: 'issued', version };
}

/** Start (idempotently) the approval machine of a unit for some of its funds. */
export async function startTargetApproval(year: number, org: string, funds: string[], round = 0) {
  const name = round === 0 ? `targets-${year}-${org}` : `targets-${year}-${org}-${funds.join('-')}-r${round}`;
  return startExecution('target-approval', name, { year, org, funds });
}

// --- decisions, drafts, guidance, decomposition, adjustment ---------------------------------------------------

/** The target-task decider: submit moves the draft to 初审; approve to the next step; return back to drafting. */
export const decideTarget: Decider = async (action: ActionRecord, input, principal) => {
  const { year, org, fund } = action.subject as { year: number; org: string; fund: string };
  const target = await targetRecord(year, org, fund);
  const step = action.step as TargetStep;
  if (stepOfStatus(target.status) !== step) {
    throw conflict('TASK_USED', { zh: '该目标已进入其他环节', en: 'The target has moved to another step' });
  }
  if (input.decision === 'submit') {
    if (!target.draft) {
      throw unprocessable('DRAFT_MISSING', { zh: '请先填写绩效目标草案', en: 'Fill in the target draft first' });
    }
    checkIndicators(fund, target.draft.indicators, 'draft.indicators', await catalogueFor(year, org));
  }
  if (input.decision === 'return' && !input.comment?.trim()) {
    throw unprocessable('COMMENT_REQUIRED', { zh: '退回须填写意见', en: 'A return needs a comment' });
  }
  const at = now().toISOString();
  const status: TargetStatus = input.decision === 'return' ? 'drafting' : NEXT_STATUS[step];
  const changes: Partial<TargetRecord> = {
    status,
    stepSince: at,
    ...(input.comment?.trim() ? { lastComment: { step, by: principal.userId, at, text: input.comment.trim() } } : {}),
    ...(status === 'approved' ? { approvedBy: principal.userId } : {}),
  };
  const actor: Actor = { id: principal.userId, orgCode: principal.orgCode };
  const audit = {
    actor,
    action: `target.${step}.${input.decision}`,
    ...(input.comment ? { comment: input.comment } : {}),
  };
  return { writes: targetWrites(target, changes, audit), output: { decision: input.decision, status } };
};

export async function saveDraft(
  principal: Principal,
  year: number,
  org: string,
  fund: string,
  draft: TargetDraft,
  version?: number,
) {
  authorize(principal, 'targets.draft', org, fund);
  if (principal.orgCode !== org) {
    throw new AppError(403, 'FORBIDDEN', { zh: '只能编制本单位的绩效目标', en: 'You may draft only your own targets' });
  }
  const target = await targetRecord(year, org, fund);
  if (target.status !== 'drafting') {
    throw conflict(
      'NOT_DRAFTING',
      { zh: '目标不在制定环节，不能修改', en: 'The target is not being drafted' },
      { status: target.status },
    );
  }
  ensureVersion(target, version);
  checkIndicators(fund, draft.indicators, 'indicators', await catalogueFor(year, org));
  return updateTarget(
    target,
    { draft },
    { actor: { id: principal.userId, orgCode: principal.orgCode }, action: 'target.draft.save' },
  );
}

// Central targets (R7.1, R8.1) and guidance to provinces (R10.1).
export const CentralTargets = z.strictObject({
  overall: z.strictObject({
    from: z.int().min(2023),
    to: z.int().min(2023),
    goals: z
      .array(text({ min: 1, max: 500 }))
      .min(1)
      .max(20),
    indicators: z.array(TargetIndicator).max(100),
  }),
  annual: TargetDraft,
});
export type CentralTargets = z.infer<typeof CentralTargets>;

export async function setCentralTargets(principal: Principal, year: number, fund: string, body: CentralTargets) {
  // an action on a fund: the department's fund line too (人社 may not set 医保's central targets)
  authorize(principal, 'targets.draft', undefined, fund);
  if (principal.tier !== 'central') {
    throw new AppError(403, 'FORBIDDEN', {
      zh: '整体绩效目标由中央层面制定',
      en: 'Overall targets are set by central',
    });
  }
  if (!(body.overall.from <= year && year <= body.overall.to)) {
    throw unprocessable('PERIOD_EXCLUDES_YEAR', {
      zh: '总体目标期间须包含本年度',
      en: 'The overall period must include the budget year',
    });
  }
  getFund(fund);
  checkIndicators(fund, body.overall.indicators, 'overall.indicators');
  checkIndicators(fund, body.annual.indicators, 'annual.indicators');
  await cycleRecord(year);
  return saveCentralTargets(year, fund, body, {
    actor: { id: principal.userId, orgCode: principal.orgCode },
    action: 'central-targets.set',
  });
}

export async function getCentralTargets(year: number, fund: string) {
  const record = await readCentralTargets(year, fund);
  if (!record) throw notFound({ zh: '中央尚未制定该险种的整体目标', en: 'Central has not set targets for this fund' });
  const { pk: _pk, sk: _sk, ...rest } = record;
  return rest;
}

export const Guidance = z.strictObject({
  fund: z.string(),
  indicators: z.array(TargetIndicator).min(1).max(100),
  provinces: z
    .array(z.string().regex(/^\d{6}$/))
    .min(1)
    .refine((codes) => new Set(codes).size === codes.length, { error: '省份不能重复 / a province is listed twice' })
    .optional(),
});

/** Guiding targets issued with the budget deployment (第十条): recorded on each province's target of the fund. */
export async function issueGuidance(principal: Principal, year: number, body: z.infer<typeof Guidance>) {
  authorize(principal, 'targets.central-review');
  getFund(body.fund);
  checkIndicators(body.fund, body.indicators, 'indicators');
  const items = (await queryTargets(year)).filter(
    (t) =>
      t.fund === body.fund && getOrg(t.org).tier === 'province' && (!body.provinces || body.provinces.includes(t.org)),
  );
  if (body.provinces) {
    const missing = body.provinces.filter((p) => !items.some((t) => t.org === p));
    if (missing.length)
      throw unprocessable(
        'UNKNOWN_PROVINCE',
        { zh: '存在未知的省级单位', en: 'Unknown provincial units' },
        { missing },
      );
  }
  for (const target of items) {
    await updateTarget(
      target,
      { guidance: body.indicators },
      { actor: { id: principal.userId, orgCode: principal.orgCode }, action: 'target.guidance' },
    );
  }
  return { fund: body.fund, provinces: items.map((t) => t.org) };
}

/** `GET /api/cycles/{year}/targets?org=` — each target with status, version and the step its machine is at. */
export async function viewTargets(principal: Principal, year: number, org: string) {
  authorize(principal, 'reference.read', org);
  const targets = await queryTargets(year, org);
  return targets.map((t) => {
    const step = stepOfStatus(t.status);
    return {
      year: t.year,
      org: t.org,
      fund: t.fund,
      status: t.status,
      version: t.version,
      approvedVersion: t.approved?.version ?? null,
      step: step
        ? {
            name: TARGET_STEPS[step].state,
            label: TARGET_STEPS[step].name,
            since: t.stepSince ?? null,
            due: null as string | null,
          }
        : null,
      draft: t.draft ?? null,
      approved: t.approved ?? null,
      guidance: t.guidance ?? null,
      decomposedFrom: t.decomposedFrom ?? null,
      lastComment: t.lastComment ?? null,
      late: t.late ?? {},
    };
  });
}

export const Decomposition = z.strictObject({
  regions: z
    .array(z.strictObject({ org: z.string().regex(/^\d{6}$/), indicators: z.array(TargetIndicator).min(1).max(100) }))
    .min(1)
    .max(400)
    .refine((regions) => new Set(regions.map((r) => r.org)).size === regions.length, {
      error: '统筹地区不能重复 / a region is listed twice',
    }),
});

/** 分解下达: the province issues values per pooling region from its issued target (R6.2); 企业职工养老 stays (R6.3). */
export async function decompose(
  principal: Principal,
  year: number,
  org: string,
  fund: string,
  body: z.infer<typeof Decomposition>,
) {
  authorize(principal, 'targets.decompose', org);
  if (principal.orgCode !== org)
    throw new AppError(403, 'FORBIDDEN', { zh: '只能分解本省目标', en: 'You may decompose only your own targets' });
  if (getFund(fund).performanceTier === 'province') {
    throw unprocessable('STAYS_AT_PROVINCE', {
      zh: '企业职工基本养老保险实行全国统筹，绩效管理工作由省级承担，不分解至统筹地区',
      en: 'Enterprise pension is nationally pooled: its performance work stays at province level',
    });
  }
  const target = await targetRecord(year, org, fund);
  if (target.status !== 'issued' || !target.approved) {
    throw conflict('TARGET_NOT_APPROVED', {
      zh: '目标尚未审核下达，不能分解',
      en: 'The target has not been approved and issued yet',
    });
  }
  const units = performanceUnits(org, fund, year);
  if (units.length === 1 && units[0]?.code === org) {
    throw unprocessable('POOLED_AT_PROVINCE', {
      zh: '该险种在本省实行省级统筹，省级即统筹地区，无需分解',
      en: 'This fund is pooled at province level here: the province is the pooling region, nothing to decompose',
    });
  }
  const allowed = new Set(units.map((o) => o.code));
  const issues = body.regions.flatMap((r, i) =>
    allowed.has(r.org) && r.org !== org
      ? []
      : [
          {
            path: `regions.${i}.org`,
            code: 'NOT_A_POOLING_REGION',
            message: { zh: `${r.org} 不是本省该险种的统筹地区`, en: `${r.org} does not pool ${fund} in this province` },
          },
        ],
  );
  if (issues.length)
    throw unprocessable('REGIONS_INVALID', { zh: '统筹地区有误', en: 'Invalid pooling regions' }, { issues });
  const rules = await catalogueFor(year, org);
  body.regions.forEach((r, i) => {
    checkIndicators(fund, r.indicators, `regions.${i}.indicators`, rules);
  });
  const actor = { id: principal.userId, orgCode: principal.orgCode };
  for (const region of body.regions) {
    const draft: TargetDraft = { goals: target.approved.draft.goals, indicators: region.indicators };
    const fields = {
      status: 'issued' as const,
      draft,
      approved: { ...target.approved, draft },
      decomposedFrom: { org, version: target.approved.version },
    };
    await saveRegionTarget(year, region.org, fund, target.due, fields, { actor, action: 'target.decompose' });
    const name = getOrg(region.org).name;
    await mailDepartment(
      region.org,
      'finance',
      decomposedNotice({ org: name, year, fund, fundName: getFund(fund).name }),
    );
  }
  return { fund, regions: body.regions.map((r) => r.org), fromVersion: target.approved.version };
}

export const Adjustment = z.strictObject({ reason: text({ min: 1, max: 1000 }) });

/**
 * 调整: reopen an issued target for another round through the same chain (R7.2). The province does it for its own
 * targets; a higher tier (central) may unapprove any. The approved version stays locked and in force until the new
 * one is issued.
 */
export async function adjustTarget(principal: Principal, year: number, org: string, fund: string, reason: string) {
  const higherTier = principal.tier === 'central';
  // authorised before the record is read: a refused caller learns nothing of which targets exist
  authorize(principal, higherTier ? 'targets.central-review' : 'targets.finance-review', org);
  if (!higherTier && principal.orgCode !== org)
    throw new AppError(403, 'FORBIDDEN', { zh: '只能调整本单位的目标', en: 'You may adjust only your own targets' });
  const target = await targetRecord(year, org, fund);
  if (target.decomposedFrom)
    throw unprocessable('ADJUST_AT_PROVINCE', {
      zh: '统筹地区目标随省级目标调整',
      en: 'A region’s target is adjusted through its province',
    });
  if (target.status !== 'issued')
    throw conflict(
      'NOT_ISSUED',
      { zh: '只有已下达的目标可以调整', en: 'Only an issued target can be adjusted' },
      { status: target.status },
    );
  const round = (target.round ?? 0) + 1;
  const at = now().toISOString();
  await updateTarget(
    target,
    {
      status: 'drafting',
      round,
      stepSince: at,
      lastComment: { step: 'adjust', by: principal.userId, at, text: reason },
    },
    {
      actor: { id: principal.userId, orgCode: principal.orgCode },
      action: higherTier ? 'target.unapprove' : 'target.adjust',
      comment: reason,
    },
  );
  const execution = await startTargetApproval(year, org, [fund], round);
  return { status: 'drafting', round, execution, approvedVersion: target.approved?.version ?? null };
}

// --- the budget gate (第七条: an approved target precedes any budget arrangement) -------------------------------

export const BudgetRequest = z.strictObject({
  year: z.int().min(2023).max(2100),
  org: z.string().regex(/^\d{6}$/),
  fund: z.string(),
  /** the budget's lines in yuan (收入, 支出, 上年末滚存结余); the totals are computed */
  lines: BudgetLinesIn,
});
export type BudgetRequest = z.infer<typeof BudgetRequest>;

/**
 * 预算安排: the one entry for arranging a budget (the console, the API and each row of an Excel import). `check` runs
 * every rule and writes nothing (the import checks every row before it writes any). Arranging the same lines again
 * changes nothing; other lines for an arranged budget are an adjustment, through review (`budgets.ts`). The previous
 * year's result must have been applied as central's rules require (第二十条, `results/`), in both modes.
 */
export async function arrangeBudget(principal: Principal, body: BudgetRequest, mode: 'write' | 'check' = 'write') {
  authorize(principal, 'budget.arrange', body.org, body.fund);
  await assertResultsAllowArrangement(body.year, body.org, body.fund);
  if (principal.orgCode !== body.org) {
    throw new AppError(403, 'FORBIDDEN', {
      zh: '预算由本级财政部门安排',
      en: 'A budget is arranged by the finance department of that organisation',
    });
  }
  getFund(body.fund);
  const target = await readTarget(body.year, body.org, body.fund);
  if (!target?.approved) {
    throw conflict(
      'TARGET_NOT_APPROVED',
      {
        zh: '该险种尚无经审核的绩效目标，不能安排预算（第七条）',
        en: 'No approved performance target for this fund and region: no budget can be arranged (Art. 7)',
      },
      { year: body.year, org: body.org, fund: body.fund },
    );
  }
  const lines = budgetLines(body.lines);
  const existing = await readBudget(body.year, body.org, body.fund);
  if (existing) {
    if (sameLines(existing.lines, lines) || sameLines(existing.versions[0]?.lines ?? lines, lines)) {
      return { ...budgetView(existing), arranged: false };
    }
    throw conflict(
      'BUDGET_ALREADY_ARRANGED',
      {
        zh: '该险种预算已安排，变更须提出预算调整并经审核',
        en: 'This budget is already arranged: a change is an adjustment, through review',
      },
      { year: body.year, org: body.org, fund: body.fund, budgetVersion: existing.budgetVersion },
    );
  }
  const fields = {
    year: body.year,
    org: body.org,
    fund: body.fund,
    targetVersion: target.approved.version,
    budgetVersion: 1,
    lines,
    versions: [{ budgetVersion: 1, kind: 'arranged' as const, lines, at: now().toISOString(), by: principal.userId }],
  };
  if (mode === 'check') return { ...budgetView({ ...fields, pk: '', sk: '', version: 0 }), arranged: true };
  const created = await createBudget(fields, {
    actor: { id: principal.userId, orgCode: principal.orgCode },
    action: 'budget.arrange',
  });
  const saved = await readBudget(body.year, body.org, body.fund);
  if (!saved) throw conflict('BUDGET_ALREADY_ARRANGED', { zh: '预算安排未完成，请重试', en: 'Try again' });
  return { ...budgetView(saved), arranged: created };
}

// --- against central's overall targets (R8.1) ----------------------------------------------------------------------

/** How many budget years back an overall (multi-year) period may have been set: a five-year plan. */
const OVERALL_LOOKBACK = 4;

/**
 * `GET /api/cycles/{year}/targets/{org}/{fund}/against-overall` — a provincial unit's annual target (the draft under
 * review, else the approved version) against central's overall targets of the period that holds the year: set in
 * this cycle, or in an earlier one whose period reaches it. `overall: null` when central set none.
 */
export async function viewAgainstOverall(principal: Principal, year: number, org: string, fund: string) {
  authorize(principal, 'reference.read', org);
  getFund(fund);
  const target = await targetRecord(year, org, fund);
  const years = Array.from({ length: OVERALL_LOOKBACK + 1 }, (_, i) => year - i);
  const found = (await Promise.all(years.map((y) => readCentralTargets(y, fund)))).find(
    (c) => c !== undefined && c.overall.from <= year && year <= c.overall.to,
  );
  const annual = target.draft?.indicators ?? target.approved?.draft.indicators ?? [];
  const rows = found ? againstOverall(fund, annual, found.overall.indicators) : [];
  return {
    year,
    org,
    fund,
    status: target.status,
    overall: found
      ? { setIn: found.year, from: found.overall.from, to: found.overall.to, goals: found.overall.goals }
      : null,
    rows,
    flagged: rows.filter((r) => r.flagged).length,
  };
}
