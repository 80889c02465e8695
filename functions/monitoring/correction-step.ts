import { z } from 'zod';
import { step } from '#functions/commons/steps';
import { CORRECTION_STEPS, openCorrectionTask, readCorrection } from '#shared/monitoring/corrections';
import { OrgCode } from '#shared/reference/orgs';

/** The steps of `statemachines/monitoring-correction.asl.json`: one round of a correction notice. */
const Ref = {
  year: z.int().min(2023),
  org: OrgCode,
  fund: z.string().min(1),
  asOf: z.iso.date(),
  round: z.int().positive(),
};
const Input = z.discriminatedUnion('step', [
  z.object({ step: z.literal('read'), ...Ref }),
  z.object({
    step: z.literal('open'),
    task: z.enum(Object.keys(CORRECTION_STEPS) as [keyof typeof CORRECTION_STEPS]),
    token: z.string().min(1),
    ...Ref,
  }),
]);

export const handler = step(Input, async (input) => {
  const ref = { year: input.year, org: input.org, fund: input.fund, asOf: input.asOf, round: input.round };
  if (input.step === 'read') return readCorrection(ref);
  return openCorrectionTask(input.token, ref, input.task);
});
