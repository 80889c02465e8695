import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { listMonitoringUploads } from '#shared/monitoring/uploads';

/** GET …/monitoring/{org}/{fund}/periods/{asOf}/uploads — the outcomes of template uploads, cell by cell. */
export const handler = api(
  {
    params: z.object({
      year: Year,
      org: OrgCode,
      fund: FundCode,
      asOf: z.iso.date(),
    }),
  },
  async ({ principal, params }) => ({
    status: 200,
    body: await listMonitoringUploads(principal, params.year, params.org, params.fund, params.asOf),
  }),
);
