import { z } from 'zod';
import { api } from '#functions/commons/http';
import { openEvaluationPhase } from '#shared/evaluation/self-evaluation';

/** POST /api/cycles/{year}/evaluations/open — central opens the evaluation phase after the budget year (第四章). */
export const handler = api(
  { params: z.object({ year: z.coerce.number().int().min(2023).max(2100) }) },
  async ({ principal, params }) => ({
    status: 202,
    body: await openEvaluationPhase(principal, params.year),
  }),
);
