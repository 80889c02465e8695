import { z } from 'zod';
import { api } from '#functions/commons/http';
import { authorize } from '#shared/reference/auth';
import { listOrgs, OrgCode, Tier } from '#shared/reference/orgs';

/** GET /api/orgs?tier=province|region&parent=<code> — organisations (reference data, readable by all staff). */
export const handler = api(
  { query: z.strictObject({ tier: Tier.optional(), parent: OrgCode.optional() }) },
  async ({ principal, query }) => {
    authorize(principal, 'reference.read');
    return { status: 200, body: listOrgs(query) };
  },
);
