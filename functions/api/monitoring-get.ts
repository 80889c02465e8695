import { z } from 'zod';
import { api } from '#functions/commons/http';
import { viewMonitoring } from '#shared/monitoring/submissions';
import { OrgCode } from '#shared/reference/orgs';

/** GET /api/cycles/{year}/monitoring?org=&fund= — periods, submissions, comparisons, findings, trajectories. */
export const handler = api(
  {
    params: z.object({ year: z.coerce.number().int().min(2023).max(2100) }),
    query: z.strictObject({ org: OrgCode.optional(), fund: z.string().min(1).max(8).optional() }),
  },
  async ({ principal, params, query }) => ({
    status: 200,
    body: await viewMonitoring(principal, params.year, query.org ?? principal.orgCode, query.fund),
  }),
);
