import { z } from 'zod';
import { api } from '#functions/commons/http';
import { OrgCode } from '#shared/reference/orgs';
import { saveDraft, TargetDraft } from '#shared/targets/targets';

/** PUT /api/cycles/{year}/targets/{org}/{fund}/draft — the agency saves its target draft (制定). */
export const handler = api(
  {
    params: z.object({
      year: z.coerce.number().int().min(2023).max(2100),
      org: OrgCode,
      fund: z.string().min(1).max(8),
    }),
    body: TargetDraft.extend({ version: z.int().positive().optional() }),
  },
  async ({ principal, params, body }) => {
    const { version, ...draft } = body;
    const saved = await saveDraft(principal, params.year, params.org, params.fund, draft, version);
    return { status: 200, body: { status: saved.status, version: saved.version, draft: saved.draft } };
  },
);
