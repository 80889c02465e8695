import { z } from 'zod';
import { step } from '#functions/commons/steps';
import { planTick, tickUnit } from '#shared/monitoring/submissions';
import { OrgCode } from '#shared/reference/orgs';
import { sendDigests } from '#shared/tasks/digest';

/** The steps of `statemachines/monitoring-tick.asl.json`. */
const Input = z.discriminatedUnion('step', [
  z.object({ step: z.literal('plan') }),
  z.object({ step: z.literal('tick'), year: z.int().min(2023), unit: OrgCode }),
  z.object({ step: z.literal('digest') }),
]);

export const handler = step(Input, async (input, timeLeft) => {
  switch (input.step) {
    case 'plan':
      return planTick();
    case 'tick':
      return tickUnit(input.year, input.unit, timeLeft);
    case 'digest':
      return sendDigests(timeLeft);
  }
});
