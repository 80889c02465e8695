import { api } from '#functions/commons/http';
import { YearPath } from '#functions/commons/params';
import { Delegation, delegate } from '#shared/evaluation/delegations';

/** POST /api/cycles/{year}/delegations — delegate chosen evaluation items to a third party for a window (第十七条). */
export const handler = api({ params: YearPath, body: Delegation }, async ({ principal, params, body }) => ({
  status: 201,
  body: await delegate(principal, params.year, body),
}));
