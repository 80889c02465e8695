import { z } from 'zod';
import { api } from '#functions/commons/http';
import { OrgCode, YearPath } from '#functions/commons/params';
import { viewRules } from '#shared/rules/rules';

/**
 * GET /api/cycles/{year}/rules?province=<code> — a province's implementation rules (第二十四条) with central's
 * bounds and deadlines; central without `province`: every province's.
 */
export const handler = api(
  { params: YearPath, query: z.strictObject({ province: OrgCode.optional() }) },
  async ({ principal, params, query }) => ({
    status: 200,
    body: await viewRules(principal, params.year, query.province),
  }),
);
