import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { correctionEvidenceSlot, EvidenceRequest } from '#shared/monitoring/corrections';

/** POST …/monitoring/{org}/{fund}/findings/{asOf}/{code}/evidence — a presigned POST for one correction evidence file. */
export const handler = api(
  {
    params: z.object({
      year: Year,
      org: OrgCode,
      fund: FundCode,
      asOf: z.iso.date({ error: '监控期须为 YYYY-MM-DD / the period must be YYYY-MM-DD' }),
      code: z.string().regex(/^[a-z0-9-]{1,80}$/, { error: '问题编号有误 / invalid finding code' }),
    }),
    body: EvidenceRequest,
  },
  async ({ principal, params, body }) => ({
    status: 201,
    body: await correctionEvidenceSlot(principal, params, body),
  }),
);
