import { api } from '#functions/commons/http';
import { YearPath } from '#functions/commons/params';
import { evaluationReadiness } from '#shared/evaluation/readiness';
import { authorize } from '#shared/reference/auth';

/**
 * GET /api/cycles/{year}/evaluations/readiness — whether central may open the evaluation phase now, and what is not
 * ready (the targets still in review or drafting, counted, the first few named): what the open refuses on.
 */
export const handler = api({ params: YearPath }, async ({ principal, params }) => {
  authorize(principal, 'cycle.kickoff');
  return { status: 200, body: await evaluationReadiness(params.year) };
});
