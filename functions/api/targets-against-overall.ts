import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { viewAgainstOverall } from '#shared/targets/targets';

/**
 * GET /api/cycles/{year}/targets/{org}/{fund}/against-overall — the annual target against central's overall
 * (multi-year) targets of its period, with each indicator's deviation (R8.1): what the central reviewer sees.
 */
export const handler = api(
  { params: z.object({ year: Year, org: OrgCode, fund: FundCode }) },
  async ({ principal, params }) => ({
    status: 200,
    body: await viewAgainstOverall(principal, params.year, params.org, params.fund),
  }),
);
