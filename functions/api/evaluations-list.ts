import { z } from 'zod';
import { api } from '#functions/commons/http';
import { OrgCode, YearPath } from '#functions/commons/params';
import { listEvaluations } from '#shared/evaluation/self-evaluation';

/** GET /api/cycles/{year}/evaluations?org=<code> — self-evaluations with status, score, grade, lateness and step. */
export const handler = api(
  {
    params: YearPath,
    query: z.strictObject({ org: OrgCode.optional() }),
  },
  async ({ principal, params, query }) => ({
    status: 200,
    body: await listEvaluations(principal, params.year, query.org ?? principal.orgCode),
  }),
);
