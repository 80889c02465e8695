import { z } from 'zod';
import { api } from '#functions/commons/http';
import { OrgCode, YearPath } from '#functions/commons/params';
import { riskView } from '#shared/monitoring/integrity';

/** GET /api/cycles/{year}/risk?org=<province or central> — the regions at risk, and the figures to be verified. */
export const handler = api(
  {
    params: YearPath,
    query: z.strictObject({ org: OrgCode.optional() }),
  },
  async ({ principal, params, query }) => ({
    status: 200,
    body: await riskView(principal, params.year, query.org ?? principal.orgCode),
  }),
);
