import { api } from '#functions/commons/http';
import { YearPath } from '#functions/commons/params';
import { listAssessments } from '#shared/evaluation/central-review';

/** GET /api/cycles/{year}/assessments — central: every province's assessment; a province: its own. */
export const handler = api({ params: YearPath }, async ({ principal, params }) => ({
  status: 200,
  body: await listAssessments(principal, params.year),
}));
