import { z } from 'zod';
import { Category, TargetValue } from '#shared/reference/indicators';
import { Grade } from '#shared/reference/scoring';
import { text } from '#shared/reference/text';

/**
 * The stored items of the evaluation chain (第四章), as zod schemas: what the store reads is parsed, not cast. A work
 * item is `CYCLE#<y>` / `ITEM#<org>#<kind>#<fund>` (keys in `platform/table.ts`): a self-evaluation per region × fund,
 * a provincial evaluation, an assessment and a rectification per province (`fund` is `ALL`); a third party's
 * delegation is `DELEGATE#<user>` / `<y>#<org>#<fund>`. Every write after creation is an Update of the changed
 * fields, so an item read here is never put back whole; the index keys are kept all the same.
 */
const Bilingual = z.object({ zh: z.string(), en: z.string() });
const Key = z.object({ pk: z.string(), sk: z.string() });
/** a work item's keys, with the index keys it carries */
const WorkItemKey = Key.extend({
  gsi1pk: z.string().optional(),
  gsi1sk: z.string().optional(),
  gsi2pk: z.string().optional(),
  gsi2sk: z.string().optional(),
});

export const SelfEvaluationStatus = z.enum(['awaiting-report', 'scoring', 'sign-off', 'submitted', 'reviewed']);
export type SelfEvaluationStatus = z.infer<typeof SelfEvaluationStatus>;

/** An actual value as the region enters it (JSON): checked, normalised text. */
export const Actual = z.strictObject({
  id: z.string().min(1).max(64),
  actual: z.union([
    z.string().regex(/^-?\d{1,15}(\.\d{1,6})?$/, { error: '实际值须为数字 / actual must be a number' }),
    Grade,
  ]),
  cause: text({ max: 2000 }).optional(),
  measure: text({ max: 2000 }).optional(),
  /** why the figure differs from the final accounts or the year-end monitoring figure (数据差异说明, R18.3) */
  explanation: text({ max: 2000 }).optional(),
});
export type Actual = z.infer<typeof Actual>;

/** An actual value as it is kept (entered as JSON or read from the template). */
export const StoredActual = z.object({
  id: z.string(),
  actual: z.string(),
  cause: z.string().optional(),
  measure: z.string().optional(),
  explanation: z.string().optional(),
});
export type StoredActual = z.infer<typeof StoredActual>;

/**
 * A stated figure that differs from what the year's own records say of it (R18.3): the final accounts (决算) and the
 * monitoring figure as of 31 December. It must be explained before the self-evaluation can go on.
 */
export const Discrepancy = z.object({
  id: z.string(),
  stated: z.string(),
  finalAccounts: z.string().optional(),
  monitoring: z.object({ asOf: z.string(), value: z.string() }).optional(),
  explained: z.boolean(),
});
export type Discrepancy = z.infer<typeof Discrepancy>;

/** What the self-evaluation reads of the year-end monitoring submission (the monitoring wing's record). */
export const YearEndSubmission = z.object({
  asOf: z.string(),
  indicators: z.array(z.object({ id: z.string(), value: z.string().optional(), grade: z.string().optional() })),
});
export type YearEndSubmission = z.infer<typeof YearEndSubmission>;

/** A document on its record: where it is, what it is, and when it arrived. */
export const DocumentRef = z.object({
  key: z.string(),
  sha256: z.string(),
  size: z.number(),
  type: z.string(),
  versionId: z.string().optional(),
  at: z.string(),
});
export type DocumentRef = z.infer<typeof DocumentRef>;

/** Why a document or template was refused (a template's refusals name their sheet and cell). */
export const DocumentError = z.object({
  code: z.string(),
  message: Bilingual,
  sheet: z.string().optional(),
  cell: z.string().optional(),
});
export type DocumentError = z.infer<typeof DocumentError>;

/** The wire form of a score card (`scoreCardToJson`) and how each indicator compares with its target. */
export const ScoreCardJson = z.object({
  indicators: z.array(
    z.object({ id: z.string(), category: Category, weight: z.string(), fraction: z.string(), score: z.string() }),
  ),
  subtotals: z.record(Category, z.string()),
  total: z.string(),
  grade: Grade,
  comparisons: z.array(z.object({ id: z.string(), met: z.boolean(), explanationRequired: z.boolean() })),
});
export type ScoreCardJson = z.infer<typeof ScoreCardJson>;

/** The province's review of one region × fund. */
export const Review = z.object({
  score: z.string(),
  grade: z.string(),
  adjusted: z.boolean(),
  comment: z.string().optional(),
  recommendations: z.array(z.string()),
  by: z.string(),
  at: z.string(),
});
export type Review = z.infer<typeof Review>;

export const SelfEvaluation = WorkItemKey.extend({
  year: z.number(),
  org: z.string(),
  province: z.string(),
  kind: z.literal('self-evaluation'),
  fund: z.string(),
  status: SelfEvaluationStatus,
  due: z.string(),
  version: z.number(),
  actuals: z.array(StoredActual).optional(),
  /** null once a return asks for a revised report (the previous one stays in the bucket and the audit trail) */
  report: DocumentRef.nullable().optional(),
  /** the filled template the actuals were read from */
  template: DocumentRef.optional(),
  documentErrors: z.array(DocumentError).optional(),
  missingExplanations: z.array(z.string()).optional(),
  /** the stated figures that differ from the final accounts or the year-end monitoring figures (R18.3) */
  discrepancies: z.array(Discrepancy).optional(),
  score: ScoreCardJson.optional(),
  /** when the deadline was missed */
  late: z.string().optional(),
  submittedAt: z.string().optional(),
  /** why it was last returned (the finance sign-off or the province) */
  returnComment: z.string().optional(),
  /** the province returned it: its workflow starts another round */
  reopen: z.boolean().optional(),
  round: z.number().optional(),
  review: Review.optional(),
  /** the open delegation of its review (第十七条); null once revoked */
  delegate: z.object({ userId: z.string(), until: z.string() }).nullable().optional(),
  /** when it entered its current status (absent on items written before it was kept) */
  stepSince: z.string().optional(),
});
export type SelfEvaluation = z.infer<typeof SelfEvaluation>;

