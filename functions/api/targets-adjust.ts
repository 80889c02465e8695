import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { Adjustment, adjustTarget } from '#shared/targets/targets';

/** POST /api/cycles/{year}/targets/{org}/{fund}/adjust — reopen an issued target through the review chain (调整). */
export const handler = api(
  {
    params: z.object({
      year: Year,
      org: OrgCode,
      fund: FundCode,
    }),
    body: Adjustment,
  },
  async ({ principal, params, body }) => ({
    status: 202,
    body: await adjustTarget(principal, params.year, params.org, params.fund, body.reason),
  }),
);
