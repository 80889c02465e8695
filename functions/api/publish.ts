import { z } from 'zod';
import { api } from '#functions/commons/http';
import { publish } from '#shared/publication/publication';

/** POST /api/cycles/{year}/publication — central publishes key targets and evaluation results (第二十一条). */
export const handler = api(
  { params: z.object({ year: z.coerce.number().int().min(2023).max(2100) }) },
  async ({ principal, params }) => ({
    status: 201,
    body: await publish(principal, params.year),
  }),
);
