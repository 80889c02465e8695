import { z } from 'zod';
import { api } from '#functions/commons/http';
import { AssessmentScheme, startCentralReview } from '#shared/evaluation/central-review';

/** POST /api/cycles/{year}/central-review — central starts reviewing and assessing the provinces that reported. */
export const handler = api(
  {
    params: z.object({ year: z.coerce.number().int().min(2023).max(2100) }),
    body: z.strictObject({ scheme: AssessmentScheme.optional() }),
  },
  async ({ principal, params, body }) => ({
    status: 202,
    body: await startCentralReview(principal, params.year, body.scheme),
  }),
);
