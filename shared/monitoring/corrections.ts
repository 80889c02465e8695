import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type Group, mailDepartment } from '#shared/directory/directory';
import { createUploadSlot, type UploadedDocument } from '#shared/documents/documents';
import { correctionTaskMail, correctionTaskTitle, overdueCorrectionNotice } from '#shared/monitoring/notices';
import {
  type Correction,
  type CorrectionNotice,
  type Evidence,
  type FindingRecord,
  NOTICE_REMINDERS,
  noticeWake,
} from '#shared/monitoring/records';
import {
  closeNotice,
  dueNotices,
  findingDecisionWrites,
  periodFindings,
  readFinding,
  readNotice,
  readNoticeAt,
  saveCorrectionEvidence,
  saveNoticeWake,
} from '#shared/monitoring/store';
import { now, nowMs } from '#shared/platform/clock';
import { type Bilingual, conflict, forbidden, isAppError, notFound, unprocessable } from '#shared/platform/errors';
import { linkExpiresAt } from '#shared/platform/timers';
import { resumeToken } from '#shared/platform/waits';
import { startOnce } from '#shared/platform/workflows';
import { authorize, type Principal } from '#shared/reference/auth';
import { getFund } from '#shared/reference/funds';
import { CENTRAL_ORG_CODE, getOrg, provinceOf } from '#shared/reference/orgs';
import { text } from '#shared/reference/text';
import { type ActionRecord, type Decider, openTask, remindTask } from '#shared/tasks/tasks';

/**
 * 整改 (第十四条, R14.1): a finding above the cycle's threshold goes to correction, and the findings of one region ×
 * fund × period that do are listed in one correction notice (整改通知), as notices are issued. Inside the notice the
 * region's agency answers each finding with evidence (`submit`); the region's finance department closes each or
 * returns some (`close` / `return`); the notice is closed when all of its findings are. One `monitoring-correction`
 * execution per round of a notice, with no timers: it runs only when someone acts. Reminders, and the escalation to
 * the province (to central for a province-level unit) of a notice still uncorrected at its deadline, come from the
 * daily monitoring tick (`remindNotices`), which wakes the open notices from a sparse index.
 */
export const CORRECTION_STEPS = {
  respond: {
    status: 'correcting',
    name: { zh: '整改反馈', en: 'Correction response' },
    decisions: ['submit'],
    state: 'Respond',
  },
  review: {
    status: 'responded',
    name: { zh: '整改审核', en: 'Correction review' },
    decisions: ['close', 'return'],
    state: 'Review',
  },
} as const satisfies Record<string, { status: string; name: Bilingual; decisions: string[]; state: string }>;
export type CorrectionStep = keyof typeof CORRECTION_STEPS;

/** A notice of one region × fund × period, and the round of it an execution tracks. */
export interface NoticeRef {
  year: number;
  org: string;
  fund: string;
  asOf: string;
  round: number;
}

/** Execution name: ≤ 80 characters, from the notice's key and round, so a second start starts nothing. */
export function correctionExecutionName(notice: Pick<CorrectionNotice, 'pk' | 'sk' | 'asOf'>, round: number): string {
  const hash = createHash('sha256').update(`${notice.pk}|${notice.sk}`).digest('hex').slice(0, 12);
  return `notice-${notice.pk.replace(/^MON#/, '').replaceAll('#', '-')}-${notice.asOf}-r${round}-${hash}`;
}

const roundOf = (n: CorrectionNotice) => (n.closes ?? 0) + 1;

async function startNotice(n: CorrectionNotice) {
  const input: NoticeRef = { year: n.year, org: n.org, fund: n.fund, asOf: n.asOf, round: roundOf(n) };
  await startOnce('monitoring-correction', correctionExecutionName(n, input.round), input);
}

/**
 * After findings were raised (their notices written in the same transaction): the execution of each open notice
 * among them, started once. A start lost to a crash is made by the tick when it next wakes the notice.
 */
