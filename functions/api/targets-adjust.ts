import { z } from 'zod';
import { api } from '#functions/commons/http';
import { OrgCode } from '#shared/reference/orgs';
import { Adjustment, adjustTarget } from '#shared/targets/targets';

/** POST /api/cycles/{year}/targets/{org}/{fund}/adjust — reopen an issued target through the review chain (调整). */
export const handler = api(
  {
    params: z.object({
      year: z.coerce.number().int().min(2023).max(2100),
      org: OrgCode,
      fund: z.string().min(1).max(8),
    }),
    body: Adjustment,
  },
  async ({ principal, params, body }) => ({
    status: 202,
    body: await adjustTarget(principal, params.year, params.org, params.fund, body.reason),
  }),
);
