/**
 * The people the development sign-in offers (`/local/token`, `GET /local/users`, the local OIDC provider's login
 * page): the directory's active people. The seed's people are listed; anyone is found by id.
 */

import { seedPeople } from '#local/directory-seed';
import { isActive } from '#shared/directory/rules';
import { queryStaff, readPerson } from '#shared/directory/store';
import { nowMs } from '#shared/platform/clock';
import { getOrg, type Tier } from '#shared/reference/orgs';
import type { Department } from '#shared/reference/roles';

/** A user of the development sign-in, as `GET /local/users` lists it. */
export interface LocalUser {
  id: string;
  name: string;
  orgCode: string;
  tier: Tier;
  department: Department;
  email: string;
}

/** The active people of every organisation the seed staffs (a query per organisation), in the seed's order of organisations. */
export async function activeSeedPeople(): Promise<LocalUser[]> {
  const orgs = [...new Set(seedPeople().map((p) => p.orgCode))];
  const at = nowMs();
  const out: LocalUser[] = [];
  for (const org of orgs) {
    for (const p of await queryStaff(org)) {
      if (!isActive(p, at)) continue;
      out.push({
        id: p.id,
        name: p.name,
        orgCode: p.orgCode,
        tier: getOrg(p.orgCode).tier,
        department: p.department,
        email: p.email,
      });
    }
  }
  return out;
}

/** An active person of the directory by id. */
export async function findActivePerson(id: string) {
  const p = await readPerson(id);
  return p && isActive(p, nowMs()) ? p : undefined;
}
