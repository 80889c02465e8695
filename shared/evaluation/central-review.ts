import Decimal from 'decimal.js';
import { z } from 'zod';
import { cycleRecord } from '#shared/cycle/cycles';
import { mailDepartment } from '#shared/directory/directory';
import { DAY, evaluationProvinces, SYSTEM, startOnce } from '#shared/evaluation/chain';
import {
  assessmentNotice,
  assessmentTaskMail,
  assessmentTitle,
  rectificationTaskMail,
  rectificationTitle,
  verificationTaskMail,
} from '#shared/evaluation/notices';
import { AssessmentScheme } from '#shared/evaluation/records';
import {
  assessmentKey,
  assessmentRecord,
  createAssessment,
  createRectification,
  findAssessment,
  findProvincial,
  findRectification,
  itemWrites,
  provinceItems,
  provincialRecord,
  rectificationKey,
  setCyclePhase,
  updateItem,
} from '#shared/evaluation/store';
import { now, nowMs } from '#shared/platform/clock';
import { conflict, forbidden, notFound, unprocessable } from '#shared/platform/errors';
import { nextTimer } from '#shared/platform/timers';
import { resumeToken } from '#shared/platform/waits';
import { authorize, type Principal } from '#shared/reference/auth';
import { CENTRAL_ORG_CODE, getOrg } from '#shared/reference/orgs';
import { text } from '#shared/reference/text';
import { type Decider, openTask } from '#shared/tasks/tasks';

/**
 * 中央审核与考核 (第二十二条, 第二十条): central assesses each province by a configurable scheme and notifies it —
 * praise, or an interview (约谈) and a rectification order with a deadline, tracked to closure with evidence.
 */
/** The assessment scheme (configurable per cycle): weights of the criteria and the thresholds of the outcome. */
export { AssessmentScheme };

export const DEFAULT_SCHEME: AssessmentScheme = {
  weights: { timeliness: 25, completeness: 25, quality: 40, rectification: 10 },
  praiseAtLeast: 90,
  interviewBelow: 60,
  rectificationDays: 60,
};

export async function startCentralReview(principal: Principal, year: number, scheme?: AssessmentScheme) {
  authorize(principal, 'central-review.assess');
  if (principal.tier !== 'central' || principal.department !== 'finance')
    throw forbidden({ zh: '由中央财政部门组织', en: 'Central finance organises the review' });
  const cycle = await cycleRecord(year);
  const provinces = [];
  for (const org of evaluationProvinces()) {
    const p = await findProvincial(year, org);
    if (p?.status === 'submitted') provinces.push(org);
  }
  if (provinces.length === 0)
    throw conflict('NOTHING_TO_REVIEW', { zh: '尚无省级报告报送', en: 'No provincial report has been submitted yet' });
  for (const org of provinces) {
    await createAssessment(
      { year, org, status: 'pending', scheme: scheme ?? DEFAULT_SCHEME },
      { actor: { id: principal.userId, orgCode: principal.orgCode }, action: 'assessment.open' },
    );
  }
  if (cycle.phase !== 'central-review')
    await setCyclePhase(cycle, 'central-review', { actor: { id: principal.userId }, action: 'cycle.phase' });
  const name = await startOnce(
    'central-review',
    `central-review-${year}-${provinces.length}-${provinces.join('').slice(-12)}`,
    { year, provinces },
  );
  return { year, provinces, execution: name };
}

export async function readAssessmentStep(year: number, org: string) {
  const a = await assessmentRecord(year, org);
  const r = await findRectification(year, org);
  return {
    status: a.status,
    rectification: r?.status ?? 'none',
    timer: nextTimer(r?.deadline ?? new Date(nowMs() + 30 * DAY).toISOString()),
  };
}

export async function openAssessment(token: string, year: number, org: string) {
  const a = await assessmentRecord(year, org);
  if (a.status !== 'pending') return resumeToken(token, { stale: true });
  const name = getOrg(org).name;
  await openTask({
    token,
    subject: {
      kind: 'assessment',
      record: assessmentKey(year, org),
      year,
      org,
      title: assessmentTitle({ org: name, year }),
    },
    step: 'assess',
    stepName: { zh: '中央考核', en: 'Central assessment' },
    decisions: ['confirm'],
    group: { org: CENTRAL_ORG_CODE, department: 'finance', function: 'reviewer' },
    expiresAt: new Date(nowMs() + 30 * DAY).toISOString(),
    mail: assessmentTaskMail({ org: name, year }),
  });
  return { waiting: true };
}

export const AssessmentData = z.strictObject({
  quality: z.number().min(0).max(100),
  comment: text({ max: 2000 }).optional(),
});

/** Timeliness, completeness and rectification come from the records; quality is the reviewer's score. */
export async function criteriaOf(year: number, org: string, quality: number) {
  const items = await provinceItems(year, org);
  const p = await provincialRecord(year, org);
  const share = (n: number, d: number) => (d === 0 ? 100 : (100 * n) / d);
  const onTime = items.filter((i) => !i.late).length;
  const done = items.filter((i) => i.status === 'submitted' || i.status === 'reviewed').length;
  const previous = await findRectification(year - 1, org);
  return {
    timeliness: share(onTime, items.length) * (p.late ? 0.5 : 1),
    completeness: share(done, items.length),
    quality,
    rectification: previous && previous.status !== 'closed' ? 0 : 100,
  };
}

