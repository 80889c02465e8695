import { api } from '#functions/commons/http';
import { YearPath } from '#functions/commons/params';
import { Guidance, issueGuidance } from '#shared/targets/targets';

/** POST /api/cycles/{year}/guidance — central issues guiding targets to provinces with the budget deployment (第十条). */
export const handler = api({ params: YearPath, body: Guidance }, async ({ principal, params, body }) => ({
  status: 200,
  body: await issueGuidance(principal, params.year, body),
}));
