import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type Group, mailDepartment } from '#shared/directory/directory';
import { createUploadSlot, type UploadedDocument } from '#shared/documents/documents';
import { correctionTaskMail, correctionTaskTitle, overdueCorrectionNotice } from '#shared/monitoring/notices';
import type { Evidence, FindingRecord } from '#shared/monitoring/records';
import {
  findingDecisionWrites,
  readFinding,
  readFindingAt,
  saveCorrectionEvidence,
  saveEscalation,
} from '#shared/monitoring/store';
import { now, nowMs } from '#shared/platform/clock';
import { type Bilingual, conflict, forbidden, isAppError, notFound, unprocessable } from '#shared/platform/errors';
import type { Key } from '#shared/platform/table';
import { linkExpiresAt, nextTimer } from '#shared/platform/timers';
import { resumeToken } from '#shared/platform/waits';
import { startOnce } from '#shared/platform/workflows';
import { authorize, type Principal } from '#shared/reference/auth';
import { getFund } from '#shared/reference/funds';
import { CENTRAL_ORG_CODE, getOrg, provinceOf } from '#shared/reference/orgs';
import { type ActionRecord, type Decider, openTask } from '#shared/tasks/tasks';

/**
 * 整改 (第十四条, R14.1): a finding above the cycle's threshold becomes a correction item, tracked to closure by the
 * `monitoring-correction` machine (one execution per item). The region's agency responds with evidence (`submit`);
 * the region's finance department closes it or returns it (`close` / `return`). An item still uncorrected at its due
 * date is recorded as overdue and escalated to the province (to central for a province-level unit).
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

const stepOf = (status: string): CorrectionStep | undefined =>
  status === 'correcting' ? 'respond' : status === 'responded' ? 'review' : undefined;

export interface CorrectionRef {
  year: number;
  org: string;
  fund: string;
  asOf: string;
  code: string;
}

/**
 * An item still open after its due date has been escalated once; its region is then reminded monthly, not weekly:
 * the province already knows, and an item left open for the rest of the year would otherwise wake its execution
 * (and mail a fresh link) every week.
 */
const OVERDUE_REMINDERS = { overdueEveryDays: 30 };
const timerOf = (due: string) => nextTimer(due, undefined, OVERDUE_REMINDERS);

/** Execution name: ≤ 80 characters, derived from the finding's key, so a second start starts nothing. */
export function correctionExecutionName(key: Key): string {
  const hash = createHash('sha256').update(`${key.pk}|${key.sk}`).digest('hex').slice(0, 16);
  return `correction-${key.pk.replace(/^MON#/, '').replaceAll('#', '-')}-${hash}`;
}

export async function startCorrection(
  finding: Pick<FindingRecord, 'year' | 'org' | 'fund' | 'asOf' | 'code' | 'pk' | 'sk'>,
) {
  const input: CorrectionRef = {
    year: finding.year,
    org: finding.org,
    fund: finding.fund,
    asOf: finding.asOf,
    code: finding.code,
  };
  await startOnce('monitoring-correction', correctionExecutionName(finding), input);
}

async function findingRecord(ref: CorrectionRef): Promise<FindingRecord> {
  const f = await readFinding(ref);
  if (!f) throw notFound({ zh: '未找到该监控问题', en: 'No such monitoring finding' }, ref);
  return f;
}

/** Machine step: where the item stands, and the timer of the step it waits on. */
export async function readCorrection(ref: CorrectionRef) {
  const f = await findingRecord(ref);
  const step = stepOf(f.status);
  if (!step || !f.correction) return { status: f.status, timer: { seconds: 60 } };
  return { status: f.status, step, timer: { seconds: timerOf(f.correction.due).seconds } };
}

function groupOf(step: CorrectionStep, f: FindingRecord): Group {
  const department =
    step === 'review' ? 'finance' : getFund(f.fund).line === 'medsec' ? 'medsec-agency' : 'hrss-agency';
  return { org: f.org, department, fund: f.fund, function: step === 'review' ? 'reviewer' : 'drafter' };
}

