import { z } from 'zod';
import { api } from '#functions/commons/http';
import { monitoringUploadSlot } from '#shared/monitoring/uploads';
import { OrgCode } from '#shared/reference/orgs';

/** POST …/monitoring/{org}/{fund}/periods/{asOf}/uploads — a presigned POST for a filled 绩效监控表. */
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
    status: 201,
    body: await monitoringUploadSlot(principal, params.year, params.org, params.fund, params.asOf),
  }),
);
