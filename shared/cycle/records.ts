import { z } from 'zod';

/**
 * The stored items of the cycle wing, as zod schemas: what the store reads is parsed, not cast. The cycle is
 * `CYCLE#<year>` / `CYCLE`, a work item `CYCLE#<year>` / `ITEM#<org>#<kind>#<fund>`, a sent notice
 * `CYCLE#<year>` / `NOTICE#<kind>#<org>` (keys in `platform/table.ts`). Unknown fields (the GSI keys) are dropped on
 * read; every write of a read item is an update of the fields it changes.
 */
const Key = z.object({ pk: z.string(), sk: z.string() });
const IsoInstant = z.iso.datetime({ offset: true });

export const CyclePhase = z.enum([
  'kickoff', // 启动
  'targets', // 绩效目标
  'monitoring', // 绩效运行监控
  'self-evaluation', // 绩效自评
  'provincial-evaluation', // 省级绩效评价
  'central-review', // 中央审核与考核
  'closed',
]);
export type CyclePhase = z.infer<typeof CyclePhase>;

export const Cycle = Key.extend({
  year: z.int(),
  phase: CyclePhase,
  deadlines: z.object({ targets: IsoInstant, selfEvaluation: IsoInstant, provincialEvaluation: IsoInstant }),
  /** how far past the provincial deadline a delegation may run, in days (set by central at kickoff) */
  delegationMarginDays: z.int().optional(),
  executionArn: z.string(),
  createdAt: IsoInstant,
  createdBy: z.string(),
  version: z.int(),
});
export type Cycle = z.infer<typeof Cycle>;

/**
 * What every work item of a cycle has, whichever wing keeps it (targets, self-evaluations, provincial evaluations,
 * assessments, rectifications): the list of a cycle's items shows these, and what the dashboards show of a
 * self-evaluation. An assessment or a rectification has no `due`.
 */
export const WorkItem = z.object({
  year: z.int(),
  org: z.string(),
  kind: z.string(),
  fund: z.string(),
  status: z.string(),
  due: z.string().optional(),
  version: z.int(),
  /** a self-evaluation's provincial unit, whether it was late, its self-assessed and its reviewed grade (the dashboards) */
  province: z.string().optional(),
  /** when it went late: an instant, or only that it did (a provincial evaluation escalated), or, for a target, per step */
  late: z.union([z.string(), z.boolean(), z.record(z.string(), z.string())]).optional(),
  score: z.object({ total: z.string(), grade: z.string() }).optional(),
  review: z.object({ score: z.string(), grade: z.string() }).optional(),
});
export type WorkItem = z.infer<typeof WorkItem>;

/** A notice sent once (the kickoff mail to a provincial unit), kept so that a retried step does not send it again. */
export const NoticeRecord = Key.extend({
  kind: z.string(),
  org: z.string().optional(),
  to: z.string().optional(),
  sentAt: z.string().optional(),
  version: z.int(),
});
export type NoticeRecord = z.infer<typeof NoticeRecord>;

/** An entry of a work item's audit trail, as far as its timeline reads it. */
export const TrailEntry = z.object({
  at: z.string(),
  actor: z.object({ id: z.string(), orgCode: z.string().nullish() }),
  action: z.string(),
  comment: z.string().nullish(),
  after: z.record(z.string(), z.unknown()).nullish(),
});
export type TrailEntry = z.infer<typeof TrailEntry>;
