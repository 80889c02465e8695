import type { z } from 'zod';
import {
  type Actor,
  createRecord,
  getRecord,
  queryAll,
  updateRecord,
  updateWrites,
  versionConflict,
} from '#shared/platform/records';
import { indexKeys, type Key, keys, patterns } from '#shared/platform/table';
import {
  type ApprovedTarget,
  BudgetRecord,
  CentralTargetsRecord,
  type StoredDraft,
  TargetRecord,
  type TargetStatus,
} from '#shared/targets/records';

/**
 * The targets wing's store: the targets work items, their locked versions, central's targets and arranged budgets.
 * Every read is parsed by its schema in `records.ts`; every change of a read record is an update at the version read.
 */

interface Audit {
  actor: Actor;
  action: string;
  comment?: string;
}

/** One item by its key, parsed by its schema; undefined when absent. */
async function read<S extends z.ZodType>(schema: S, key: Key): Promise<z.infer<S> | undefined> {
  const item = await getRecord(key);
  return item === undefined ? undefined : schema.parse(item);
}

export const targetKey = (year: number, org: string, fund: string): Key => keys.workItem(year, org, 'targets', fund);

export const readTarget = (year: number, org: string, fund: string) => read(TargetRecord, targetKey(year, org, fund));

/** 409 VERSION_CONFLICT unless the caller read the version the target is at (when it says which it read). */
export function ensureVersion(target: TargetRecord, version: number | undefined): void {
  if (version !== undefined && version !== target.version) throw versionConflict({ ...target, version });
}

/** Set fields of a target at the version read (409 on a concurrent change). */
export function updateTarget(target: TargetRecord, changes: Partial<TargetRecord>, audit: Audit) {
  return updateRecord(target, changes, audit);
}

/** The writes of a target change, for a transaction of someone else's (a task decision). */
export function targetWrites(target: TargetRecord, changes: Partial<TargetRecord>, audit: Audit) {
  return updateWrites(target, changes, audit);
}

/** A cycle's targets, or one organisation's. */
export async function queryTargets(year: number, org?: string): Promise<TargetRecord[]> {
  const items = org
    ? await queryAll(patterns.orgItems(org, year, 'targets'))
    : await queryAll(patterns.cycleItems(year));
  return items.filter((item) => item.kind === 'targets').map((item) => TargetRecord.parse(item));
}

/** Lock an approved version beside its target (false when it is already locked). */
export function lockTargetVersion(target: TargetRecord, approved: ApprovedTarget, actor: Actor): Promise<boolean> {
  const { year, org, fund } = target;
  return createRecord(
    {
      ...keys.targetVersion(target, org, fund, approved.version),
      year,
      org,
      fund,
      targetVersion: approved.version,
      draft: approved.draft,
      approvedAt: approved.approvedAt,
      approvedBy: approved.approvedBy,
    },
    { actor, action: 'target.version-locked' },
  );
}

/** A pooling region's target as decomposed from its province's (R6.2): created, or updated at the version read. */
export async function saveRegionTarget(
  year: number,
  org: string,
  fund: string,
  due: string,
  fields: {
    status: TargetStatus;
    draft: StoredDraft;
    approved: ApprovedTarget;
    decomposedFrom: { org: string; version: number };
  },
  audit: Audit,
): Promise<void> {
  const existing = await readTarget(year, org, fund);
  if (existing) await updateRecord(existing, fields, audit);
  else
    await createRecord(
      {
        ...targetKey(year, org, fund),
        ...indexKeys.workItem(year, org, 'targets', fund),
        year,
        org,
        kind: 'targets',
        fund,
        due,
        ...fields,
      },
      audit,
    );
}

export const readCentralTargets = (year: number, fund: string) =>
  read(CentralTargetsRecord, keys.centralTarget(year, fund));

/** Central's targets of a fund: created (version 1), or replaced at the version read. */
export async function saveCentralTargets(
  year: number,
  fund: string,
  body: Pick<CentralTargetsRecord, 'overall' | 'annual'>,
  audit: Audit,
) {
  const key = keys.centralTarget(year, fund);
  const current = await readCentralTargets(year, fund);
  if (!current) {
    await createRecord({ ...key, year, fund, ...body }, audit);
    return { year, fund, ...body, version: 1 };
  }
  return updateRecord(current, { ...body }, audit);
}

export const budgetKey = (year: number, org: string, fund: string): Key => keys.budget(year, org, fund);

export const readBudget = (year: number, org: string, fund: string) => read(BudgetRecord, budgetKey(year, org, fund));

/** 409 VERSION_CONFLICT unless the caller read the version the budget is at (when it says which it read). */
export function ensureBudgetVersion(budget: BudgetRecord, version: number | undefined): void {
  if (version !== undefined && version !== budget.version) throw versionConflict({ ...budget, version });
}

/** A budget arranged: created (false, and nothing written, when it already exists). */
export function createBudget(fields: Omit<BudgetRecord, 'pk' | 'sk' | 'version'>, audit: Audit): Promise<boolean> {
  return createRecord({ ...keys.budget(fields.year, fields.org, fields.fund), ...fields }, audit);
}

/** Set fields of a budget at the version read (409 on a concurrent change). */
export function updateBudget(budget: BudgetRecord, changes: Partial<BudgetRecord>, audit: Audit) {
  return updateRecord(budget, changes, audit);
}

/** The writes of a budget change, for a transaction of someone else's (a task decision). */
export function budgetWrites(budget: BudgetRecord, changes: Partial<BudgetRecord>, audit: Audit) {
  return updateWrites(budget, changes, audit);
}
