import { api } from '#functions/commons/http';
import { YearPath } from '#functions/commons/params';
import { listResultUses } from '#shared/results/results';

/** GET /api/cycles/{year}/results — the cycle's results in scope, those awaiting finance's decision first. */
export const handler = api({ params: YearPath }, async ({ principal, params }) => ({
  status: 200,
  body: await listResultUses(principal, params.year),
}));
