import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { ProposalInput } from '#shared/results/records';
import { proposeUse } from '#shared/results/results';

/** PUT /api/cycles/{year}/results/{org}/{fund}/proposal — the administration proposes how the result is used. */
export const handler = api(
  { params: z.object({ year: Year, org: OrgCode, fund: FundCode }), body: ProposalInput },
  async ({ principal, params, body }) => ({
    status: 200,
    body: await proposeUse(principal, params.year, params.org, params.fund, body),
  }),
);
