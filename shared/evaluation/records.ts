import { z } from 'zod';
import { kickoffUnits } from '#shared/cycle/cycles';
import { endOfDayShanghai } from '#shared/platform/clock';
import { type Bilingual, notFound } from '#shared/platform/errors';
import { type Actor, getRecord, queryAll } from '#shared/platform/records';
import { type Key, keys, patterns } from '#shared/platform/table';
import { getFund } from '#shared/reference/funds';
import { getOrg } from '#shared/reference/orgs';
import type { Department } from '#shared/reference/roles';
import { Grade, type scoreCardToJson } from '#shared/reference/scoring';
import { text } from '#shared/reference/text';

/**
 * The records of the evaluation chain (第四章) and what every part of it reads: keys, deadlines (第十八条), the
 * self-evaluations of a province, and the subject a task about a self-evaluation shows.
 */
export const SYSTEM: Actor = { id: 'system:evaluation' };

export const DAY = 86_400_000;

export const SelfEvaluationStatus = z.enum(['awaiting-report', 'scoring', 'sign-off', 'submitted', 'reviewed']);

export type SelfEvaluationStatus = z.infer<typeof SelfEvaluationStatus>;

export const Actual = z.strictObject({
  id: z.string().min(1).max(64),
  actual: z.union([
    z.string().regex(/^-?\d{1,15}(\.\d{1,6})?$/, { error: '实际值须为数字 / actual must be a number' }),
    Grade,
  ]),
  cause: text({ max: 2000 }).optional(),
  measure: text({ max: 2000 }).optional(),
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

export const evaluationKey = (year: number, org: string, fund: string) =>
  keys.workItem(year, org, 'self-evaluation', fund);

export const provincialKey = (year: number, province: string) =>
  keys.workItem(year, province, 'provincial-evaluation', 'ALL');

export const assessmentKey = (year: number, province: string) => keys.workItem(year, province, 'assessment', 'ALL');

export async function evaluationRecord(year: number, org: string, fund: string): Promise<SelfEvaluation> {
  const r = await getRecord<SelfEvaluation>(evaluationKey(year, org, fund));
  if (!r) throw notFound({ zh: '未找到该绩效自评', en: 'No such self-evaluation' }, { year, org, fund });
  return r;
}

/** 5月底前 / 7月底前 of the following year, Asia/Shanghai. */
export const selfEvaluationDue = (year: number) => endOfDayShanghai(year + 1, 5, 31).toISOString();

export const provincialDue = (year: number) => endOfDayShanghai(year + 1, 7, 31).toISOString();

/** Start a machine of the chain unless it runs already (the workflow port's `startOnce`). */
export { startOnce } from '#shared/platform/workflows';

export const agencyOf = (fund: string): Department =>
  getFund(fund).line === 'medsec' ? 'medsec-agency' : 'hrss-agency';

export const evaluationProvinces = () => kickoffUnits();

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

/** The self-evaluation a task is about, as its email and page show it. */
export function evaluationSubject(kind: string, year: number, org: string, fund: string) {
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

export async function provincialRecord(year: number, province: string) {
  const r = await getRecord<ProvincialEvaluation>(provincialKey(year, province));
  if (!r) throw notFound({ zh: '未找到省级绩效评价', en: 'No provincial evaluation' }, { year, province });
  return r;
}

/** A province's self-evaluations, its regions' and its own: one Query, however many regions it has. */
export async function provinceItems(year: number, province: string): Promise<SelfEvaluation[]> {
  return (await queryAll(patterns.provinceItems(year, province, 'self-evaluation'))) as SelfEvaluation[];
}

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

export const rectificationKey = (year: number, org: string) => keys.workItem(year, org, 'rectification', 'ALL');

export async function assessmentRecord(year: number, org: string) {
  const a = await getRecord<Assessment>(assessmentKey(year, org));
  if (!a) throw notFound({ zh: '未找到考核记录', en: 'No assessment' }, { year, org });
  return a;
}
