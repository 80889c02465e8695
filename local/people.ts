/**
 * The people the development sign-in offers (`/local/token`, `GET /local/users`, the local OIDC provider's login
 * page): one adapter, so moving it to the staff directory moves every development sign-in at once. Today: the seeded
 * contacts of `shared/reference/directory.ts` and a third-party evaluation account per provincial unit (the accounts a
 * province delegates reviews to, `shared/delegations.ts`). Only these people can sign in locally.
 */
import { type Contact, contactOf, directory } from '#shared/reference/directory';
import { provincialUnits, type Tier } from '#shared/reference/orgs';
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

let seeded: Map<string, Contact> | undefined;
const seededPeople = (): Map<string, Contact> => {
  seeded ??= new Map(
    [...directory(), ...provincialUnits().map((p) => contactOf(p.code, 'third-party'))]
      .filter((c) => c !== undefined)
      .map((c) => [c.userId, c]),
  );
  return seeded;
};

const asUser = ({ userId, name, orgCode, tier, department, email }: Contact): LocalUser => ({
  id: userId,
  name,
  orgCode,
  tier,
  department,
  email,
});

/** Everyone who may sign in locally, in the seed's order. */
export async function activeSeedPeople(): Promise<LocalUser[]> {
  return [...seededPeople().values()].map(asUser);
}

/** A person who may sign in locally, by id (locally also the token's subject); undefined for anyone else. */
export async function findActivePerson(id: string): Promise<LocalUser | undefined> {
  const c = seededPeople().get(id);
  return c ? asUser(c) : undefined;
}
