import { z } from 'zod';
import { api } from '#functions/commons/http';
import { YearPath } from '#functions/commons/params';
import { AssessmentScheme, startCentralReview } from '#shared/evaluation/central-review';

/** POST /api/cycles/{year}/central-review — central starts reviewing and assessing the provinces that reported. */
export const handler = api(
  {
    params: YearPath,
    body: z.strictObject({ scheme: AssessmentScheme.optional() }),
  },
  async ({ principal, params, body }) => ({
    status: 202,
    body: await startCentralReview(principal, params.year, body.scheme),
  }),
);
