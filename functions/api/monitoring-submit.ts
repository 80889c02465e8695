import { z } from 'zod';
import { api } from '#functions/commons/http';
import { MonitoringSubmission, submitMonitoring } from '#shared/monitoring/submissions';
import { OrgCode } from '#shared/reference/orgs';

/** PUT /api/cycles/{year}/monitoring/{org}/{fund}/periods/{asOf} — a region submits a period's monitoring data. */
export const handler = api(
  {
    params: z.object({
      year: z.coerce.number().int().min(2023).max(2100),
      org: OrgCode,
      fund: z.string().min(1).max(8),
      asOf: z.string().max(10),
    }),
    body: MonitoringSubmission,
  },
  async ({ principal, params, body }) => ({
    status: 200,
    body: await submitMonitoring(principal, params.year, params.org, params.fund, params.asOf, body),
  }),
);
