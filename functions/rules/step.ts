import { z } from 'zod';
import { step } from '#functions/commons/steps';
import { OrgCode } from '#shared/reference/orgs';
import { issueRules, openRulesTask, readRulesStep, rulesReturned } from '#shared/rules/rules';

/** The steps of `statemachines/rules-approval.asl.json`. */
const Subject = { year: z.int().min(2023), province: OrgCode };
const Input = z.discriminatedUnion('step', [
  z.object({ step: z.literal('read'), ...Subject }),
  z.object({ step: z.literal('open'), token: z.string().min(1), ...Subject }),
  z.object({ step: z.literal('issue'), ...Subject }),
  z.object({ step: z.literal('returned'), ...Subject }),
]);

export const handler = step(Input, async (input) => {
  switch (input.step) {
    case 'read':
      return readRulesStep(input.year, input.province);
    case 'open':
      return openRulesTask(input.token, input.year, input.province);
    case 'issue':
      return issueRules(input.year, input.province);
    case 'returned':
      return rulesReturned(input.year, input.province);
  }
});
