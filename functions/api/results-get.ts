import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { viewResultUse } from '#shared/results/results';

/** GET /api/cycles/{year}/results/{org}/{fund} — a result of `year` beside the arrangement of `year + 1`. */
export const handler = api(
  { params: z.object({ year: Year, org: OrgCode, fund: FundCode }) },
  async ({ principal, params }) => ({
    status: 200,
    body: await viewResultUse(principal, params.year, params.org, params.fund),
  }),
);
