import { z } from 'zod';
import { api } from '#functions/commons/http';
import { monitoringSummary } from '#shared/monitoring/submissions';
import { OrgCode } from '#shared/reference/orgs';

/** GET /api/cycles/{year}/monitoring/summary?org=<province> — the province's regions by open findings and lateness. */
export const handler = api(
  {
    params: z.object({ year: z.coerce.number().int().min(2023).max(2100) }),
    query: z.strictObject({ org: OrgCode.optional() }),
  },
  async ({ principal, params, query }) => ({
    status: 200,
    body: await monitoringSummary(principal, params.year, query.org ?? principal.orgCode),
  }),
);
