import { z } from 'zod';
import { authorize } from '#shared/auth';
import { readCycle } from '#shared/cycles';
import { api } from '#shared/http';

/** GET /api/cycles/{year} — the cycle, its phase, and where its execution is. */
export const handler = api(
  { params: z.object({ year: z.coerce.number().int().min(2023).max(2100) }) },
  async ({ principal, params }) => {
    authorize(principal, 'reference.read');
    return { status: 200, body: await readCycle(params.year) };
  },
);
