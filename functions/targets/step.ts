import { z } from 'zod';
import { step } from '#functions/commons/steps';
import { OrgCode } from '#shared/reference/orgs';
import { issueTarget, openTargetTask, readTargetStep, TARGET_STEPS, targetTimerFired } from '#shared/targets/targets';

/** The steps of `statemachines/target-approval.asl.json`. */
const Subject = { year: z.int().min(2023), org: OrgCode, fund: z.string().min(1) };
const Input = z.discriminatedUnion('step', [
  z.object({ step: z.literal('read'), ...Subject }),
  z.object({
    step: z.literal('open'),
    task: z.enum(Object.keys(TARGET_STEPS) as [keyof typeof TARGET_STEPS]),
    token: z.string().min(1),
    due: z.iso.datetime({ offset: true }).nullable().optional(),
    ...Subject,
  }),
  z.object({ step: z.literal('timer'), ...Subject }),
  z.object({ step: z.literal('issue'), ...Subject }),
]);

export const handler = step(Input, async (input) => {
  switch (input.step) {
    case 'read':
      return readTargetStep(input.year, input.org, input.fund);
    case 'open':
      return openTargetTask(input.token, input.year, input.org, input.fund, input.task, input.due);
    case 'timer':
      return targetTimerFired(input.year, input.org, input.fund);
    case 'issue':
      return issueTarget(input.year, input.org, input.fund);
  }
});
