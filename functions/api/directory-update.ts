import { z } from 'zod';
import { api, jsonContentType } from '#functions/commons/http';
import { changePerson } from '#shared/directory/directory';
import { PersonChanges, PersonId } from '#shared/directory/records';

/** PATCH /api/directory/people/{id} — change a person at the version read (409 when changed meanwhile). */
export const handler = api(
  {
    use: [jsonContentType()],
    params: z.object({ id: PersonId }),
    body: z.strictObject({ version: z.int().positive(), changes: PersonChanges }),
  },
  async ({ principal, params, body }) => ({
    status: 200,
    body: await changePerson(principal, params.id, body.version, body.changes),
  }),
);
