import { api } from '#functions/commons/http';
import { YearPath } from '#functions/commons/params';
import { readRules } from '#shared/results/results';

/** GET /api/cycles/{year}/results/rules — how the cycle's results inform the next arrangement (default if unset). */
export const handler = api({ params: YearPath }, async ({ principal, params }) => ({
  status: 200,
  body: await readRules(principal, params.year),
}));
