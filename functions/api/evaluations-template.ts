import { z } from 'zod';
import { api } from '#functions/commons/http';
import { selfEvaluationTemplate } from '#shared/evaluation/self-evaluation';
import { OrgCode } from '#shared/reference/orgs';

/** GET /api/cycles/{year}/evaluations/{org}/{fund}/template — the region's 绩效自评表 (.xlsx) to fill and upload. */
export const handler = api(
  {
    params: z.object({
      year: z.coerce.number().int().min(2023).max(2100),
      org: OrgCode,
      fund: z.string().min(1).max(8),
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
