import Decimal from 'decimal.js';
import { z } from 'zod';
import { type Group, mailDepartment, readPersonOf } from '#shared/directory/directory';
import { delegatedTo, evaluationSubject, provinceDeadlines, SYSTEM, startOnce } from '#shared/evaluation/chain';
import {
  feedbackNotice,
  provincialApprovalTaskMail,
  provincialLateNotice,
  provincialReportDueNotice,
  provincialReportTitle,
  provincialSubmittedNotice,
  reviewTaskMail,
} from '#shared/evaluation/notices';
import type { ProvincialEvaluation, SelfEvaluation } from '#shared/evaluation/records';
import {
  evaluationRecord,
  findProvincial,
  itemWrites,
  noticeSent,
  provinceItems,
  provincialKey,
  provincialRecord,
  recordNotice,
  updateItem,
} from '#shared/evaluation/store';
import { now, nowMs } from '#shared/platform/clock';
import { AppError, conflict, unprocessable } from '#shared/platform/errors';
import { linkExpiresAt, nextTimer } from '#shared/platform/timers';
import { resumeToken, resumeWaiting, waitFor } from '#shared/platform/waits';
import { authorize, type Principal } from '#shared/reference/auth';
import { getFund } from '#shared/reference/funds';
import { CENTRAL_ORG_CODE, getOrg } from '#shared/reference/orgs';
import { DEFAULT_GRADE_THRESHOLDS, gradeOf } from '#shared/reference/scoring';
import { text } from '#shared/reference/text';
import { type Decider, openTask, reassignTask } from '#shared/tasks/tasks';

/**
 * 省级绩效评价 (第十七条, 第十九条): one machine per province. It waits for its regions, reviews each region × fund
 * (confirm or adjust with recommendations, or return for revision), feeds results back to each region, then takes the
 * provincial report and its finance approval (due 31 July, 第十八条).
 */
