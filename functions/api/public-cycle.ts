import { api } from '#functions/commons/http';
import { YearPath } from '#functions/commons/params';
import { readDisclosure } from '#shared/publication/publication';

/** GET /api/public/cycles/{year} — what a cycle has published, for the public and the People's Congress. No sign-in. */
export const handler = api({ public: true, params: YearPath }, async ({ params }) => ({
  status: 200,
  body: await readDisclosure(params.year),
  headers: { 'cache-control': 'public, max-age=300' },
}));
