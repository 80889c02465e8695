import type { z } from 'zod';
import { type Actor, createRecord, getRecord, queryAll, updateRecord, updateWrites } from '#shared/platform/records';
import { type Key, keys, patterns } from '#shared/platform/table';
import { CycleDeadlines, type IssuedRules, RulesRecord, type StoredRules } from '#shared/rules/records';

/**
 * The rules wing's store: a province's implementation rules per cycle and their locked versions, and the cycle's
 * deadlines as the rules read them. Every read is parsed by its schema in `records.ts`.
 */

interface Audit {
  actor: Actor;
  action: string;
  comment?: string;
}

async function read<S extends z.ZodType>(schema: S, key: Key): Promise<z.infer<S> | undefined> {
  const item = await getRecord(key);
  return item === undefined ? undefined : schema.parse(item);
}

export const rulesKey = (year: number, province: string): Key => keys.provincialRules(year, province);

export const readRules = (year: number, province: string) => read(RulesRecord, rulesKey(year, province));

/** Every province's rules of a cycle (central's list): one Query. */
export async function queryRules(year: number): Promise<RulesRecord[]> {
  return (await queryAll(patterns.provincialRules(year))).map((item) => RulesRecord.parse(item));
}

/** The cycle's deadlines (central's), as the rules check against them; undefined before kickoff. */
export const readCycleDeadlines = (year: number) => read(CycleDeadlines, keys.cycle(year));

/** A province's first draft of a cycle (false when one exists already: the caller then updates it). */
export function createRules(year: number, province: string, draft: StoredRules, at: string, audit: Audit) {
  return createRecord(
    { ...rulesKey(year, province), year, province, kind: 'rules', status: 'drafting', draft, round: 0, stepSince: at },
    audit,
  );
}

export function updateRules(rules: RulesRecord, changes: Partial<RulesRecord>, audit: Audit) {
  return updateRecord(rules, changes, audit);
}

/** The writes of a rules change, for a task decision's transaction. */
export function rulesWrites(rules: RulesRecord, changes: Partial<RulesRecord>, audit: Audit) {
  return updateWrites(rules, changes, audit);
}

/** Lock an issued version beside the record (false when it is locked already). */
export function lockRulesVersion(rules: RulesRecord, issued: IssuedRules, actor: Actor): Promise<boolean> {
  return createRecord(
    {
      ...keys.provincialRulesVersion(rules.year, rules.province, issued.version),
      year: rules.year,
      province: rules.province,
      rulesVersion: issued.version,
      rules: issued.rules,
      approvedAt: issued.approvedAt,
      approvedBy: issued.approvedBy,
    },
    { actor, action: 'rules.version-locked' },
  );
}
