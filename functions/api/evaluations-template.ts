import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { selfEvaluationTemplate } from '#shared/evaluation/self-evaluation';

/** GET /api/cycles/{year}/evaluations/{org}/{fund}/template — the region's 绩效自评表 (.xlsx) to fill and upload. */
export const handler = api(
  {
    params: z.object({
      year: Year,
      org: OrgCode,
      fund: FundCode,
    }),
  },
  async ({ principal, params }) => ({
    status: 200,
    body: (await selfEvaluationTemplate(principal, params.year, params.org, params.fund)).buf,
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="self-evaluation-${params.year}-${params.org}-${params.fund}.xlsx"`,
    },
  }),
);
