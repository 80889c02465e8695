import { api } from '#functions/commons/http';
import { MeView, meView } from '#shared/reference/auth';

/**
 * GET /api/me — who the caller is (user, organisation, tier, department) and what it may do: `may` lists the
 * organisation × fund pairs on which the one policy (`authorize`) lets it draft targets, submit its self-evaluation
 * and submit monitoring data, so the console offers exactly the forms the API will accept.
 */
export const handler = api({ response: MeView }, async ({ principal }) => ({ status: 200, body: meView(principal) }));