/** Machine step (a `.waitForTaskToken` task): open the human task of the step the item is at. */
export async function openCorrectionTask(token: string, ref: CorrectionRef, step: CorrectionStep) {
  const f = await findingRecord(ref);
  if (stepOf(f.status) !== step || !f.correction) {
    await resumeToken(token, { stale: true });
    return { stale: true };
  }
  const org = getOrg(f.org).name;
  const fund = getFund(f.fund).name;
  const spec = CORRECTION_STEPS[step];
  const due = f.correction.due;
  const about = { org, fund, asOf: f.asOf, message: f.message };
  await openTask({
    token,
    subject: {
      kind: 'correction',
      record: { pk: f.pk, sk: f.sk },
      year: f.year,
      org: f.org,
      fund: f.fund,
      title: correctionTaskTitle(about),
    },
    step,
    stepName: spec.name,
    decisions: [...spec.decisions],
    group: groupOf(step, f),
    due,
    expiresAt: linkExpiresAt(due, undefined, OVERDUE_REMINDERS),
    mail: correctionTaskMail({
      ...about,
      step,
      stepName: spec.name,
      dimension: f.dimension,
      severity: f.severity,
      due,
      overdue: nowMs() > Date.parse(due),
      correction: f.correction,
    }),
  });
  return { stale: false };
}

/** Machine step after a timer fired: an item the region has not corrected by its due date is escalated once. */
export async function correctionTimerFired(ref: CorrectionRef) {
  const f = await findingRecord(ref);
  if (
    f.status !== 'correcting' ||
    !f.correction ||
    nowMs() <= Date.parse(f.correction.due) ||
    f.correction.escalatedAt
  ) {
    return { escalated: false };
  }
  await saveEscalation(f, { ...f.correction, escalatedAt: now().toISOString() });
  const province = provinceOf(f.org);
  const to = province && province.code !== f.org ? province.code : CENTRAL_ORG_CODE;
  const org = getOrg(f.org).name;
  await mailDepartment(
    to,
    'finance',
    overdueCorrectionNotice({
      org,
      fundName: getFund(f.fund).name,
      fund: f.fund,
      asOf: f.asOf,
      message: f.message,
      due: f.correction.due,
    }),
  );
  return { escalated: true };
}

/** The correction-task decider: the region responds with evidence; finance closes (销号) or returns it. */
export const decideCorrection: Decider = async (action: ActionRecord, input, principal) => {
  const record = action.subject.record;
  const f = await readFindingAt(record);
  if (!f?.correction) throw notFound({ zh: '未找到该整改事项', en: 'No such correction item' });
  const step = action.step as CorrectionStep;
  if (stepOf(f.status) !== step) {
    throw conflict('TASK_USED', {
      zh: '该整改事项已进入其他环节',
      en: 'The correction item has moved to another step',
    });
  }
  authorize(principal, step === 'respond' ? 'findings.close' : 'findings.raise', f.org, f.fund);
  const text = input.comment?.trim();
  if (!text && (input.decision === 'submit' || input.decision === 'return')) {
    throw unprocessable(
      'COMMENT_REQUIRED',
      input.decision === 'submit'
        ? { zh: '请填写整改情况及佐证材料说明', en: 'Describe the correction and its evidence' }
        : { zh: '退回须填写意见', en: 'A return needs a comment' },
    );
  }
  const at = now().toISOString();
  const by = principal.userId;
  const changes: Pick<FindingRecord, 'status' | 'correction'> =
    input.decision === 'submit'
      ? { status: 'responded', correction: { ...f.correction, response: { text: text as string, by, at } } }
      : input.decision === 'close'
        ? { status: 'closed', correction: { ...f.correction, closedAt: at, closedBy: by } }
        : { status: 'correcting', correction: { ...f.correction, lastComment: { by, at, text: text as string } } };
  return {
    writes: findingDecisionWrites(f, changes, {
      actor: { id: by, orgCode: principal.orgCode },
      action: `finding.${step}.${input.decision}`,
      ...(text ? { comment: text } : {}),
    }),
    output: { decision: input.decision, status: changes.status },
  };
};

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
  ref: CorrectionRef,
  body: z.infer<typeof EvidenceRequest>,
) {
  // authorised before the finding is read: a refused caller learns nothing of which findings exist
  authorize(principal, 'findings.close', ref.org, ref.fund);
  if (principal.orgCode !== ref.org)
    throw forbidden({
      zh: '只能为本地区的整改事项上传佐证材料',
      en: 'You may add evidence only to your own region’s items',
    });
  const f = await findingRecord(ref);
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
