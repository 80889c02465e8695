import { z } from 'zod';
import { api } from '#functions/commons/http';
import { readCycle } from '#shared/cycle/cycles';
import { authorize } from '#shared/reference/auth';

/** GET /api/cycles/{year} — the cycle, its phase, and where its execution is. */
export const handler = api(
  { params: z.object({ year: z.coerce.number().int().min(2023).max(2100) }) },
  async ({ principal, params }) => {
    authorize(principal, 'reference.read');
    return { status: 200, body: await readCycle(params.year) };
  },
);
