import { api } from '#functions/commons/http';
import { YearPath } from '#functions/commons/params';
import { openEvaluationPhase } from '#shared/evaluation/self-evaluation';

/** POST /api/cycles/{year}/evaluations/open — central opens the evaluation phase after the budget year (第四章). */
export const handler = api({ params: YearPath }, async ({ principal, params }) => ({
  status: 202,
  body: await openEvaluationPhase(principal, params.year),
}));
