import { z } from 'zod';
import { api } from '#functions/commons/http';
import { monitoringTemplate } from '#shared/monitoring/uploads';
import { OrgCode } from '#shared/reference/orgs';

/** GET /api/cycles/{year}/monitoring/{org}/{fund}/periods/{asOf}/template — the period's 绩效监控表 (.xlsx). */
export const handler = api(
  {
    params: z.object({
      year: z.coerce.number().int().min(2023).max(2100),
      org: OrgCode,
      fund: z.string().min(1).max(8),
      asOf: z.iso.date(),
    }),
  },
  async ({ principal, params }) => ({
    status: 200,
    body: await monitoringTemplate(principal, params.year, params.org, params.fund, params.asOf),
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="monitoring-${params.year}-${params.org}-${params.fund}-${params.asOf}.xlsx"`,
    },
  }),
);
