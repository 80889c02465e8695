import { z } from 'zod';
import { TargetValue } from '#shared/reference/indicators';

/**
 * The stored items of the targets wing, as zod schemas: what the store reads is parsed, not cast. A unit's target
 * of a fund is its `targets` work item (`CYCLE#<year>` / `ITEM#<org>#targets#<fund>`); an issued version is locked
 * beside it (`TARGETVERSION#…`); central's targets of a fund (`CENTRALTARGET#<fund>`) and an arranged budget
 * (`BUDGET#<org>#<fund>`) sit in the cycle's partition (keys in `platform/table.ts`). Unknown fields (the GSI keys)
 * are dropped on read; every write of a read item is an update of the fields it changes.
 *
 * What is stored passed the input schemas of `targets.ts` (`TargetDraft`, `TargetIndicator`) when it was written;
 * a read checks its shape, not those rules again.
 */
const Key = z.object({ pk: z.string(), sk: z.string() });

export const TargetStatus = z.enum([
  'drafting',
  'preliminary-review',
  'finance-review',
  'central-review',
  'approved',
  'issued',
]);
export type TargetStatus = z.infer<typeof TargetStatus>;

/** An indicator of a stored draft, guidance or central target. */
export const StoredIndicator = z.object({
  id: z.string(),
  target: TargetValue,
  unit: z.string().optional(),
  weight: z.string().optional(),
});
export type StoredIndicator = z.infer<typeof StoredIndicator>;

/** A stored draft: goals and indicator values. */
export const StoredDraft = z.object({ goals: z.array(z.string()), indicators: z.array(StoredIndicator) });
export type StoredDraft = z.infer<typeof StoredDraft>;

/** The version in force once central approved it (下达). */
export const ApprovedTarget = z.object({
  version: z.int(),
  draft: StoredDraft,
  approvedAt: z.string(),
  approvedBy: z.string(),
});
export type ApprovedTarget = z.infer<typeof ApprovedTarget>;

export const TargetRecord = Key.extend({
  year: z.int(),
  org: z.string(),
  kind: z.literal('targets'),
  fund: z.string(),
  status: TargetStatus,
  due: z.string(),
  version: z.int(),
  /** the adjustment round (调整) the target is in; absent before its first adjustment */
  round: z.int().optional(),
  draft: StoredDraft.optional(),
  guidance: z.array(StoredIndicator).optional(),
  approved: ApprovedTarget.optional(),
  /** for a pooling region's target: the provincial target version it was decomposed from */
  decomposedFrom: z.object({ org: z.string(), version: z.int() }).optional(),
  stepSince: z.string().optional(),
  lastComment: z.object({ step: z.string(), by: z.string(), at: z.string(), text: z.string() }).optional(),
  /** when each step passed its deadline, by step */
  late: z.record(z.string(), z.string()).optional(),
  /** who gave the central approval, until it is issued */
  approvedBy: z.string().optional(),
});
export type TargetRecord = z.infer<typeof TargetRecord>;

/** An approved target version, locked when issued. */
export const TargetVersionRecord = Key.extend({
  year: z.int(),
  org: z.string(),
  fund: z.string(),
  targetVersion: z.int(),
  draft: StoredDraft,
  approvedAt: z.string(),
  approvedBy: z.string(),
  version: z.int(),
});
export type TargetVersionRecord = z.infer<typeof TargetVersionRecord>;

/** Central's overall (multi-year) and annual targets of a fund (R7.1, R8.1). */
export const CentralTargetsRecord = Key.extend({
  year: z.int(),
  fund: z.string(),
  overall: z.object({
    from: z.int(),
    to: z.int(),
    goals: z.array(z.string()),
    indicators: z.array(StoredIndicator),
  }),
  annual: StoredDraft,
  version: z.int(),
});
export type CentralTargetsRecord = z.infer<typeof CentralTargetsRecord>;

/**
 * The lines of a social-insurance fund budget (收入, 支出, 结余), integer fen as strings. The detail lines are entered;
 * the totals (收入合计, 支出合计, 本年收支结余, 年末滚存结余) are computed from them (`targets/budgets.ts`). The names the
 * monitoring template already uses are kept: `contributionIncome`, `subsidy`, `benefits`, `income`, `expenditure`.
 */
export const BUDGET_INPUT_LINES = [
  'contributionIncome', // 社会保险费收入
  'subsidy', // 财政补贴收入
  'interestIncome', // 利息收入
  'otherIncome', // 其他收入
  'benefits', // 社会保险待遇支出
  'otherExpenditure', // 其他支出
  'openingBalance', // 上年末滚存结余
] as const;
export const BUDGET_TOTAL_LINES = ['income', 'expenditure', 'surplus', 'closingBalance'] as const;
export type BudgetInputLine = (typeof BUDGET_INPUT_LINES)[number];
export type BudgetLineName = BudgetInputLine | (typeof BUDGET_TOTAL_LINES)[number];
const Fen = z.string().regex(/^-?\d+$/);
export const StoredBudgetLines = z.object(
  Object.fromEntries([...BUDGET_INPUT_LINES, ...BUDGET_TOTAL_LINES].map((l) => [l, Fen])) as Record<
    BudgetLineName,
    typeof Fen
  >,
);
export type StoredBudgetLines = z.infer<typeof StoredBudgetLines>;

/** An approved version of a budget: the arrangement (version 1) and each adjustment approved through review. */
export const BudgetVersion = z.object({
  budgetVersion: z.int(),
  kind: z.enum(['arranged', 'adjusted']),
  lines: StoredBudgetLines,
  at: z.string(),
  by: z.string(),
  reason: z.string().optional(),
});
export type BudgetVersion = z.infer<typeof BudgetVersion>;

export const AdjustmentStatus = z.enum(['preliminary-review', 'finance-review', 'approved', 'applied', 'returned']);
export type AdjustmentStatus = z.infer<typeof AdjustmentStatus>;

/** A budget adjustment (调整) in review, or the last one decided. */
export const BudgetAdjustment = z.object({
  round: z.int(),
  status: AdjustmentStatus,
  lines: StoredBudgetLines,
  reason: z.string(),
  proposedBy: z.string(),
  proposedAt: z.string(),
  stepSince: z.string(),
  lastComment: z.object({ step: z.string(), by: z.string(), at: z.string(), text: z.string() }).optional(),
  late: z.record(z.string(), z.string()).optional(),
  approvedBy: z.string().optional(),
});
export type BudgetAdjustment = z.infer<typeof BudgetAdjustment>;

/** 决算: the actual lines of the budget year, recorded after it ended. */
export const FinalAccounts = z.object({
  lines: StoredBudgetLines,
  recordedAt: z.string(),
  recordedBy: z.string(),
  source: z.enum(['entry', 'import']),
});
export type FinalAccounts = z.infer<typeof FinalAccounts>;

/**
 * A budget of a fund of a pooling region (or a provincial unit) and year (`CYCLE#<y>` / `BUDGET#<org>#<fund>`),
 * arranged against the approved target version (第七条). `lines` and `budgetVersion` are the budget in force: the last
 * approved version of `versions`.
 */
export const BudgetRecord = Key.extend({
  year: z.int(),
  org: z.string(),
  fund: z.string(),
  targetVersion: z.int(),
  budgetVersion: z.int(),
  lines: StoredBudgetLines,
  versions: z.array(BudgetVersion),
  adjustment: BudgetAdjustment.optional(),
  finalAccounts: FinalAccounts.optional(),
  version: z.int(),
});
export type BudgetRecord = z.infer<typeof BudgetRecord>;