export async function startCorrections(
  findings: Pick<FindingRecord, 'year' | 'org' | 'fund' | 'asOf' | 'correction'>[],
) {
  const periods = new Map<string, (typeof findings)[number]>();
  for (const f of findings) if (f.correction) periods.set(`${f.org}|${f.fund}|${f.asOf}`, f);
  for (const f of periods.values()) {
    const n = await readNotice(f.year, f.org, f.fund, f.asOf);
    if (n?.status === 'open') await startNotice(n);
  }
}

/** A notice's findings that go to correction, by where they stand. */
async function noticeFindings(n: Pick<CorrectionNotice, 'year' | 'org' | 'fund' | 'asOf'>) {
  const all = (await periodFindings(n.year, n.org, n.fund, n.asOf)).filter((f) => f.correction);
  return {
    all,
    correcting: all.filter((f) => f.status === 'correcting'),
    responded: all.filter((f) => f.status === 'responded'),
  };
}

/** Where an open round stands: its agency still to answer a finding, or its finance still to review one. */
const stepOf = (f: { correcting: unknown[]; responded: unknown[] }): CorrectionStep | undefined =>
  f.correcting.length ? 'respond' : f.responded.length ? 'review' : undefined;

async function noticeOf(ref: Pick<NoticeRef, 'year' | 'org' | 'fund' | 'asOf'>): Promise<CorrectionNotice> {
  const n = await readNotice(ref.year, ref.org, ref.fund, ref.asOf);
  if (!n) throw notFound({ zh: '未找到该整改通知', en: 'No such correction notice' }, ref);
  return n;
}

/**
 * Machine step: where the round stands (`correcting` → 整改反馈, `responded` → 整改审核). A round whose findings are
 * all closed is closed here; a finding joining meanwhile makes the close fail, and the step reads again.
 */
export async function readCorrection(ref: NoticeRef): Promise<{ status: 'correcting' | 'responded' | 'closed' }> {
  for (let attempt = 0; ; attempt++) {
    const n = await noticeOf(ref);
    if (n.status !== 'open' || roundOf(n) !== ref.round) return { status: 'closed' };
    const step = stepOf(await noticeFindings(n));
    if (step) return { status: CORRECTION_STEPS[step].status };
    if (await closeNotice(n)) return { status: 'closed' };
    if (attempt >= 4) throw conflict('VERSION_CONFLICT', { zh: '整改通知正在变更', en: 'The notice is changing' });
  }
}

function groupOf(step: CorrectionStep, n: Pick<CorrectionNotice, 'org' | 'fund'>): Group {
  const department =
    step === 'review' ? 'finance' : getFund(n.fund).line === 'medsec' ? 'medsec-agency' : 'hrss-agency';
  return { org: n.org, department, fund: n.fund, function: step === 'review' ? 'reviewer' : 'drafter' };
}

/** The mail of a notice's task at a step, listing that step's findings. */
function taskMail(n: CorrectionNotice, step: CorrectionStep, findings: FindingRecord[]) {
  const due = n.due ?? (findings[0]?.correction?.due as string);
  return correctionTaskMail({
    org: getOrg(n.org).name,
    fund: getFund(n.fund).name,
    asOf: n.asOf,
    step,
    stepName: CORRECTION_STEPS[step].name,
    due,
    overdue: nowMs() > Date.parse(due),
    findings: findings.map((f) => ({
      message: f.message,
      dimension: f.dimension,
      severity: f.severity,
      correction: f.correction ?? {},
    })),
  });
}

/** A link sent now for a notice due at `due` stays valid until a day after the tick next wakes it (and sends anew). */
const expiresAtOf = (due: string) => linkExpiresAt(due, undefined, NOTICE_REMINDERS);

