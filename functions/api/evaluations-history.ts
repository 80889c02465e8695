import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { evaluationHistory } from '#shared/evaluation/history';

/**
 * GET /api/cycles/{year}/evaluations/{org}/{fund}/history — the unit × fund's result beside the previous years'
 * (score, grade, key indicators, the change from year to year; R8.1).
 */
export const handler = api(
  { params: z.object({ year: Year, org: OrgCode, fund: FundCode }) },
  async ({ principal, params }) => ({
    status: 200,
    body: await evaluationHistory(principal, params.year, params.org, params.fund),
  }),
);
