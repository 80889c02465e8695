import { z } from 'zod';
import { api } from '#functions/commons/http';
import { Year } from '#functions/commons/params';
import { verifyAuditChains } from '#shared/platform/audit';
import { authorize } from '#shared/reference/auth';

/**
 * GET /api/audit/verify?year= — walk the audit chains (of one budget year if given) and report OK or the first
 * broken link (`shared/platform/audit.ts`). Central finance only; read-only.
 */
export const handler = api({ query: z.strictObject({ year: Year.optional() }) }, async ({ principal, query }) => {
  authorize(principal, 'audit.verify');
  return { status: 200, body: await verifyAuditChains(query.year) };
});
