import type { z } from 'zod';
import type { Cycle } from '#shared/cycle/cycles';
import {
  Assessment,
  type AssessmentScheme,
  BudgetOutcome,
  CycleSettings,
  DelegationGrant,
  NoticeSent,
  ProvincialEvaluation,
  Rectification,
  SelfEvaluation,
  TargetItemRef,
  TargetOfUnit,
  YearEndSubmission,
} from '#shared/evaluation/records';
import { now } from '#shared/platform/clock';
import { notFound } from '#shared/platform/errors';
import { type Actor, createRecord, getRecord, queryAll, updateRecord, updateWrites } from '#shared/platform/records';
import { indexKeys, type Key, keys, patterns } from '#shared/platform/table';

/**
 * The evaluation wing's store: every read and write of its items — self-evaluations, provincial evaluations,
 * assessments, rectifications, third parties' delegations, the notices already sent beside them — and the cycle's
 * phase as the chain moves it on. Every read is parsed by its schema in `records.ts`; every change after creation is
 * a versioned Update of the changed fields with its audit entry.
 */
type Audit = { actor: Actor; action: string; comment?: string };

/** A consistent read, parsed by the item's schema. */
async function read<S extends z.ZodType>(schema: S, key: Key): Promise<z.infer<S> | undefined> {
  const item = await getRecord(key);
  return item === undefined ? undefined : schema.parse(item);
}

async function readAll<S extends z.ZodType>(schema: S, query: Parameters<typeof queryAll>[0]): Promise<z.infer<S>[]> {
  return (await queryAll(query)).map((item) => schema.parse(item));
}

// --- keys ---------------------------------------------------------------------------------------------------------

export const evaluationKey = (year: number, org: string, fund: string) =>
  keys.workItem(year, org, 'self-evaluation', fund);

export const provincialKey = (year: number, province: string) =>
  keys.workItem(year, province, 'provincial-evaluation', 'ALL');

export const assessmentKey = (year: number, province: string) => keys.workItem(year, province, 'assessment', 'ALL');

export const rectificationKey = (year: number, org: string) => keys.workItem(year, org, 'rectification', 'ALL');

// --- any item of the wing -----------------------------------------------------------------------------------------

type EvaluationItem = SelfEvaluation | ProvincialEvaluation | Assessment | Rectification | DelegationGrant;

/**
 * A change that moves the item to another status also records when it entered it (`stepSince`: the overviews'
 * "since when", read without the audit trail).
 */
const withStepSince = <T extends EvaluationItem>(current: T, changes: Partial<T>): Partial<T> => {
  const next = (changes as { status?: unknown }).status;
  const was = (current as { status?: unknown }).status;
  return next !== undefined && next !== was ? ({ ...changes, stepSince: now().toISOString() } as Partial<T>) : changes;
};

/** Set fields of an item at the version it was read (409 VERSION_CONFLICT if it changed meanwhile). */
export const updateItem = <T extends EvaluationItem>(current: T, changes: Partial<T>, audit: Audit): Promise<T> =>
  updateRecord<T>(current, withStepSince(current, changes), audit);

/** The same change as transaction items, for a task's decision (written together with the action's use). */
export const itemWrites = <T extends EvaluationItem>(current: T, changes: Partial<T>, audit: Audit) =>
  updateWrites<T>(current, withStepSince(current, changes), audit);

// --- self-evaluations ---------------------------------------------------------------------------------------------

export const findEvaluation = (year: number, org: string, fund: string) =>
  read(SelfEvaluation, evaluationKey(year, org, fund));

export async function evaluationRecord(year: number, org: string, fund: string): Promise<SelfEvaluation> {
  const r = await findEvaluation(year, org, fund);
  if (!r) throw notFound({ zh: '未找到该绩效自评', en: 'No such self-evaluation' }, { year, org, fund });
  return r;
}

/** A province's self-evaluations, its regions' and its own: one Query, however many regions it has. */
export const provinceItems = (year: number, province: string): Promise<SelfEvaluation[]> =>
  readAll(SelfEvaluation, patterns.provinceItems(year, province, 'self-evaluation'));

/** A unit's own self-evaluations (one per fund). */
export const orgEvaluations = (year: number, org: string): Promise<SelfEvaluation[]> =>
  readAll(SelfEvaluation, patterns.orgItems(org, year, 'self-evaluation'));

/** A new self-evaluation, in its organisation's and its province's lists; false if it exists already. */
export function createSelfEvaluation(
  e: Pick<SelfEvaluation, 'year' | 'org' | 'province' | 'fund' | 'status' | 'due'>,
  audit: Audit,
): Promise<boolean> {
  return createRecord(
    {
      ...evaluationKey(e.year, e.org, e.fund),
      ...indexKeys.workItem(e.year, e.org, 'self-evaluation', e.fund),
      ...indexKeys.provinceItem(e.year, e.province, 'self-evaluation', e.org, e.fund),
      year: e.year,
      org: e.org,
      province: e.province,
      kind: 'self-evaluation',
      fund: e.fund,
      status: e.status,
      stepSince: now().toISOString(),
      due: e.due,
    },
    audit,
  );
}

// --- provincial evaluations ---------------------------------------------------------------------------------------

