import { z } from 'zod';
import { step } from '#functions/commons/steps';
import { cycleRecord, kickoffUnits, openTargetPhase, prepareUnit, unitFunds } from '#shared/cycle/cycles';
import { OrgCode } from '#shared/reference/orgs';
import { startTargetApproval } from '#shared/targets/targets';

/** The steps of `statemachines/kickoff.asl.json`. */
const Year = z.int().min(2023);
const Input = z.discriminatedUnion('step', [
  z.object({ step: z.literal('read'), year: Year }),
  z.object({ step: z.literal('units'), year: Year }),
  z.object({ step: z.literal('prepare-unit'), year: Year, org: OrgCode }),
  z.object({ step: z.literal('start-targets'), year: Year, org: OrgCode }),
  z.object({ step: z.literal('open-targets'), year: Year }),
]);

export const handler = step(Input, async (input) => {
  switch (input.step) {
    case 'read':
      return { phase: (await cycleRecord(input.year)).phase };
    case 'units':
      return { units: kickoffUnits() };
    case 'prepare-unit':
      return prepareUnit(input.year, input.org);
    case 'start-targets':
      return { execution: await startTargetApproval(input.year, input.org, unitFunds(input.org, input.year)) };
    case 'open-targets':
      return openTargetPhase(input.year);
  }
});
