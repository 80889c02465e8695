import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { UploadRequest, uploadSlot } from '#shared/evaluation/self-evaluation';

/** POST /api/cycles/{year}/evaluations/{org}/{fund}/uploads — a presigned POST slot for a report, template or evidence. */
export const handler = api(
  {
    params: z.object({
      year: Year,
      org: OrgCode,
      fund: FundCode,
    }),
    body: UploadRequest,
  },
  async ({ principal, params, body }) => ({
    status: 201,
    body: await uploadSlot(principal, params.year, params.org, params.fund, body),
  }),
);
