import { z } from 'zod';
import { step } from '#functions/commons/steps';
import {
  CORRECTION_STEPS,
  correctionTimerFired,
  openCorrectionTask,
  readCorrection,
} from '#shared/monitoring/corrections';
import { OrgCode } from '#shared/reference/orgs';

/** The steps of `statemachines/monitoring-correction.asl.json`. */
const Ref = {
  year: z.int().min(2023),
  org: OrgCode,
  fund: z.string().min(1),
  asOf: z.iso.date(),
  code: z.string().min(1).max(80),
};
const Input = z.discriminatedUnion('step', [
  z.object({ step: z.literal('read'), ...Ref }),
  z.object({
    step: z.literal('open'),
    task: z.enum(Object.keys(CORRECTION_STEPS) as [keyof typeof CORRECTION_STEPS]),
    token: z.string().min(1),
    ...Ref,
  }),
  z.object({ step: z.literal('timer'), ...Ref }),
]);

export const handler = step(Input, async (input) => {
  const { step: kind, ...rest } = input;
  const ref = { year: rest.year, org: rest.org, fund: rest.fund, asOf: rest.asOf, code: rest.code };
  switch (kind) {
    case 'read':
      return readCorrection(ref);
    case 'open':
      return openCorrectionTask(
        (input as { token: string }).token,
        ref,
        (input as { task: 'respond' | 'review' }).task,
      );
    case 'timer':
      return correctionTimerFired(ref);
  }
});
