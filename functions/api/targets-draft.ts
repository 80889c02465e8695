import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { saveDraft, TargetDraft } from '#shared/targets/targets';

/** PUT /api/cycles/{year}/targets/{org}/{fund}/draft — the agency saves its target draft (制定). */
export const handler = api(
  {
    params: z.object({
      year: Year,
      org: OrgCode,
      fund: FundCode,
    }),
    body: TargetDraft.extend({ version: z.int().positive().optional() }),
  },
  async ({ principal, params, body }) => {
    const { version, ...draft } = body;
    const saved = await saveDraft(principal, params.year, params.org, params.fund, draft, version);
    return { status: 200, body: { status: saved.status, version: saved.version, draft: saved.draft } };
  },
);
