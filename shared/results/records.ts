import { z } from 'zod';
import { Grade } from '#shared/reference/scoring';
import { text } from '#shared/reference/text';

/**
 * The stored items of 结果应用 (第二十条), as zod schemas, and the narrow view this wing takes of the evaluation
 * wing's self-evaluation (it reads it with a schema of its own, so it imports no wing). Keys in `platform/table.ts`:
 * the rules `CYCLE#<y>` / `RESULTSRULES`, a result's use `CYCLE#<y>` / `RESULTUSE#<org>#<fund>` (`<y>` the result's
 * year; the use informs the arrangement of `<y>+1`).
 */
const Key = z.object({ pk: z.string(), sk: z.string() });

/** What a grade requires before the next year's budget of that region × fund is arranged. */
export const Requirement = z.enum(['justification', 'improvement-plan', 'finance-decision']);
export type Requirement = z.infer<typeof Requirement>;

export const REQUIREMENT_LABELS: Record<Requirement, { zh: string; en: string }> = {
  justification: { zh: '行政部门书面说明', en: "the administration's written justification" },
  'improvement-plan': { zh: '改进方案', en: 'an improvement plan' },
  'finance-decision': { zh: '财政部门决定', en: "the finance department's decision" },
};

export const ResultsRule = z.strictObject({ grade: Grade, requires: z.array(Requirement).min(1).max(3) });
export type ResultsRule = z.infer<typeof ResultsRule>;

/** The API's input: the cycle's rules, one per grade at most. */
export const ResultsRulesInput = z
  .strictObject({ rules: z.array(ResultsRule).max(4) })
  .refine((r) => new Set(r.rules.map((x) => x.grade)).size === r.rules.length, {
    error: '每个等级至多一条规则 / at most one rule per grade',
  });
export type ResultsRulesInput = z.infer<typeof ResultsRulesInput>;

/** Used for a cycle whose rules central has not set: 差 needs a justification and a decision, 中 a plan. */
export const DEFAULT_RESULTS_RULES: ResultsRule[] = [
  { grade: '差', requires: ['justification', 'finance-decision'] },
  { grade: '中', requires: ['improvement-plan'] },
];

export const ResultsRulesItem = Key.extend({
  year: z.number(),
  rules: z.array(ResultsRule),
  version: z.number(),
});
export type ResultsRulesItem = z.infer<typeof ResultsRulesItem>;

/** The administration's proposal (API input). */
export const ProposalInput = z.strictObject({
  text: text({ max: 4000, min: 1 }),
  improvementPlan: text({ max: 8000 }).optional(),
});
export type ProposalInput = z.infer<typeof ProposalInput>;

/** Finance's decision (API input): applied or not, and why. */
export const DecisionInput = z.strictObject({ applied: z.boolean(), reason: text({ max: 4000, min: 1 }) });
export type DecisionInput = z.infer<typeof DecisionInput>;

export const ResultUse = Key.extend({
  year: z.number(),
  org: z.string(),
  fund: z.string(),
  grade: Grade,
  score: z.string(),
  proposal: z
    .object({ text: z.string(), improvementPlan: z.string().optional(), by: z.string(), at: z.string() })
    .optional(),
  decision: z.object({ applied: z.boolean(), reason: z.string(), by: z.string(), at: z.string() }).optional(),
  version: z.number(),
});
export type ResultUse = z.infer<typeof ResultUse>;

/** What this wing reads of a self-evaluation: its status, the score card's total and grade, the province's review. */
export const ResultOfUnit = z.object({
  org: z.string(),
  fund: z.string(),
  status: z.string(),
  score: z.object({ total: z.string(), grade: Grade }).optional(),
  review: z.object({ score: z.string(), grade: z.string() }).optional(),
});
export type ResultOfUnit = z.infer<typeof ResultOfUnit>;
