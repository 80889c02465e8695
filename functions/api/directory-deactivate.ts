import { z } from 'zod';
import { api } from '#functions/commons/http';
import { deactivatePerson } from '#shared/directory/directory';
import { PersonId } from '#shared/directory/records';

/**
 * POST /api/directory/people/{id}/deactivate — the person is refused from their next request on, their task links
 * stop working, and (in AWS) their account is disabled. Idempotent.
 */
export const handler = api({ params: z.object({ id: PersonId }) }, async ({ principal, params }) => ({
  status: 200,
  body: await deactivatePerson(principal, params.id),
}));
