import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { viewBudget } from '#shared/targets/budgets';

/** GET /api/cycles/{year}/budgets/{org}/{fund} — the budget: lines, versions, adjustment, final accounts (404 if none). */
export const handler = api(
  { params: z.object({ year: Year, org: OrgCode, fund: FundCode }) },
  async ({ principal, params }) => ({
    status: 200,
    body: await viewBudget(principal, params.year, params.org, params.fund),
  }),
);
