import { z } from 'zod';
import { api } from '#functions/commons/http';
import { listMonitoringUploads } from '#shared/monitoring/uploads';
import { OrgCode } from '#shared/reference/orgs';

/** GET …/monitoring/{org}/{fund}/periods/{asOf}/uploads — the outcomes of template uploads, cell by cell. */
export const handler = api(
  {
    params: z.object({
      year: z.coerce.number().int().min(2023).max(2100),
      org: OrgCode,
      fund: z.string().min(1).max(8),
      asOf: z.iso.date(),
    }),
  },
  async ({ principal, params }) => ({
    status: 200,
    body: await listMonitoringUploads(principal, params.year, params.org, params.fund, params.asOf),
  }),
);
