import { z } from 'zod';
import { api, jsonContentType } from '#functions/commons/http';
import { setDeputy } from '#shared/directory/directory';
import { PersonId } from '#shared/directory/records';

/** PUT /api/directory/people/{id}/deputy — name a deputy for a bounded time (代理), or end it with `deputy: null`. */
export const handler = api(
  {
    use: [jsonContentType()],
    params: z.object({ id: PersonId }),
    body: z.strictObject({ deputy: PersonId.nullable(), until: z.iso.datetime({ offset: true }).optional() }),
  },
  async ({ principal, params, body }) => ({ status: 200, body: await setDeputy(principal, params.id, body) }),
);
