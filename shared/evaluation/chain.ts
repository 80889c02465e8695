import { kickoffUnits } from '#shared/cycle/cycles';
import { evaluationTitle } from '#shared/evaluation/notices';
import { evaluationKey } from '#shared/evaluation/store';
import { endOfDayShanghai, nowMs } from '#shared/platform/clock';
import type { Actor } from '#shared/platform/records';
import { getFund } from '#shared/reference/funds';
import { getOrg } from '#shared/reference/orgs';
import type { Department } from '#shared/reference/roles';
import { rulesInForce } from '#shared/rules/rules';

/**
 * What every part of the evaluation chain (第四章) shares: the system actor, deadlines (第十八条), the agency of a
 * fund, the provinces, where documents are kept, and the subject a task about a self-evaluation shows.
 */
export const SYSTEM: Actor = { id: 'system:evaluation' };

export const DAY = 86_400_000;

/** 5月底前 / 7月底前 of the following year, Asia/Shanghai. */
export const selfEvaluationDue = (year: number) => endOfDayShanghai(year + 1, 5, 31).toISOString();

export const provincialDue = (year: number) => endOfDayShanghai(year + 1, 7, 31).toISOString();

/**
 * A province's deadlines for its regions (第二十四条): its issued rules' internal ones where it set them (no later
 * than central's, checked when drafted), else central's — the self-evaluations due at the province, and the
 * province's review of them.
 */
export async function provinceDeadlines(year: number, province: string) {
  const rules = await rulesInForce(year, province);
  return {
    selfEvaluation: rules?.deadlines.selfEvaluation ?? selfEvaluationDue(year),
    provincialReview: rules?.deadlines.provincialReview ?? provincialDue(year),
  };
}

/** Start a machine of the chain unless it runs already (the workflow port's `startOnce`). */
export { startOnce } from '#shared/platform/workflows';

export const agencyOf = (fund: string): Department =>
  getFund(fund).line === 'medsec' ? 'medsec-agency' : 'hrss-agency';

export const evaluationProvinces = () => kickoffUnits();

export type DocumentKind = 'self-evaluation' | 'template' | 'provincial-report' | 'rectification';

/** Where documents of an evaluation are kept: the server fixes the key (a unique part: nothing is overwritten). */
export function documentKey(kind: DocumentKind, year: number, org: string, fund: string, ext: string) {
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
    kind: m[4] as DocumentKind,
  };
}

/** The self-evaluation a task is about, as its email and page show it. */
export function evaluationSubject(kind: string, year: number, org: string, fund: string) {
  return {
    kind,
    record: evaluationKey(year, org, fund),
    year,
    org,
    fund,
    title: evaluationTitle({ org: getOrg(org).name, year, fundName: getFund(fund).name }),
  };
}

/** Whether `userId` holds an open delegation of the item (the item's own record says who, and until when). */
export const delegatedTo = (e: { delegate?: { userId: string; until: string } | null | undefined }, userId: string) =>
  e.delegate?.userId === userId && nowMs() <= Date.parse(e.delegate.until);
