import { z } from 'zod';
import { api } from '#functions/commons/http';
import { UploadRequest, uploadSlot } from '#shared/evaluation/self-evaluation';
import { OrgCode } from '#shared/reference/orgs';

/** POST /api/cycles/{year}/evaluations/{org}/{fund}/uploads — a presigned POST slot for a report, template or evidence. */
export const handler = api(
  {
    params: z.object({
      year: z.coerce.number().int().min(2023).max(2100),
      org: OrgCode,
      fund: z.string().min(1).max(8),
    }),
    body: UploadRequest,
  },
  async ({ principal, params, body }) => ({
    status: 201,
    body: await uploadSlot(principal, params.year, params.org, params.fund, body),
  }),
);
