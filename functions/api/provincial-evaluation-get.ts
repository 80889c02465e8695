import { z } from 'zod';
import { api } from '#functions/commons/http';
import { viewProvincialEvaluation } from '#shared/evaluation/provincial';
import { OrgCode } from '#shared/reference/orgs';

/** GET /api/cycles/{year}/provincial-evaluations/{org} — a province's evaluation: status, report, progress of its items. */
export const handler = api(
  { params: z.object({ year: z.coerce.number().int().min(2023).max(2100), org: OrgCode }) },
  async ({ principal, params }) => ({
    status: 200,
    body: await viewProvincialEvaluation(principal, params.year, params.org),
  }),
);
