import { z } from 'zod';

/**
 * What the overviews read of other wings' items, as narrow zod schemas of their own (a wing depends on what it reads,
 * not on another wing's whole record). The overviews store nothing: they are read models over the cycle's work items
 * (`CYCLE#<y>` / `ITEM#…`) and the provinces' monitoring (`MON#<y>#<province>` on gsi1).
 */

/** The cycle's deadlines, as set at kickoff. */
export const CycleDeadlines = z.object({
  year: z.int(),
  phase: z.string(),
  deadlines: z.object({ targets: z.string(), selfEvaluation: z.string(), provincialEvaluation: z.string() }),
});
export type CycleDeadlines = z.infer<typeof CycleDeadlines>;

/**
 * Any work item of a cycle (targets, self-evaluation, provincial evaluation, …): its step and since when. `late` is
 * a string (self-evaluations: when the deadline was missed), a boolean or a record by step (targets).
 */
export const ItemStep = z.object({
  year: z.int(),
  org: z.string(),
  kind: z.string(),
  fund: z.string(),
  status: z.string(),
  due: z.string().optional(),
  stepSince: z.string().optional(),
  submittedAt: z.string().optional(),
  late: z.union([z.string(), z.boolean(), z.record(z.string(), z.string())]).optional(),
});
export type ItemStep = z.infer<typeof ItemStep>;

/** A region × fund under monitoring, as far as the overviews read it. */
export const MonitorSeen = z.object({
  org: z.string(),
  fund: z.string(),
  province: z.string(),
  createdAt: z.string().optional(),
});
export type MonitorSeen = z.infer<typeof MonitorSeen>;

/** A monitoring period: due when, submitted, late or missed. */
export const PeriodSeen = z.object({
  org: z.string(),
  fund: z.string(),
  asOf: z.string(),
  due: z.string(),
  status: z.enum(['open', 'submitted', 'missed']),
  late: z.boolean().optional(),
  submittedAt: z.string().optional(),
});
export type PeriodSeen = z.infer<typeof PeriodSeen>;

/** A monitoring finding: what it is about and whether it is still open. */
export const FindingSeen = z.object({
  org: z.string(),
  fund: z.string(),
  code: z.string(),
  status: z.string(),
});
export type FindingSeen = z.infer<typeof FindingSeen>;
