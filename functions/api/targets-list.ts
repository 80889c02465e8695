import { z } from 'zod';
import { api } from '#functions/commons/http';
import { OrgCode } from '#shared/reference/orgs';
import { viewTargets } from '#shared/targets/targets';

/** GET /api/cycles/{year}/targets?org=<code> — targets with status, version and the step of their approval. */
export const handler = api(
  {
    params: z.object({ year: z.coerce.number().int().min(2023).max(2100) }),
    query: z.strictObject({ org: OrgCode.optional() }),
  },
  async ({ principal, params, query }) => ({
    status: 200,
    body: await viewTargets(principal, params.year, query.org ?? principal.orgCode),
  }),
);
