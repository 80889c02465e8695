import { api } from '#functions/commons/http';
import { findOrg } from '#shared/reference/orgs';

/** GET /api/me — who the caller is: user, organisation, tier, department. */
export const handler = api({}, async ({ principal }) => ({
  status: 200,
  body: { ...principal, org: findOrg(principal.orgCode) },
}));
