import { z } from 'zod';
import { api } from '#functions/commons/http';
import { Delegation, delegate } from '#shared/evaluation/delegations';

/** POST /api/cycles/{year}/delegations — delegate chosen evaluation items to a third party for a window (第十七条). */
export const handler = api(
  { params: z.object({ year: z.coerce.number().int().min(2023).max(2100) }), body: Delegation },
  async ({ principal, params, body }) => ({ status: 201, body: await delegate(principal, params.year, body) }),
);
