import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { Actual } from '#shared/evaluation/records';
import { saveActuals } from '#shared/evaluation/self-evaluation';

/** PUT /api/cycles/{year}/evaluations/{org}/{fund}/actuals — the structured part of a self-evaluation as JSON. */
export const handler = api(
  {
    params: z.object({
      year: Year,
      org: OrgCode,
      fund: FundCode,
    }),
    body: z.strictObject({ actuals: z.array(Actual).min(1).max(200) }),
  },
  async ({ principal, params, body }) => ({
    status: 200,
    body: await saveActuals(principal, params.year, params.org, params.fund, body.actuals),
  }),
);
