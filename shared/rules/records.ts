import { z } from 'zod';
import { Indicator } from '#shared/reference/indicators';

/**
 * The stored items of the rules wing (第二十四条), as zod schemas: what the store reads is parsed, not cast. A
 * province's implementation rules for a cycle are one working record (`CYCLE#<year>` / `RULES#<province>`); each
 * issued version is locked beside it (`RULESVERSION#<province>#<nnn>`), keys in `platform/table.ts`.
 *
 * What is stored passed the input schema of `rules.ts` (`RulesDraft`) and `applyProvincialRules` when it was
 * written; a read checks its shape, not those rules again.
 */
const Key = z.object({ pk: z.string(), sk: z.string() });

export const RulesStatus = z.enum(['drafting', 'central-review', 'approved', 'issued']);
export type RulesStatus = z.infer<typeof RulesStatus>;

/** A stored draft: own indicators, re-weights of national ones, internal deadlines (instants, Asia/Shanghai). */
export const StoredRules = z.object({
  additions: z.array(Indicator),
  reweights: z.array(z.object({ id: z.string(), fund: z.string().optional(), weight: z.string() })),
  deadlines: z.object({ selfEvaluation: z.string().optional(), provincialReview: z.string().optional() }),
});
export type StoredRules = z.infer<typeof StoredRules>;

/** The version in force once central approved it (印发). */
export const IssuedRules = z.object({
  version: z.int(),
  rules: StoredRules,
  approvedAt: z.string(),
  approvedBy: z.string(),
});
export type IssuedRules = z.infer<typeof IssuedRules>;

export const RulesRecord = Key.extend({
  year: z.int(),
  province: z.string(),
  kind: z.literal('rules'),
  status: RulesStatus,
  version: z.int(),
  draft: StoredRules,
  /** the version in force (absent until the first is issued); a revision in drafting leaves it in force */
  issued: IssuedRules.optional(),
  /** how many times the draft was submitted: names each review's machine execution */
  round: z.int(),
  stepSince: z.string(),
  lastComment: z.object({ step: z.string(), by: z.string(), at: z.string(), text: z.string() }).optional(),
  approvedBy: z.string().optional(),
});
export type RulesRecord = z.infer<typeof RulesRecord>;

/** An issued version, locked. */
export const RulesVersionRecord = Key.extend({
  year: z.int(),
  province: z.string(),
  rulesVersion: z.int(),
  rules: StoredRules,
  approvedAt: z.string(),
  approvedBy: z.string(),
});
export type RulesVersionRecord = z.infer<typeof RulesVersionRecord>;

/** What the rules read of the cycle: central's deadlines. */
export const CycleDeadlines = z.object({
  year: z.int(),
  deadlines: z.object({ selfEvaluation: z.string(), provincialEvaluation: z.string() }),
});
export type CycleDeadlines = z.infer<typeof CycleDeadlines>;
