import { api } from '#functions/commons/http';
import { YearPath } from '#functions/commons/params';
import { readCycle } from '#shared/cycle/cycles';
import { authorize } from '#shared/reference/auth';

/** GET /api/cycles/{year} — the cycle, its phase, and where its execution is. */
export const handler = api({ params: YearPath }, async ({ principal, params }) => {
  authorize(principal, 'reference.read');
  return { status: 200, body: await readCycle(params.year) };
});
