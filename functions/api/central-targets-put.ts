import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, Year } from '#functions/commons/params';
import { CentralTargets, setCentralTargets } from '#shared/targets/targets';

/** PUT /api/cycles/{year}/central-targets/{fund} — central sets overall (multi-year) and annual targets (第七、八条). */
export const handler = api(
  {
    params: z.object({ year: Year, fund: FundCode }),
    body: CentralTargets,
  },
  async ({ principal, params, body }) => ({
    status: 200,
    body: await setCentralTargets(principal, params.year, params.fund, body),
  }),
);
