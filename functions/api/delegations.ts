import { z } from 'zod';
import { Delegation, delegate } from '#shared/delegations';
import { api } from '#shared/http';

/** POST /api/cycles/{year}/delegations — delegate chosen evaluation items to a third party for a window (第十七条). */
export const handler = api(
  { params: z.object({ year: z.coerce.number().int().min(2023).max(2100) }), body: Delegation },
  async ({ principal, params, body }) => ({ status: 201, body: await delegate(principal, params.year, body) }),
);