/** Machine step (a `.waitForTaskToken` task, no timer): open the human task of the step the round is at. */
export async function openCorrectionTask(token: string, ref: NoticeRef, step: CorrectionStep) {
  const n = await noticeOf(ref);
  const f = await noticeFindings(n);
  if (n.status !== 'open' || roundOf(n) !== ref.round || stepOf(f) !== step || !n.due) {
    await resumeToken(token, { stale: true });
    return { stale: true };
  }
  await openTask({
    token,
    subject: {
      kind: 'correction',
      record: { pk: n.pk, sk: n.sk },
      year: n.year,
      org: n.org,
      fund: n.fund,
      title: correctionTaskTitle({ org: getOrg(n.org).name, fund: getFund(n.fund).name, asOf: n.asOf }),
    },
    step,
    stepName: CORRECTION_STEPS[step].name,
    decisions: [...CORRECTION_STEPS[step].decisions],
    group: groupOf(step, n),
    due: n.due,
    expiresAt: expiresAtOf(n.due),
    mail: taskMail(n, step, step === 'respond' ? f.correcting : f.responded),
  });
  return { stale: false };
}

/**
 * Step of the daily tick, per provincial unit: each open notice whose wake has come is reminded — a fresh link to
 * the people of its open task, without waking its execution — and, past its deadline with findings still
 * uncorrected, escalated once to the province's finance (central's for a province-level unit). A notice without an
 * open task (its execution's start lost to a crash) has its execution started. Re-running it changes nothing.
 * Once `timeLeft()` says no it stops after the notice in hand and answers `more: true` (the tick invokes it again).
 */
export async function remindNotices(year: number, unit: string, timeLeft: () => boolean = () => true) {
  let reminded = 0;
  let escalated = 0;
  let done = 0;
  const at = nowMs();
  for (const n of await dueNotices(year, unit, new Date(at).toISOString())) {
    if (!n.due || !n.wake || Date.parse(n.wake) > at) continue;
    if (done > 0 && !timeLeft()) return { reminded, escalated, more: true };
    done++;
    const f = await noticeFindings(n);
    const step = stepOf(f);
    const overdue = at > Date.parse(n.due);
    const escalate = overdue && step === 'respond' && !n.escalatedAt;
    const stamp = new Date(at).toISOString();
    const ok = await saveNoticeWake(
      n,
      noticeWake(n.due, at),
      escalate ? { at: stamp, findings: f.correcting } : undefined,
    );
    if (!ok) continue; // another tick got there first
    if (escalate) {
      escalated++;
      const province = provinceOf(n.org);
      const to = province && province.code !== n.org ? province.code : CENTRAL_ORG_CODE;
      await mailDepartment(
        to,
        'finance',
        overdueCorrectionNotice({
          org: getOrg(n.org).name,
          fundName: getFund(n.fund).name,
          fund: n.fund,
          asOf: n.asOf,
          messages: f.correcting.map((x) => x.message),
          due: n.due,
        }),
      );
    }
    if (!step) continue; // all closed: its execution closes the round
    const findings = step === 'respond' ? f.correcting : f.responded;
    if (await remindTask({ pk: n.pk, sk: n.sk }, taskMail(n, step, findings), expiresAtOf(n.due))) reminded++;
    else await startNotice(n);
  }
  return { reminded, escalated, more: false };
}

/** What a decision on a notice may carry: a response per finding (else the comment), the findings returned. */
const NoticeDecisionData = z.strictObject({
  responses: z.record(z.string().regex(/^[a-z0-9-]{1,80}$/), text({ min: 1, max: 2000 })).optional(),
  returned: z
    .array(z.string().regex(/^[a-z0-9-]{1,80}$/))
    .max(100)
    .optional(),
});

/**
 * The correction-notice decider. 整改反馈: `submit` answers each finding still to correct (its own text from
 * `data.responses`, else the comment). 整改审核: `close` closes every answered finding; `return` sends back those in
 * `data.returned` (all answered ones when absent) with the comment, and closes the others. One transaction.
 */
