import { api } from '#functions/commons/http';
import { KickoffRequest, kickoff } from '#shared/cycle/cycles';

/** POST /api/cycles — central finance staff kick off a budget year. */
export const handler = api({ body: KickoffRequest }, async ({ principal, body }) => ({
  status: 202,
  body: await kickoff(principal, body),
}));
