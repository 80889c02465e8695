import { z } from 'zod';
import { api } from '#functions/commons/http';
import { Actual } from '#shared/evaluation/records';
import { saveActuals } from '#shared/evaluation/self-evaluation';
import { OrgCode } from '#shared/reference/orgs';

/** PUT /api/cycles/{year}/evaluations/{org}/{fund}/actuals — the structured part of a self-evaluation as JSON. */
export const handler = api(
  {
    params: z.object({
      year: z.coerce.number().int().min(2023).max(2100),
      org: OrgCode,
      fund: z.string().min(1).max(8),
    }),
    body: z.strictObject({ actuals: z.array(Actual).min(1).max(200) }),
  },
  async ({ principal, params, body }) => ({
    status: 200,
    body: await saveActuals(principal, params.year, params.org, params.fund, body.actuals),
  }),
);
