import { z } from 'zod';
import { api } from '#functions/commons/http';
import { OrgCode } from '#functions/commons/params';
import { listStaff } from '#shared/directory/directory';

/** GET /api/directory?org= — an organisation's staff (人员名录), for anyone who may read that organisation. */
export const handler = api({ query: z.strictObject({ org: OrgCode }) }, async ({ principal, query }) => ({
  status: 200,
  body: await listStaff(principal, query.org),
}));