export const decideAssessment: Decider = async (action, input, principal) => {
  const a = await assessmentRecord(action.subject.year, action.subject.org);
  if (a.status !== 'pending') throw conflict('TASK_USED', { zh: '已考核', en: 'Already assessed' });
  const data = AssessmentData.safeParse(input.data ?? {});
  if (!data.success)
    throw unprocessable(
      'ASSESSMENT_INVALID',
      { zh: '须给出 0–100 的质量得分', en: 'A quality score from 0 to 100 is required' },
      { issues: data.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    );
  const scheme = a.scheme ?? DEFAULT_SCHEME;
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
    writes: itemWrites(
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
  const scheme = a.scheme ?? DEFAULT_SCHEME;
  const name = getOrg(org).name;
  let deadline: string | undefined;
  if (a.outcome === 'interview') {
    deadline = new Date(nowMs() + scheme.rectificationDays * DAY).toISOString();
    await createRectification(
      { year, org, status: 'ordered', deadline },
      { actor: SYSTEM, action: 'rectification.order' },
    );
  }
  await mailDepartment(
    org,
    'finance',
    assessmentNotice({ org: name, year, total: a.total, outcome: a.outcome ?? 'satisfactory', deadline }),
  );
  await updateItem(
    a,
    { status: 'notified', notifiedAt: now().toISOString(), ...(deadline ? { rectificationDeadline: deadline } : {}) },
    { actor: SYSTEM, action: 'assessment.notify' },
  );
  return { status: 'notified', outcome: a.outcome };
}

/** Machine step (callback): the province submits its rectification with evidence (task by email). */
export async function openRectification(token: string, year: number, org: string) {
  const r = await findRectification(year, org);
  if (r?.status !== 'ordered') return resumeToken(token, { stale: true });
  const name = getOrg(org).name;
  await openTask({
    token,
    subject: {
      kind: 'rectification',
      record: rectificationKey(year, org),
      year,
      org,
      title: rectificationTitle({ org: name, year }),
    },
    step: 'rectify',
    stepName: { zh: '整改报送', en: 'Rectification' },
    decisions: ['submit'],
    group: { org, department: 'finance', function: 'drafter' },
    due: r.deadline,
    expiresAt: new Date(Date.parse(r.deadline) + 30 * DAY).toISOString(),
    mail: rectificationTaskMail({ org: name, deadline: r.deadline }),
  });
  return { waiting: true };
}

export const decideRectification: Decider = async (action, input, principal) => {
  const r = await findRectification(action.subject.year, action.subject.org);
  if (!r) throw notFound({ zh: '无整改事项', en: 'No rectification' });
  if (action.step === 'rectify') {
    if (r.status !== 'ordered') throw conflict('TASK_USED', { zh: '已报送', en: 'Already submitted' });
    if (!r.evidence?.length)
      throw unprocessable('EVIDENCE_REQUIRED', { zh: '请先上传整改材料', en: 'Upload the evidence first' });
    return {
      writes: itemWrites(
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
    writes: itemWrites(r, changes, {
      actor: { id: principal.userId, orgCode: principal.orgCode },
      action: `rectification.${input.decision}`,
      ...(input.comment ? { comment: input.comment } : {}),
    }),
    output: { decision: input.decision },
  };
};

/** Machine step (callback): central verifies the rectification and closes it, or returns it. */
export async function openVerification(token: string, year: number, org: string) {
  const r = await findRectification(year, org);
  if (r?.status !== 'submitted') return resumeToken(token, { stale: true });
  const name = getOrg(org).name;
  await openTask({
    token,
    subject: {
      kind: 'rectification',
      record: rectificationKey(year, org),
      year,
      org,
      title: rectificationTitle({ org: name, year }),
    },
    step: 'verify',
    stepName: { zh: '整改验收', en: 'Verification' },
    decisions: ['close', 'return'],
    group: { org: CENTRAL_ORG_CODE, department: 'finance', function: 'reviewer' },
    expiresAt: new Date(nowMs() + 30 * DAY).toISOString(),
    mail: verificationTaskMail({ org: name, evidence: r.evidence?.length ?? 0 }),
  });
  return { waiting: true };
}

export async function listAssessments(principal: Principal, year: number) {
  // scoped by the caller's own organisation: central staff see every province, a third party none (even central's)
  authorize(principal, 'reference.read', principal.orgCode);
  const orgs = principal.tier === 'central' ? evaluationProvinces() : [principal.orgCode];
  const out = [];
  for (const org of orgs) {
    const a = await findAssessment(year, org);
    if (!a) continue;
    const r = await findRectification(year, org);
    out.push({
      org,
      status: a.status,
      total: a.total ?? null,
      outcome: a.outcome ?? null,
      criteria: a.criteria ?? null,
      rectification: r
        ? {
            status: r.status,
            deadline: r.deadline,
            evidence: r.evidence?.length ?? 0,
            // the evidence itself, to open from the rectification's task pages (GET /api/documents authorises each)
            documents: (r.evidence ?? []).map(({ key, type, size, at }) => ({ key, type, size, at })),
          }
        : null,
    });
  }
  return out;
}
