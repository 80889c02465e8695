import { z } from 'zod';
import { api } from '#functions/commons/http';
import { listEvaluations } from '#shared/evaluation/self-evaluation';
import { OrgCode } from '#shared/reference/orgs';

/** GET /api/cycles/{year}/evaluations?org=<code> — self-evaluations with status, score, grade, lateness and step. */
export const handler = api(
  {
    params: z.object({ year: z.coerce.number().int().min(2023).max(2100) }),
    query: z.strictObject({ org: OrgCode.optional() }),
  },
  async ({ principal, params, query }) => ({
    status: 200,
    body: await listEvaluations(principal, params.year, query.org ?? principal.orgCode),
  }),
);
