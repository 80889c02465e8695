import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { MonitoringSubmission, submitMonitoring } from '#shared/monitoring/submissions';

/** PUT /api/cycles/{year}/monitoring/{org}/{fund}/periods/{asOf} — a region submits a period's monitoring data. */
export const handler = api(
  {
    params: z.object({
      year: Year,
      org: OrgCode,
      fund: FundCode,
      asOf: z.string().max(10),
    }),
    body: MonitoringSubmission,
  },
  async ({ principal, params, body }) => ({
    status: 200,
    body: await submitMonitoring(principal, params.year, params.org, params.fund, params.asOf, body),
  }),
);
