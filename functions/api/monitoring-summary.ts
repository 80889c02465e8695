import { z } from 'zod';
import { api } from '#functions/commons/http';
import { OrgCode, YearPath } from '#functions/commons/params';
import { monitoringSummary } from '#shared/monitoring/submissions';

/** GET /api/cycles/{year}/monitoring/summary?org=<province> — the province's regions by open findings and lateness. */
export const handler = api(
  {
    params: YearPath,
    query: z.strictObject({ org: OrgCode.optional() }),
  },
  async ({ principal, params, query }) => ({
    status: 200,
    body: await monitoringSummary(principal, params.year, query.org ?? principal.orgCode),
  }),
);
