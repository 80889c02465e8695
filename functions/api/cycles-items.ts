import { z } from 'zod';
import { authorize } from '#shared/auth';
import { listWorkItems } from '#shared/cycles';
import { api } from '#shared/http';
import { OrgCode } from '#shared/orgs';

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
