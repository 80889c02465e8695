import { z } from 'zod';
import { TargetValue } from '#shared/reference/indicators';
import { Grade } from '#shared/reference/scoring';

/**
 * What the reports wing reads of other wings' items, as narrow schemas of its own (it stores nothing): a unit's
 * approved target (kept by the targets wing) and a monitoring submission's figures (kept by the monitoring wing).
 */

/** A unit's target as a draft report shows it: the version in force once issued. */
export const DraftedTarget = z.object({
  org: z.string(),
  fund: z.string(),
  status: z.string(),
  approved: z
    .object({
      version: z.number(),
      draft: z.object({
        goals: z.array(z.string()),
        indicators: z.array(
          z.object({ id: z.string(), target: TargetValue, unit: z.string().optional(), weight: z.string().optional() }),
        ),
      }),
    })
    .optional(),
});
export type DraftedTarget = z.infer<typeof DraftedTarget>;

/** A monitoring period's submitted indicator values (the trajectory chart). */
export const MonitoredFigures = z.object({
  asOf: z.string(),
  indicators: z.array(z.object({ id: z.string(), value: z.string().optional(), grade: Grade.optional() })),
});
export type MonitoredFigures = z.infer<typeof MonitoredFigures>;
