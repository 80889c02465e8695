import { z } from 'zod';
import { api } from '#functions/commons/http';
import { Year } from '#functions/commons/params';
import { authorize } from '#shared/reference/auth';
import { listFunds } from '#shared/reference/funds';

/** GET /api/funds — the funds in scope (第三条), optionally for one budget year. */
export const handler = api({ query: z.strictObject({ year: Year.optional() }) }, async ({ principal, query }) => {
  authorize(principal, 'reference.read');
  return { status: 200, body: listFunds(query.year === undefined ? {} : { year: query.year }) };
});
