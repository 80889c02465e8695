import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { Decomposition, decompose } from '#shared/targets/targets';

/** PUT /api/cycles/{year}/targets/{org}/{fund}/regions — the province decomposes its issued target (分解下达). */
export const handler = api(
  {
    params: z.object({
      year: Year,
      org: OrgCode,
      fund: FundCode,
    }),
    body: Decomposition,
  },
  async ({ principal, params, body }) => ({
    status: 200,
    body: await decompose(principal, params.year, params.org, params.fund, body),
  }),
);
