import { z } from 'zod';
import { BUDGET_LINES, Comparison, Dimension, MonitoringConfig, Severity } from '#shared/monitoring/compare';
import { nextTimer } from '#shared/platform/timers';
import { IndicatorId, TargetValue } from '#shared/reference/indicators';
import { Grade, Points } from '#shared/reference/scoring';

/**
 * The stored items of the monitoring wing, as zod schemas: what the store reads is parsed, not cast. Keys and index
 * keys are built in `platform/table.ts`; the items in a provincial unit's monitoring index keep theirs (`gsi1pk` /
 * `gsi1sk`) in the schema, so that nothing read loses them (changes are `Update`s of the changed fields only).
 */
const Bilingual = z.object({ zh: z.string(), en: z.string() });
const Key = z.object({ pk: z.string(), sk: z.string() });
/** a key, and its place in the provincial unit's monitoring index */
const IndexedKey = Key.extend({ gsi1pk: z.string().optional(), gsi1sk: z.string().optional() });
const Fen = z.string();
/** 年度预算数 by budget line, and 累计执行数 by figure (the budget lines and the fund balance) */
const Budget = z.record(z.enum(BUDGET_LINES), Fen);
const Actual = z.record(z.enum([...BUDGET_LINES, 'balance']), Fen);

/**
 * What monitoring reads of the region's arranged budget (`CYCLE#<y>` / `BUDGET#<org>#<fund>`, the targets wing's):
 * the lines in force, in fen, which a period's 年度预算数 are taken from.
 */
export const ArrangedBudget = z.object({
  budgetVersion: z.int(),
  lines: z.object(
    Object.fromEntries(BUDGET_LINES.map((l) => [l, Fen])) as Record<(typeof BUDGET_LINES)[number], typeof Fen>,
  ),
});
export type ArrangedBudget = z.infer<typeof ArrangedBudget>;

/** A cycle's monitoring settings (`CYCLE#<y>` / `MONITORCONFIG`). */
export const MonitoringConfigRecord = Key.extend({
  year: z.number(),
  config: MonitoringConfig,
  version: z.number(),
});
export type MonitoringConfigRecord = z.infer<typeof MonitoringConfigRecord>;

/** A region × fund under monitoring (`MON#<y>#<org>#<fund>` / `MONITOR`), created once its target is issued. */
export const MonitorRecord = IndexedKey.extend({
  year: z.number(),
  org: z.string(),
  fund: z.string(),
  province: z.string(),
  targetVersion: z.number(),
  /** the latest as-of date whose period has been opened */
  openedThrough: z.string().optional(),
  createdAt: z.string().optional(),
  version: z.number(),
});
export type MonitorRecord = z.infer<typeof MonitorRecord>;

export const PeriodStatus = z.enum(['open', 'submitted', 'missed']);
export type PeriodStatus = z.infer<typeof PeriodStatus>;

/** One monitoring period of a region × fund (`…` / `PERIOD#<asOf>`). */
export const PeriodRecord = IndexedKey.extend({
  year: z.number(),
  org: z.string(),
  fund: z.string(),
  province: z.string(),
  asOf: z.string(),
  opensAt: z.string(),
  due: z.string(),
  status: PeriodStatus,
  submittedAt: z.string().optional(),
  late: z.boolean().optional(),
  missedAt: z.string().optional(),
  version: z.number(),
});
export type PeriodRecord = z.infer<typeof PeriodRecord>;

/** A period's submission (`…` / `SUBMISSION#<asOf>`); money in integer fen, as strings. */
export const SubmissionRecord = Key.extend({
  year: z.number(),
  org: z.string(),
  fund: z.string(),
  asOf: z.string(),
  budget: Budget,
  actual: Actual,
  indicators: z.array(z.object({ id: z.string(), value: z.string().optional(), grade: Grade.optional() })),
  notes: z.object({ riskControl: z.string(), financialManagement: z.string() }),
  comparison: Comparison,
  submittedBy: z.string(),
  submittedAt: z.string(),
  late: z.boolean(),
  targetVersion: z.number(),
  version: z.number(),
});
export type SubmissionRecord = z.infer<typeof SubmissionRecord>;

/** The contributions the tax department collected by a period's as-of date (`…` / `TAX#<asOf>`), fen. */
export const TaxCollectionRecord = Key.extend({
  year: z.number(),
  org: z.string(),
  fund: z.string(),
  asOf: z.string(),
  contributions: Fen,
  reportedBy: z.string(),
  reportedAt: z.string(),
  version: z.number(),
});
export type TaxCollectionRecord = z.infer<typeof TaxCollectionRecord>;

export const FindingStatus = z.enum(['noted', 'correcting', 'responded', 'closed', 'resolved']);
export type FindingStatus = z.infer<typeof FindingStatus>;

