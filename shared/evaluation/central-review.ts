import Decimal from 'decimal.js';
import { z } from 'zod';
import { cycleRecord } from '#shared/cycle/cycles';
import {
  type Assessment,
  assessmentKey,
  assessmentRecord,
  DAY,
  evaluationProvinces,
  type ProvincialEvaluation,
  provinceItems,
  provincialKey,
  provincialRecord,
  type Rectification,
  rectificationKey,
  SYSTEM,
  startOnce,
} from '#shared/evaluation/records';
import { now, nowMs } from '#shared/platform/clock';
import { type Bilingual, conflict, forbidden, notFound, unprocessable } from '#shared/platform/errors';
import { sendMail } from '#shared/platform/mail';
import { createRecord, getRecord, updateRecord, updateWrites } from '#shared/platform/records';
import { indexKeys } from '#shared/platform/table';
import { nextTimer } from '#shared/platform/timers';
import { resumeToken } from '#shared/platform/waits';
import { authorize, type Principal } from '#shared/reference/auth';
import { contactOf, requireContact } from '#shared/reference/directory';
import { CENTRAL_ORG_CODE, getOrg } from '#shared/reference/orgs';
import { text } from '#shared/reference/text';
import { type Decider, openTask } from '#shared/tasks/tasks';

/**
 * 中央审核与考核 (第二十二条, 第二十条): central assesses each province by a configurable scheme and notifies it —
 * praise, or an interview (约谈) and a rectification order with a deadline, tracked to closure with evidence.
 */
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
        ...indexKeys.workItem(year, org, 'assessment', 'ALL'),
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
  const central = requireContact(CENTRAL_ORG_CODE, 'finance');
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
  comment: text({ max: 2000 }).optional(),
});

/** Timeliness, completeness and rectification come from the records; quality is the reviewer's score. */
export async function criteriaOf(year: number, org: string, quality: number) {
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
        ...indexKeys.workItem(year, org, 'rectification', 'ALL'),
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
  const finance = requireContact(org, 'finance');
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

export const decideRectification: Decider = async (action, input, principal) => {
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
  const central = requireContact(CENTRAL_ORG_CODE, 'finance');
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
