import { z } from 'zod';
import { api } from '#functions/commons/http';
import { OrgCode, Year } from '#functions/commons/params';
import { viewProvincialEvaluation } from '#shared/evaluation/provincial';

/** GET /api/cycles/{year}/provincial-evaluations/{org} — a province's evaluation: status, report, progress of its items. */
export const handler = api({ params: z.object({ year: Year, org: OrgCode }) }, async ({ principal, params }) => ({
  status: 200,
  body: await viewProvincialEvaluation(principal, params.year, params.org),
}));
