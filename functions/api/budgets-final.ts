import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { FinalAccountsRequest, recordFinalAccounts } from '#shared/targets/budgets';

/** PUT /api/cycles/{year}/budgets/{org}/{fund}/final-accounts — record the final accounts (决算) after the year. */
export const handler = api(
  { params: z.object({ year: Year, org: OrgCode, fund: FundCode }), body: FinalAccountsRequest },
  async ({ principal, params, body }) => ({
    status: 200,
    body: await recordFinalAccounts(principal, params.year, params.org, params.fund, body),
  }),
);
