import { api } from '#functions/commons/http';
import { listPublications } from '#shared/publication/publication';

/** GET /api/public/cycles — the years that have published key targets and results, newest first. No sign-in. */
export const handler = api({ public: true }, async () => ({
  status: 200,
  body: { cycles: await listPublications() },
}));
