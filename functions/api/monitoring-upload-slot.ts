import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { monitoringUploadSlot } from '#shared/monitoring/uploads';

/** POST …/monitoring/{org}/{fund}/periods/{asOf}/uploads — a presigned POST for a filled 绩效监控表. */
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
    status: 201,
    body: await monitoringUploadSlot(principal, params.year, params.org, params.fund, params.asOf),
  }),
);
