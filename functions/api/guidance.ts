import { z } from 'zod';
import { api } from '#functions/commons/http';
import { Guidance, issueGuidance } from '#shared/targets/targets';

/** POST /api/cycles/{year}/guidance — central issues guiding targets to provinces with the budget deployment (第十条). */
export const handler = api(
  { params: z.object({ year: z.coerce.number().int().min(2023).max(2100) }), body: Guidance },
  async ({ principal, params, body }) => ({ status: 200, body: await issueGuidance(principal, params.year, body) }),
);