/** The provincial evaluation starts when every region has submitted, or the self-evaluation deadline has passed. */
export async function checkProvinceReady(year: number, province: string) {
  const p = await findProvincial(year, province);
  if (p?.status !== 'waiting-regions') return;
  const items = await provinceItems(year, province);
  const all = items.length > 0 && items.every((i) => i.status === 'submitted' || i.status === 'reviewed');
  if (!all && nowMs() <= Date.parse((await provinceDeadlines(year, province)).selfEvaluation)) return;
  try {
    await updateItem(p, { status: 'reviewing' }, { actor: SYSTEM, action: 'provincial-evaluation.start' });
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
  const due =
    current.status === 'waiting-regions' ? (await provinceDeadlines(year, province)).selfEvaluation : current.due;
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
  return { status: e.status, timer: nextTimer((await provinceDeadlines(year, e.province)).provincialReview) };
}

/** Machine step (callback): wait until a returned or late item is submitted (again). */
export async function awaitResubmission(token: string, year: number, org: string, fund: string) {
  const e = await evaluationRecord(year, org, fund);
  if (e.status === 'submitted' || e.status === 'reviewed') return resumeToken(token, { stale: true });
  await waitFor(e, 'resubmission', token);
  return { waiting: true };
}

/**
 * Who reviews an item: a delegated third party within its window (the task assigned to them), otherwise the
 * province's finance reviewers.
 */
export async function reviewerOf(
  e: SelfEvaluation,
): Promise<{ group: Group; assignedTo?: { userId: string; name: string } }> {
  if (e.delegate && delegatedTo(e, e.delegate.userId)) {
    const p = await readPersonOf(e.delegate.userId);
    if (p) {
      return {
        group: { org: p.orgCode, department: 'third-party', fund: e.fund, function: 'reviewer' },
        assignedTo: { userId: p.id, name: p.name },
      };
    }
  }
  return { group: { org: e.province, department: 'finance', fund: e.fund, function: 'reviewer' } };
}

/** Machine step (callback): the provincial review task of one region × fund. */
export async function openReview(token: string, year: number, org: string, fund: string) {
  const e = await evaluationRecord(year, org, fund);
  if (e.status !== 'submitted') return resumeToken(token, { stale: true });
  // the province's internal deadline for its review where its rules set one (第二十四条), else central's 31 July
  const review = (await provinceDeadlines(year, e.province)).provincialReview;
  await openTask({
    token,
    subject: evaluationSubject('provincial-review', year, org, fund),
    step: 'review',
    stepName: { zh: '省级评价', en: 'Provincial review' },
    decisions: ['confirm', 'return'],
    ...(await reviewerOf(e)),
    due: review,
    expiresAt: linkExpiresAt(review),
    mail: reviewMail(e),
  });
  return { waiting: true };
}

const reviewMail = (e: SelfEvaluation) =>
  reviewTaskMail({
    org: getOrg(e.org).name,
    year: e.year,
    fundName: getFund(e.fund).name,
    total: e.score?.total,
    grade: e.score?.grade,
    late: Boolean(e.late),
  });

/**
 * After a delegation is granted or ends: an open review task moves to whoever reviews the item now (the third party,
 * or the province's finance department again), with a fresh link; the earlier link is superseded.
 */
export async function moveReview(year: number, org: string, fund: string): Promise<boolean> {
  const e = await evaluationRecord(year, org, fund);
  if (e.status !== 'submitted') return false;
  return reassignTask(
    evaluationSubject('provincial-review', year, org, fund).record,
    await reviewerOf(e),
    reviewMail(e),
  );
}

export const ReviewData = z.strictObject({
  /** an adjusted total (0–100, ≤ 2 places); omitted = the self-assessed score is confirmed */
  score: z
    .string()
    .regex(/^\d{1,3}(\.\d{1,2})?$/)
    .refine((s) => new Decimal(s).lte(100), { error: '得分不能超过 100 / at most 100' })
    .optional(),
  recommendations: z
    .array(text({ min: 1, max: 1000 }))
    .max(20)
    .default([]),
});

/** A third party reaches a review only while its grant is open: revoked, re-delegated or past its window, it is dead. */
function assertDelegationOpen(e: SelfEvaluation, principal: Principal) {
  if (principal.department === 'third-party' && !delegatedTo(e, principal.userId))
    throw new AppError(403, 'DELEGATION_ENDED', {
      zh: '对该事项的委托已结束',
      en: 'The delegation of this item has ended',
    });
}

/** Guard of the review task's view (`GET /api/tasks/{id}`): the same delegation check as its decision. */
export async function viewReviewGuard(action: { subject: unknown }, principal: Principal) {
  if (principal.department !== 'third-party') return;
  const { year, org, fund } = action.subject as { year: number; org: string; fund: string };
  assertDelegationOpen(await evaluationRecord(year, org, fund), principal);
}

export const decideReview: Decider = async (action, input, principal) => {
  const { year, org, fund } = action.subject as { year: number; org: string; fund: string };
  const e = await evaluationRecord(year, org, fund);
  if (e.status !== 'submitted')
    throw conflict('TASK_USED', { zh: '该自评已进入其他环节', en: 'The self-evaluation has moved on' });
  assertDelegationOpen(e, principal);
  const actor = { id: principal.userId, orgCode: principal.orgCode };
  if (input.decision === 'return') {
    if (!input.comment?.trim())
      throw unprocessable('COMMENT_REQUIRED', { zh: '退回须填写意见', en: 'A return needs a comment' });
    return {
      writes: itemWrites(
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
    writes: itemWrites(
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
  const round = (e.round ?? 0) + 1;
  await updateItem(e, { round, reopen: false }, { actor: SYSTEM, action: 'self-evaluation.reopen' });
  await startOnce('self-evaluation', `selfeval-${year}-${org}-${fund}-r${round}`, { year, org, fund });
  return { status: e.status, round };
}

/** Machine step: feedback to the region (R19.1): its result and the recommendations, visible to it and emailed. */
export async function feedBack(year: number, org: string, fund: string) {
  const e = await evaluationRecord(year, org, fund);
  if (e.status !== 'reviewed' || !e.review) return { status: e.status };
  const notice = `feedback#${org}#${fund}`;
  if (await noticeSent(e, notice)) return { status: 'reviewed' };
  const name = getOrg(org).name;
  await mailDepartment(
    org,
    'finance',
    feedbackNotice({
      org: name,
      year,
      fund,
      fundName: getFund(fund).name,
      score: e.review.score,
      grade: e.review.grade,
      recommendations: e.review.recommendations,
    }),
  );
  await recordNotice(e, notice, 'feedback', { actor: SYSTEM, action: 'notice.sent' });
  return { status: 'reviewed' };
}

export async function closeReview(year: number, province: string) {
  const p = await provincialRecord(year, province);
  if (p.status === 'reviewing')
    await updateItem(p, { status: 'report' }, { actor: SYSTEM, action: 'provincial-evaluation.reviewed' });
  return { status: 'report' };
}

/** Machine step (callback): wait for the provincial report upload. */
export async function awaitProvincialReport(token: string, year: number, province: string) {
  const p = await provincialRecord(year, province);
  if (p.status !== 'report') return resumeToken(token, { stale: true });
  await waitFor(p, 'report', token);
  await mailDepartment(province, 'finance', provincialReportDueNotice({ year }));
  return { waiting: true };
}

export async function provincialTimerFired(year: number, province: string) {
  const p = await provincialRecord(year, province);
  if (p.status === 'waiting-regions') {
    await checkProvinceReady(year, province);
    return { late: false };
  }
  if (p.status === 'submitted' || nowMs() <= Date.parse(p.due)) return { late: Boolean(p.late) };
  // 31 July passed without the report (第十八条): recorded once, then escalated to people — the province's finance
  // leads and central finance are told, once each (a re-run or a later timer sends nothing twice)
  const late = p.late
    ? p
    : await updateItem(
        p,
        { late: now().toISOString() },
        { actor: SYSTEM, action: 'provincial-evaluation.deadline-missed' },
      );
  await escalateLateReport(late);
  return { late: true };
}

/** The step a late provincial evaluation stands at, as the escalation names it. */
const PROVINCIAL_STEP: Record<string, { zh: string; en: string }> = {
  'waiting-regions': { zh: '等待各统筹地区自评', en: 'waiting for the regions' },
  reviewing: { zh: '审核各统筹地区自评', en: 'reviewing the regions' },
  report: { zh: '上传省级绩效评价报告', en: 'uploading the provincial report' },
  approval: { zh: '财政审定', en: 'finance approval' },
};

async function escalateLateReport(p: ProvincialEvaluation) {
  const name = getOrg(p.org).name;
  const step = PROVINCIAL_STEP[p.status] ?? { zh: p.status, en: p.status };
  for (const [org, what] of [
    [p.org, 'provincial-late#province'],
    [CENTRAL_ORG_CODE, 'provincial-late#central'],
  ] as const) {
    if (await noticeSent(p, what)) continue;
    await mailDepartment(
      org,
      'finance',
      provincialLateNotice({ org: name, year: p.year, due: p.due, step, toProvince: org === p.org }),
    );
    await recordNotice(p, what, 'provincial-late', { actor: SYSTEM, action: 'notice.sent' });
  }
}

export async function openProvincialApproval(token: string, year: number, province: string) {
  const p = await provincialRecord(year, province);
  if (p.status !== 'approval') return resumeToken(token, { stale: true });
  const name = getOrg(province).name;
  await openTask({
    token,
    subject: {
      kind: 'provincial-approval',
      record: provincialKey(year, province),
      year,
      org: province,
      title: provincialReportTitle({ org: name, year }),
    },
    step: 'approval',
    stepName: { zh: '财政审定', en: 'Finance approval' },
    decisions: ['approve', 'return'],
    group: { org: province, department: 'finance', function: 'signer' },
    due: p.due,
    expiresAt: linkExpiresAt(p.due),
    mail: provincialApprovalTaskMail({ org: name, year }),
  });
  return { waiting: true };
}

export const decideProvincialApproval: Decider = async (action, input, principal) => {
  const p = await provincialRecord(action.subject.year, action.subject.org);
  if (p.status !== 'approval')
    throw conflict('TASK_USED', { zh: '该报告已进入其他环节', en: 'The report has moved on' });
  const changes =
    input.decision === 'approve'
      ? { status: 'submitted' as const, submittedAt: now().toISOString() }
      : { status: 'report' as const };
  return {
    writes: itemWrites(p, changes, {
      actor: { id: principal.userId, orgCode: principal.orgCode },
      action: `provincial-evaluation.${input.decision}`,
    }),
    output: { decision: input.decision },
  };
};

export async function provincialSubmitted(year: number, province: string) {
  const p = await provincialRecord(year, province);
  if (p.status !== 'submitted') return { status: p.status };
  const notice = `provincial-evaluation#${province}`;
  if (!(await noticeSent(p, notice))) {
    const name = getOrg(province).name;
    await mailDepartment(
      CENTRAL_ORG_CODE,
      'finance',
      provincialSubmittedNotice({ org: name, year, late: Boolean(p.late) }),
    );
    await recordNotice(p, notice, 'provincial-submitted', { actor: SYSTEM, action: 'notice.sent' });
  }
  return { status: 'submitted' };
}

/** `GET /api/cycles/{year}/provincial-evaluations/{org}` — where a province's evaluation stands, and its report. */
export async function viewProvincialEvaluation(principal: Principal, year: number, province: string) {
  authorize(principal, 'reference.read', province);
  const p = await provincialRecord(year, province);
  const items = await provinceItems(year, province);
  return {
    year,
    org: province,
    status: p.status,
    due: p.due,
    late: Boolean(p.late),
    submittedAt: p.submittedAt ?? null,
    report: p.report ?? null,
    items: {
      total: items.length,
      submitted: items.filter((i) => i.status === 'submitted' || i.status === 'reviewed').length,
      reviewed: items.filter((i) => i.status === 'reviewed').length,
      late: items.filter((i) => i.late).length,
    },
  };
}