export const ProvincialStatus = z.enum(['waiting-regions', 'reviewing', 'report', 'approval', 'submitted']);
export type ProvincialStatus = z.infer<typeof ProvincialStatus>;

export const ProvincialEvaluation = WorkItemKey.extend({
  year: z.number(),
  org: z.string(),
  kind: z.literal('provincial-evaluation'),
  fund: z.string(),
  status: ProvincialStatus,
  due: z.string(),
  version: z.number(),
  report: DocumentRef.optional(),
  late: z.string().optional(),
  submittedAt: z.string().optional(),
  /** when it entered its current status (absent on items written before it was kept) */
  stepSince: z.string().optional(),
});
export type ProvincialEvaluation = z.infer<typeof ProvincialEvaluation>;

/** The assessment scheme (configurable per cycle): weights of the criteria and the thresholds of the outcome. */
export const AssessmentScheme = z.strictObject({
  weights: z.strictObject({
    timeliness: z.number().min(0),
    completeness: z.number().min(0),
    quality: z.number().min(0),
    rectification: z.number().min(0),
  }),
  praiseAtLeast: z.number().min(0).max(100),
  interviewBelow: z.number().min(0).max(100),
  rectificationDays: z.int().min(1).max(365),
});
export type AssessmentScheme = z.infer<typeof AssessmentScheme>;

export const AssessmentOutcome = z.enum(['praise', 'satisfactory', 'interview']);
export type AssessmentOutcome = z.infer<typeof AssessmentOutcome>;

export const Assessment = WorkItemKey.extend({
  year: z.number(),
  org: z.string(),
  kind: z.literal('assessment'),
  fund: z.string(),
  status: z.enum(['pending', 'assessed', 'notified']),
  version: z.number(),
  scheme: AssessmentScheme.optional(),
  /** each criterion's points, 2 places */
  criteria: z.record(z.string(), z.string()).optional(),
  total: z.string().optional(),
  outcome: AssessmentOutcome.optional(),
  assessedBy: z.string().optional(),
  notifiedAt: z.string().optional(),
  rectificationDeadline: z.string().optional(),
});
export type Assessment = z.infer<typeof Assessment>;

export const Rectification = WorkItemKey.extend({
  year: z.number(),
  org: z.string(),
  kind: z.literal('rectification'),
  fund: z.string(),
  status: z.enum(['ordered', 'submitted', 'closed']),
  deadline: z.string(),
  version: z.number(),
  evidence: z.array(DocumentRef).optional(),
  submittedAt: z.string().optional(),
  /** submitted after its deadline */
  late: z.boolean().optional(),
  closedAt: z.string().optional(),
});
export type Rectification = z.infer<typeof Rectification>;

/** A third party's delegation of one item (第十七条), open until `until`. */
export const DelegationGrant = Key.extend({
  year: z.number(),
  org: z.string(),
  fund: z.string(),
  until: z.string(),
  by: z.string(),
  /** when it was revoked (by a revocation or a re-delegation to another third party); null once granted again */
  revokedAt: z.string().nullable().optional(),
  version: z.number(),
});
export type DelegationGrant = z.infer<typeof DelegationGrant>;

/** What the chain reads of the cycle's settings (the cycle wing writes them at kickoff). */
export const CycleSettings = z.object({ delegationMarginDays: z.number().int().min(0).optional() });

/** A notice already sent, kept beside its record so a retried step does not mail twice. */
export const NoticeSent = Key.extend({ kind: z.string(), version: z.number() });
export type NoticeSent = z.infer<typeof NoticeSent>;

/** A cycle's work item as the evaluation phase lists targets among them: its kind, whose, which fund, its status. */
export const TargetItemRef = z.object({
  kind: z.string().optional(),
  org: z.string().optional(),
  fund: z.string().optional(),
  status: z.string().optional(),
});
export type TargetItemRef = z.infer<typeof TargetItemRef>;

/** What the chain reads of a unit's target: whether it is issued, and the approved indicators' targets. */
export const TargetOfUnit = z.object({
  status: z.string(),
  approved: z
    .object({ draft: z.object({ indicators: z.array(z.object({ id: z.string(), target: TargetValue })) }) })
    .optional(),
});
export type TargetOfUnit = z.infer<typeof TargetOfUnit>;

/**
 * What the self-evaluation reads of the unit's budget (`CYCLE#<y>` / `BUDGET#<org>#<fund>`, the targets wing's): the
 * lines in force, the first version's expenditure and the final accounts (决算), in fen — the inputs of the budget
 * execution indicators.
 */
export const BudgetOutcome = z.object({
  lines: z.object({ income: z.string(), expenditure: z.string() }),
  versions: z.array(z.object({ lines: z.object({ expenditure: z.string() }) })).min(1),
  finalAccounts: z.object({ lines: z.object({ income: z.string(), expenditure: z.string() }) }).optional(),
});
export type BudgetOutcome = z.infer<typeof BudgetOutcome>;
