import { z } from 'zod';
import { api } from '#functions/commons/http';
import { OrgCode, YearPath } from '#functions/commons/params';
import { viewTargets } from '#shared/targets/targets';

/** GET /api/cycles/{year}/targets?org=<code> — targets with status, version and the step of their approval. */
export const handler = api(
  {
    params: YearPath,
    query: z.strictObject({ org: OrgCode.optional() }),
  },
  async ({ principal, params, query }) => ({
    status: 200,
    body: await viewTargets(principal, params.year, query.org ?? principal.orgCode),
  }),
);
