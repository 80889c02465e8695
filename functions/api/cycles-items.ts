import { z } from 'zod';
import { api } from '#functions/commons/http';
import { OrgCode, YearPath } from '#functions/commons/params';
import { listWorkItems } from '#shared/cycle/cycles';
import { authorize } from '#shared/reference/auth';

/** GET /api/cycles/{year}/items?org=<code> — work items of a cycle: one organisation's, or all of them for central. */
export const handler = api(
  {
    params: YearPath,
    query: z.strictObject({ org: OrgCode.optional() }),
  },
  async ({ principal, params, query }) => {
    const org = query.org ?? (principal.tier === 'central' ? undefined : principal.orgCode);
    authorize(principal, 'reference.read', org);
    return { status: 200, body: await listWorkItems(params.year, org) };
  },
);