export const findProvincial = (year: number, province: string) =>
  read(ProvincialEvaluation, provincialKey(year, province));

export async function provincialRecord(year: number, province: string): Promise<ProvincialEvaluation> {
  const r = await findProvincial(year, province);
  if (!r) throw notFound({ zh: '未找到省级绩效评价', en: 'No provincial evaluation' }, { year, province });
  return r;
}

/** Create one of a provincial unit's items of the whole unit (fund `ALL`): its key, its place in the unit's list. */
function createUnitItem(
  kind: 'provincial-evaluation' | 'assessment' | 'rectification',
  year: number,
  org: string,
  fields: Record<string, unknown>,
  audit: Audit,
): Promise<boolean> {
  return createRecord(
    {
      ...keys.workItem(year, org, kind, 'ALL'),
      ...indexKeys.workItem(year, org, kind, 'ALL'),
      year,
      org,
      kind,
      fund: 'ALL',
      stepSince: now().toISOString(),
      ...fields,
    },
    audit,
  );
}

export const createProvincialEvaluation = (
  p: Pick<ProvincialEvaluation, 'year' | 'org' | 'status' | 'due'>,
  audit: Audit,
): Promise<boolean> => createUnitItem('provincial-evaluation', p.year, p.org, { status: p.status, due: p.due }, audit);

// --- assessments and rectifications -------------------------------------------------------------------------------

export const findAssessment = (year: number, org: string) => read(Assessment, assessmentKey(year, org));

export async function assessmentRecord(year: number, org: string): Promise<Assessment> {
  const a = await findAssessment(year, org);
  if (!a) throw notFound({ zh: '未找到考核记录', en: 'No assessment' }, { year, org });
  return a;
}

export const createAssessment = (
  a: { year: number; org: string; status: Assessment['status']; scheme: AssessmentScheme },
  audit: Audit,
): Promise<boolean> => createUnitItem('assessment', a.year, a.org, { status: a.status, scheme: a.scheme }, audit);

export const findRectification = (year: number, org: string) => read(Rectification, rectificationKey(year, org));

export const createRectification = (
  r: Pick<Rectification, 'year' | 'org' | 'status' | 'deadline'>,
  audit: Audit,
): Promise<boolean> =>
  createUnitItem('rectification', r.year, r.org, { status: r.status, deadline: r.deadline }, audit);

// --- third parties' delegations -----------------------------------------------------------------------------------

export const findDelegation = (delegate: string, year: number, org: string, fund: string) =>
  read(DelegationGrant, keys.delegation(delegate, year, org, fund));

export function createDelegation(
  delegate: string,
  g: Pick<DelegationGrant, 'year' | 'org' | 'fund' | 'until' | 'by'>,
  audit: Audit,
): Promise<boolean> {
  return createRecord(
    {
      ...keys.delegation(delegate, g.year, g.org, g.fund),
      year: g.year,
      org: g.org,
      fund: g.fund,
      until: g.until,
      by: g.by,
    },
    audit,
  );
}

/** A third party's delegations in a year (open or not). */
export const delegationGrants = (delegate: string, year: number): Promise<DelegationGrant[]> =>
  readAll(DelegationGrant, patterns.delegations(delegate, year));

/** The cycle's settings the chain reads (e.g. the delegation margin), if the cycle exists. */
export const cycleRecordOf = (year: number) => read(CycleSettings, keys.cycle(year));

// --- notices sent, targets, the cycle -----------------------------------------------------------------------------

/** Whether the notice `what` about an item was sent already. */
export async function noticeSent(entity: Key, what: string): Promise<boolean> {
  return (await read(NoticeSent, keys.noticeOn(entity, what))) !== undefined;
}

/** Remember that the notice `what` about an item was sent. */
export async function recordNotice(entity: Key, what: string, kind: string, audit: Audit): Promise<void> {
  await createRecord({ ...keys.noticeOn(entity, what), kind }, audit);
}

/** A unit's target of a fund, as far as the chain reads it (whether it is issued, and the approved targets). */
/** The unit's budget as the self-evaluation reads it (undefined while none is arranged). */
export const readBudgetOutcome = (year: number, org: string, fund: string) =>
  read(BudgetOutcome, keys.budget(year, org, fund));

/** The region's monitoring submission of a fund as of 31 December of the cycle's year, if there is one. */
export const yearEndSubmission = (year: number, org: string, fund: string) =>
  read(YearEndSubmission, keys.submission(year, org, fund, `${year}-12-31`));

/** The issued targets (`<org>#<fund>`) of a cycle's units whose code starts with `orgPrefix` — one Query. */
export async function issuedTargets(year: number, orgPrefix: string): Promise<Set<string>> {
  const items = await readAll(TargetItemRef, patterns.cycleItems(year, orgPrefix));
  return new Set(items.filter((i) => i.kind === 'targets' && i.status === 'issued').map((i) => `${i.org}#${i.fund}`));
}

export const unitTarget = (year: number, org: string, fund: string) =>
  read(TargetOfUnit, keys.workItem(year, org, 'targets', fund));

/** Move the cycle to the chain's next phase. */
export async function setCyclePhase(cycle: Cycle, phase: Cycle['phase'], audit: Audit): Promise<void> {
  await updateRecord<Cycle>(cycle, { phase }, audit);
}
