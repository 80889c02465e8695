import { z } from 'zod';
import { api } from '#functions/commons/http';
import { getPerson } from '#shared/directory/directory';
import { PersonId } from '#shared/directory/records';

/** GET /api/directory/people/{id} — one person of the directory. */
export const handler = api({ params: z.object({ id: PersonId }) }, async ({ principal, params }) => ({
  status: 200,
  body: await getPerson(principal, params.id),
}));
