import { z } from 'zod';
import { api } from '#functions/commons/http';
import { OrgCode, Year } from '#functions/commons/params';
import { publish } from '#shared/publication/publication';

/** POST /api/cycles/{year}/publication/{org} — a province publishes its key targets and its regions' results. */
export const handler = api({ params: z.object({ year: Year, org: OrgCode }) }, async ({ principal, params }) => ({
  status: 201,
  body: await publish(principal, params.year, params.org),
}));
