import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, Year } from '#functions/commons/params';
import { authorize } from '#shared/reference/auth';
import { getCentralTargets } from '#shared/targets/targets';

/** GET /api/cycles/{year}/central-targets/{fund} — central's overall and annual targets of a fund. */
export const handler = api({ params: z.object({ year: Year, fund: FundCode }) }, async ({ principal, params }) => {
  authorize(principal, 'reference.read');
  return { status: 200, body: await getCentralTargets(params.year, params.fund) };
});
