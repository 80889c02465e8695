import { api } from '#functions/commons/http';
import { YearPath } from '#functions/commons/params';
import { publish } from '#shared/publication/publication';

/** POST /api/cycles/{year}/publication — central publishes key targets and evaluation results (第二十一条). */
export const handler = api({ params: YearPath }, async ({ principal, params }) => ({
  status: 201,
  body: await publish(principal, params.year),
}));
