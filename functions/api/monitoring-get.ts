import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, YearPath } from '#functions/commons/params';
import { viewMonitoring } from '#shared/monitoring/submissions';

/** GET /api/cycles/{year}/monitoring?org=&fund= — periods, submissions, comparisons, findings, trajectories. */
export const handler = api(
  {
    params: YearPath,
    query: z.strictObject({ org: OrgCode.optional(), fund: FundCode.optional() }),
  },
  async ({ principal, params, query }) => ({
    status: 200,
    body: await viewMonitoring(principal, params.year, query.org ?? principal.orgCode, query.fund),
  }),
);