/** One evidence file (佐证材料) of a correction response, as its inspection found it; `by` is its uploader. */
export const Evidence = z.object({
  key: z.string(),
  by: z.string(),
  at: z.string(),
  ok: z.boolean(),
  type: z.string().optional(),
  size: z.number().optional(),
  sha256: z.string().optional(),
  errors: z.array(z.object({ code: z.string(), message: Bilingual })).optional(),
});
export type Evidence = z.infer<typeof Evidence>;

/** What a finding that goes to correction (整改) carries; its notice (`CorrectionNotice`) is what is tracked. */
export const Correction = z.object({
  due: z.string(),
  /** the per-item execution of records written before notices (issue 19) */
  execution: z.string().optional(),
  escalatedAt: z.string().optional(),
  response: z.object({ text: z.string(), by: z.string(), at: z.string() }).optional(),
  lastComment: z.object({ by: z.string(), at: z.string(), text: z.string() }).optional(),
  closedAt: z.string().optional(),
  closedBy: z.string().optional(),
  evidence: z.array(Evidence).optional(),
});
export type Correction = z.infer<typeof Correction>;

/** A finding of a period (`…` / `FINDING#<asOf>#<code>`), with its correction item if it goes to correction. */
export const FindingRecord = IndexedKey.extend({
  year: z.number(),
  org: z.string(),
  fund: z.string(),
  province: z.string(),
  asOf: z.string(),
  code: z.string(),
  dimension: Dimension,
  severity: Severity,
  message: Bilingual,
  details: z.record(z.string(), z.unknown()),
  status: FindingStatus,
  raisedAt: z.string(),
  correction: Correction.optional(),
  version: z.number(),
});
export type FindingRecord = z.infer<typeof FindingRecord>;

/**
 * A correction notice (整改通知, 第十四条): one per region × fund × period (`MON#…` / `CORRNOTICE#<asOf>`), listing that
 * period's findings that go to correction. Each finding is answered and closed inside it (the findings keep their
 * own status and correction); one `monitoring-correction` execution per round of the notice runs only when someone
 * acts. While open it sits in the provincial unit's index under the instant the daily tick next wakes it (a reminder
 * 7 days and 1 day before `due`, the deadline, then monthly); closed, it leaves the index and a new finding of the
 * period opens the next round.
 */
export const CorrectionNotice = IndexedKey.extend({
  year: z.number(),
  org: z.string(),
  fund: z.string(),
  province: z.string(),
  asOf: z.string(),
  status: z.enum(['open', 'closed']),
  /** the codes of the findings of the round that is open (the period's findings with `correction` are all answered) */
  codes: z.array(z.string()).optional(),
  /** the earliest correction deadline of the open round */
  due: z.string().optional(),
  /** when the tick next wakes the open round */
  wake: z.string().optional(),
  escalatedAt: z.string().optional(),
  /** rounds closed so far: the open round's execution is named after the next */
  closes: z.number().optional(),
  version: z.number(),
});
export type CorrectionNotice = z.infer<typeof CorrectionNotice>;

/**
 * A notice's reminders: 7 days and 1 day before its deadline, the deadline (escalated then), then monthly — not
 * weekly: the province already knows, and a notice left open for the rest of the year would otherwise mail every week.
 */
export const NOTICE_REMINDERS = { overdueEveryDays: 30 };
/** When the tick next wakes a notice due at `due`, seen at `at`. */
export const noticeWake = (due: string, at?: number) => nextTimer(due, at, NOTICE_REMINDERS).at;

export const UploadStatus = z.enum(['waiting', 'refused', 'accepted']);
export type UploadStatus = z.infer<typeof UploadStatus>;

/** A refusal of an uploaded template: an inspection problem (no cell), or a cell of the 绩效监控表. */
export const UploadError = z.object({
  sheet: z.string().optional(),
  cell: z.string().optional(),
  code: z.string(),
  message: Bilingual,
});
export type UploadError = z.infer<typeof UploadError>;

/** A template upload and its outcome (`…` / `UPLOAD#<asOf>#<id>`). */
export const UploadRecord = Key.extend({
  key: z.string(),
  uploader: z.string(),
  status: UploadStatus,
  createdAt: z.string(),
  errors: z.array(UploadError).optional(),
  version: z.number(),
});
export type UploadRecord = z.infer<typeof UploadRecord>;

// --- what the wing reads of items other wings own ----------------------------------------------------------------

/** The part of a cycle record the tick reads. */
export const CycleYear = z.object({ year: z.number() });
export type CycleYear = z.infer<typeof CycleYear>;

/** The part of a region's targets work item monitoring reads: whether it is issued, and its approved indicators. */
export const IssuedTarget = z.object({
  kind: z.literal('targets'),
  org: z.string(),
  fund: z.string(),
  status: z.string(),
  approved: z
    .object({
      version: z.number(),
      draft: z.object({
        indicators: z.array(
          z.object({
            id: IndicatorId,
            target: TargetValue,
            unit: z.string().optional(),
            weight: Points.optional(),
          }),
        ),
      }),
    })
    .optional(),
});
export type IssuedTarget = z.infer<typeof IssuedTarget>;
