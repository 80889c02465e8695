import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { reportTaxCollection, TaxCollection } from '#shared/monitoring/integrity';

/** PUT /api/cycles/{year}/monitoring/{org}/{fund}/tax/{asOf} — the region's tax department reports its collection. */
export const handler = api(
  {
    params: z.object({ year: Year, org: OrgCode, fund: FundCode, asOf: z.string().max(10) }),
    body: TaxCollection,
  },
  async ({ principal, params, body }) => ({
    status: 200,
    body: await reportTaxCollection(principal, params.year, params.org, params.fund, params.asOf, body),
  }),
);
