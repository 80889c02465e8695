import { authorize } from '#shared/auth';
import { listCycles } from '#shared/cycles';
import { api } from '#shared/http';

/** GET /api/cycles — every budget year kicked off, newest first. */
export const handler = api({}, async ({ principal }) => {
  authorize(principal, 'reference.read');
  return { status: 200, body: await listCycles() };
});
