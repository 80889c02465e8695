import { z } from 'zod';
import { api } from '#functions/commons/http';
import { OrgCode, Year } from '#functions/commons/params';
import { submitRules } from '#shared/rules/rules';

/** POST /api/cycles/{year}/rules/{province}/submit — the province submits its saved rules to central's review. */
export const handler = api(
  {
    params: z.object({ year: Year, province: OrgCode }),
    body: z.strictObject({ version: z.int().positive().optional() }),
  },
  async ({ principal, params, body }) => ({
    status: 202,
    body: await submitRules(principal, params.year, params.province, body.version),
  }),
);
