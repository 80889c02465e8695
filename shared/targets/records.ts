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

/** A budget arranged for a fund of an organisation, against the approved target version (第七条). */
export const BudgetRecord = Key.extend({
  year: z.int(),
  org: z.string(),
  fund: z.string(),
  amountFen: z.string(),
  targetVersion: z.int(),
  version: z.int(),
});
export type BudgetRecord = z.infer<typeof BudgetRecord>;
