import { KickoffRequest, kickoff } from '#shared/cycles';
import { api } from '#shared/http';

/** POST /api/cycles — central finance staff kick off a budget year. */
export const handler = api({ body: KickoffRequest }, async ({ principal, body }) => ({
  status: 202,
  body: await kickoff(principal, body),
}));
