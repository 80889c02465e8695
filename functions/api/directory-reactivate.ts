import { z } from 'zod';
import { api } from '#functions/commons/http';
import { reactivatePerson } from '#shared/directory/directory';
import { PersonId } from '#shared/directory/records';

/**
 * POST /api/directory/people/{id}/reactivate — a deactivated person is back: the same entry signs in again and (in
 * AWS) their account is re-enabled. Idempotent.
 */
export const handler = api({ params: z.object({ id: PersonId }) }, async ({ principal, params }) => ({
  status: 200,
  body: await reactivatePerson(principal, params.id),
}));