export const decideCorrection: Decider = async (action: ActionRecord, input, principal) => {
  const n = await readNoticeAt(action.subject.record);
  if (!n) throw notFound({ zh: '未找到该整改通知', en: 'No such correction notice' });
  const step = action.step as CorrectionStep;
  const f = await noticeFindings(n);
  if (stepOf(f) !== step) {
    throw conflict('TASK_USED', {
      zh: '该整改通知已进入其他环节',
      en: 'The correction notice has moved to another step',
    });
  }
  authorize(principal, step === 'respond' ? 'findings.close' : 'findings.raise', n.org, n.fund);
  const parsed = NoticeDecisionData.safeParse(input.data ?? {});
  if (!parsed.success) {
    throw unprocessable('DECISION_DATA_INVALID', {
      zh: '整改意见格式有误：每项问题的反馈须为文字，退回的问题须为本通知所列问题',
      en: 'Invalid decision data: a response per finding is text; returned findings are findings of this notice',
    });
  }
  const data = parsed.data;
  const mine = new Set((step === 'respond' ? f.correcting : f.responded).map((x) => x.code));
  const foreign = [...Object.keys(data.responses ?? {}), ...(data.returned ?? [])].filter((c) => !mine.has(c));
  if (foreign.length) {
    throw unprocessable(
      'NOT_IN_NOTICE',
      {
        zh: `以下问题不在本环节待办中：${foreign.join('、')}`,
        en: `Not among this step's findings: ${foreign.join(', ')}`,
      },
      { field: 'data', codes: foreign },
    );
  }
  const text = input.comment?.trim();
  const at = now().toISOString();
  const by = principal.userId;
  const actor = { id: by, orgCode: principal.orgCode };
  let changes: { f: FindingRecord; to: Pick<FindingRecord, 'status' | 'correction'>; comment?: string }[];
  if (step === 'respond') {
    const missing = f.correcting.filter((x) => !(data.responses?.[x.code] ?? text));
    if (missing.length) {
      throw unprocessable('COMMENT_REQUIRED', {
        zh: '请填写整改情况及佐证材料说明',
        en: 'Describe the correction and its evidence',
      });
    }
    changes = f.correcting.map((x) => {
      const said = (data.responses?.[x.code] ?? text) as string;
      return {
        f: x,
        to: { status: 'responded', correction: { ...(x.correction as Correction), response: { text: said, by, at } } },
        comment: said,
      };
    });
  } else {
    const back = new Set(input.decision === 'return' ? (data.returned ?? [...mine]) : []);
    if (back.size && !text) {
      throw unprocessable('COMMENT_REQUIRED', { zh: '退回须填写意见', en: 'A return needs a comment' });
    }
    changes = f.responded.map((x) =>
      back.has(x.code)
        ? {
            f: x,
            to: {
              status: 'correcting',
              correction: { ...(x.correction as Correction), lastComment: { by, at, text: text as string } },
            },
            comment: text,
          }
        : {
            f: x,
            to: { status: 'closed', correction: { ...(x.correction as Correction), closedAt: at, closedBy: by } },
          },
    );
  }
  return {
    writes: findingDecisionWrites(
      changes.map((c) => ({
        finding: c.f,
        to: c.to,
        audit: {
          actor,
          action: `finding.${step}.${c.to.status === 'closed' ? 'close' : step === 'respond' ? 'submit' : 'return'}`,
          ...(c.comment ? { comment: c.comment } : {}),
        },
      })),
    ),
    output: { decision: input.decision, findings: changes.length },
  };
};

/** One finding of a notice (evidence is kept on the finding it supports). */
export interface FindingRef {
  year: number;
  org: string;
  fund: string;
  asOf: string;
  code: string;
}

// --- evidence files (佐证材料) of a correction response ------------------------------------------------------------

