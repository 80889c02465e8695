import { z } from 'zod';
import { authorize } from '#shared/auth';
import { api } from '#shared/http';
import { getCentralTargets } from '#shared/targets';

/** GET /api/cycles/{year}/central-targets/{fund} — central's overall and annual targets of a fund. */
export const handler = api(
  { params: z.object({ year: z.coerce.number().int().min(2023).max(2100), fund: z.string().min(1).max(8) }) },
  async ({ principal, params }) => {
    authorize(principal, 'reference.read');
    return { status: 200, body: await getCentralTargets(params.year, params.fund) };
  },
);
