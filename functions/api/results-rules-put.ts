import { api } from '#functions/commons/http';
import { YearPath } from '#functions/commons/params';
import { ResultsRulesInput } from '#shared/results/records';
import { setRules } from '#shared/results/results';

/** PUT /api/cycles/{year}/results/rules — central finance sets the cycle's rules of results application. */
export const handler = api({ params: YearPath, body: ResultsRulesInput }, async ({ principal, params, body }) => ({
  status: 200,
  body: await setRules(principal, params.year, body),
}));
