import { z } from 'zod';
import { api } from '#functions/commons/http';
import { OrgCode } from '#shared/reference/orgs';
import { Decomposition, decompose } from '#shared/targets/targets';

/** PUT /api/cycles/{year}/targets/{org}/{fund}/regions — the province decomposes its issued target (分解下达). */
export const handler = api(
  {
    params: z.object({
      year: z.coerce.number().int().min(2023).max(2100),
      org: OrgCode,
      fund: z.string().min(1).max(8),
    }),
    body: Decomposition,
  },
  async ({ principal, params, body }) => ({
    status: 200,
    body: await decompose(principal, params.year, params.org, params.fund, body),
  }),
);
