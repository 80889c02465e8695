import { z } from 'zod';
import { step } from '#functions/commons/steps';
import { OrgCode } from '#shared/reference/orgs';
import {
  ADJUSTMENT_STEPS,
  adjustmentTimerFired,
  applyAdjustment,
  openAdjustmentTask,
  readAdjustmentStep,
} from '#shared/targets/budgets';

/** The steps of `statemachines/budget-adjustment.asl.json`. */
const Subject = { year: z.int().min(2023), org: OrgCode, fund: z.string().min(1) };
const Input = z.discriminatedUnion('step', [
  z.object({ step: z.literal('read'), ...Subject }),
  z.object({
    step: z.literal('open'),
    task: z.enum(Object.keys(ADJUSTMENT_STEPS) as [keyof typeof ADJUSTMENT_STEPS]),
    token: z.string().min(1),
    ...Subject,
  }),
  z.object({ step: z.literal('timer'), ...Subject }),
  z.object({ step: z.literal('apply'), ...Subject }),
]);

export const handler = step(Input, async (input) => {
  switch (input.step) {
    case 'read':
      return readAdjustmentStep(input.year, input.org, input.fund);
    case 'open':
      return openAdjustmentTask(input.token, input.year, input.org, input.fund, input.task);
    case 'timer':
      return adjustmentTimerFired(input.year, input.org, input.fund);
    case 'apply':
      return applyAdjustment(input.year, input.org, input.fund);
  }
});
