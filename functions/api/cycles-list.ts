import { api } from '#functions/commons/http';
import { listCycles } from '#shared/cycle/cycles';
import { authorize } from '#shared/reference/auth';

/** GET /api/cycles — every budget year kicked off, newest first. */
export const handler = api({}, async ({ principal }) => {
  authorize(principal, 'reference.read');
  return { status: 200, body: await listCycles() };
});