/** `POST …/findings/{asOf}/{code}/evidence`: the file type of one evidence file. */
export const EvidenceRequest = z.strictObject({
  type: z.enum(['pdf', 'docx', 'xlsx'], {
    error: '佐证材料须为 PDF、Word 或 Excel 文件 / evidence must be PDF, Word or Excel',
  }),
});

/** Evidence files a correction may carry, and the size of each. */
const MAX_EVIDENCE = 20;
const EVIDENCE_BYTES = 20 * 1024 * 1024;
const EVIDENCE_KEY =
  /^uploads\/corrections\/(\d{4})\/(\d{6})\/([A-Z0-9]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9-]+)\/([A-Za-z0-9._-]+)\/[0-9a-f-]{36}\.(pdf|docx|xlsx)$/;

/**
 * A presigned POST for one evidence file of a correction the region is answering (status 整改中). Only the region's
 * own responder (the fund's agency or the tax department, the `respond` step's people) gets one; the key, fixed
 * here, names the finding and the uploader, so the upload event knows whose act it records.
 */
export async function correctionEvidenceSlot(
  principal: Principal,
  ref: FindingRef,
  body: z.infer<typeof EvidenceRequest>,
) {
  // authorised before the finding is read: a refused caller learns nothing of which findings exist
  authorize(principal, 'findings.close', ref.org, ref.fund);
  if (principal.orgCode !== ref.org)
    throw forbidden({
      zh: '只能为本地区的整改事项上传佐证材料',
      en: 'You may add evidence only to your own region’s items',
    });
  const f = await readFinding(ref);
  if (!f) throw notFound({ zh: '未找到该监控问题', en: 'No such monitoring finding' }, ref);
  if (f.status !== 'correcting' || !f.correction)
    throw conflict('NOT_CORRECTING', {
      zh: '该事项当前不在整改反馈环节，不能上传佐证材料',
      en: 'The item is not awaiting a correction response',
    });
  if ((f.correction.evidence ?? []).length >= MAX_EVIDENCE)
    throw unprocessable('TOO_MANY_EVIDENCE', {
      zh: `每个整改事项最多上传 ${MAX_EVIDENCE} 份佐证材料`,
      en: `At most ${MAX_EVIDENCE} evidence files per item`,
    });
  const key = `uploads/corrections/${f.year}/${f.org}/${f.fund}/${f.asOf}/${f.code}/${principal.userId}/${crypto.randomUUID()}.${body.type}`;
  return createUploadSlot({ key, types: [body.type], maxBytes: EVIDENCE_BYTES });
}

/** The upload event of an evidence file: kept on its correction with what the inspection found (refused ones too). */
export async function onCorrectionEvidence(doc: UploadedDocument) {
  const m = EVIDENCE_KEY.exec(doc.key);
  if (!m) return { ignored: true };
  const ref = {
    year: Number(m[1]),
    org: m[2] as string,
    fund: m[3] as string,
    asOf: m[4] as string,
    code: m[5] as string,
  };
  const by = m[6] as string;
  const i = doc.inspection;
  const evidence: Evidence = {
    key: doc.key,
    by,
    at: now().toISOString(),
    ok: i.ok,
    ...(i.ok ? { type: i.type, size: i.size, sha256: i.sha256 } : { errors: i.errors }),
  };
  // two files arriving at once: the second write finds the first's version and reads again
  for (let attempt = 0; ; attempt++) {
    const f = await readFinding(ref);
    if (!f?.correction || f.status !== 'correcting') return { ignored: true };
    const have = f.correction.evidence ?? [];
    if (have.some((e) => e.key === doc.key)) return { ok: i.ok }; // a redelivered event
    try {
      await saveCorrectionEvidence(f, { ...f.correction, evidence: [...have, evidence] }, { id: by, orgCode: f.org });
      return { ok: i.ok };
    } catch (e) {
      if (!(isAppError(e) && e.code === 'VERSION_CONFLICT') || attempt >= 4) throw e;
    }
  }
}
