import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { monitoringTemplate } from '#shared/monitoring/uploads';

/** GET /api/cycles/{year}/monitoring/{org}/{fund}/periods/{asOf}/template — the period's 绩效监控表 (.xlsx). */
export const handler = api(
  {
    params: z.object({
      year: Year,
      org: OrgCode,
      fund: FundCode,
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
