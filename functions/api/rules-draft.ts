import { z } from 'zod';
import { api } from '#functions/commons/http';
import { OrgCode, Year } from '#functions/commons/params';
import { RulesDraft, saveRulesDraft } from '#shared/rules/rules';

/** PUT /api/cycles/{year}/rules/{province} — the province's finance saves its implementation rules' draft. */
export const handler = api(
  {
    params: z.object({ year: Year, province: OrgCode }),
    body: RulesDraft.extend({ version: z.int().positive().optional() }),
  },
  async ({ principal, params, body }) => {
    const { version, ...draft } = body;
    return { status: 200, body: await saveRulesDraft(principal, params.year, params.province, draft, version) };
  },
);
