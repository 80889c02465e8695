import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { DecisionInput } from '#shared/results/records';
import { decideUse } from '#shared/results/results';

/** PUT /api/cycles/{year}/results/{org}/{fund}/decision — finance decides: applied or not, and why. */
export const handler = api(
  { params: z.object({ year: Year, org: OrgCode, fund: FundCode }), body: DecisionInput },
  async ({ principal, params, body }) => ({
    status: 200,
    body: await decideUse(principal, params.year, params.org, params.fund, body),
  }),
);
