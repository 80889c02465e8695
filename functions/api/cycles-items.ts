import { z } from 'zod';
import { api } from '#functions/commons/http';
import { listWorkItems } from '#shared/cycle/cycles';
import { authorize } from '#shared/reference/auth';
import { OrgCode } from '#shared/reference/orgs';

/** GET /api/cycles/{year}/items?org=<code> — work items of a cycle: one organisation's, or all of them for central. */
export const handler = api(
  {
    params: z.object({ year: z.coerce.number().int().min(2023).max(2100) }),
    query: z.strictObject({ org: OrgCode.optional() }),
  },
  async ({ principal, params, query }) => {
    const org = query.org ?? (principal.tier === 'central' ? undefined : principal.orgCode);
    authorize(principal, 'reference.read', org);
    return { status: 200, body: await listWorkItems(params.year, org) };
  },
);
