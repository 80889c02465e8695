import type { z } from 'zod';
import { type Actor, createRecord, getRecord, queryAll, updateRecord } from '#shared/platform/records';
import { type Key, keys, patterns } from '#shared/platform/table';
import { ResultOfUnit, ResultsRulesItem, ResultUse } from '#shared/results/records';

/**
 * The results wing's store: the cycle's rules, each result's use, and — read with this wing's own narrow schema —
 * the evaluation wing's self-evaluations. Every read parsed; every write conditional with its audit entry.
 */
type Audit = { actor: Actor; action: string; comment?: string };

async function read<S extends z.ZodType>(schema: S, key: Key): Promise<z.infer<S> | undefined> {
  const item = await getRecord(key);
  return item === undefined ? undefined : schema.parse(item);
}

export const findRules = (year: number) => read(ResultsRulesItem, keys.resultsRules(year));

export const createRules = (year: number, rules: ResultsRulesItem['rules'], audit: Audit) =>
  createRecord({ ...keys.resultsRules(year), year, rules }, audit);

export const updateRules = (current: ResultsRulesItem, rules: ResultsRulesItem['rules'], audit: Audit) =>
  updateRecord<ResultsRulesItem>(current, { rules }, audit);

export const findUse = (year: number, org: string, fund: string) => read(ResultUse, keys.resultUse(year, org, fund));

export const createUse = (
  u: Pick<ResultUse, 'year' | 'org' | 'fund' | 'grade' | 'score' | 'proposal' | 'decision'>,
  audit: Audit,
) => createRecord({ ...keys.resultUse(u.year, u.org, u.fund), ...u }, audit);

export const updateUse = (current: ResultUse, changes: Partial<ResultUse>, audit: Audit) =>
  updateRecord<ResultUse>(current, changes, audit);

/** The result uses of a cycle, of the organisations whose code starts with `orgPrefix`. */
export const usesOf = async (year: number, orgPrefix = ''): Promise<ResultUse[]> =>
  (await queryAll(patterns.resultUses(year, orgPrefix))).map((i) => ResultUse.parse(i));

/** One region × fund's self-evaluation, as this wing reads it. */
export const findResult = (year: number, org: string, fund: string) =>
  read(ResultOfUnit, keys.workItem(year, org, 'self-evaluation', fund));

/** The self-evaluations in scope: a region's own (gsi1), a province's (gsi2), or the whole cycle's. */
export async function resultsIn(year: number, scope: { org: string; tier: string }): Promise<ResultOfUnit[]> {
  const pattern =
    scope.tier === 'region'
      ? patterns.orgItems(scope.org, year, 'self-evaluation')
      : scope.tier === 'province'
        ? patterns.provinceItems(year, scope.org, 'self-evaluation')
        : patterns.cycleItems(year);
  const items = await queryAll(pattern);
  return items.filter((i) => i.kind === 'self-evaluation').map((i) => ResultOfUnit.parse(i));
}
