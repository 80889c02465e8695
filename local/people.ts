/**
 * The people the local development sign-in offers (the OIDC provider's login page, `/local/token`, `GET /local/users`):
 * one adapter, so rewiring it to the staff directory changes every development sign-in at once. Today: the seeded
 * contacts of `shared/reference/directory.ts` and a third-party evaluation account per provincial unit (the accounts a
 * province delegates reviews to, `shared/delegations.ts`). Only these people can sign in locally.
 */
import { type Contact, contactOf, directory } from '#shared/reference/directory';
import { provincialUnits } from '#shared/reference/orgs';

/** A person who may sign in locally. */
export type Person = Contact;

let seeded: Map<string, Person> | undefined;
const seededPeople = (): Map<string, Person> => {
  seeded ??= new Map(
    [...directory(), ...provincialUnits().map((p) => contactOf(p.code, 'third-party'))]
      .filter((c) => c !== undefined)
      .map((c) => [c.userId, c]),
  );
  return seeded;
};

export async function listPeople(): Promise<Person[]> {
  return [...seededPeople().values()];
}

export async function findPerson(id: string): Promise<Person | undefined> {
  return seededPeople().get(id);
}
