import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { AdjustmentRequest, proposeAdjustment } from '#shared/targets/budgets';

/** POST /api/cycles/{year}/budgets/{org}/{fund}/adjust — propose a budget adjustment (调整), reviewed like a target. */
export const handler = api(
  { params: z.object({ year: Year, org: OrgCode, fund: FundCode }), body: AdjustmentRequest },
  async ({ principal, params, body }) => ({
    status: 202,
    body: await proposeAdjustment(principal, params.year, params.org, params.fund, body),
  }),
);
