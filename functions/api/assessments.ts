import { z } from 'zod';
import { api } from '#functions/commons/http';
import { listAssessments } from '#shared/evaluation/central-review';

/** GET /api/cycles/{year}/assessments — central: every province's assessment; a province: its own. */
export const handler = api(
  { params: z.object({ year: z.coerce.number().int().min(2023).max(2100) }) },
  async ({ principal, params }) => ({
    status: 200,
    body: await listAssessments(principal, params.year),
  }),
);
