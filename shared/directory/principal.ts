import { createRemoteJWKSet, jwtVerify } from 'jose';
import { z } from 'zod';
import type { Person } from '#shared/directory/records';
import { isActive, toPrincipal } from '#shared/directory/rules';
import { personIdBySubject, readPerson } from '#shared/directory/store';
import { nowMs } from '#shared/platform/clock';
import { config } from '#shared/platform/config';
import { forbidden, unauthorized } from '#shared/platform/errors';
import type { Principal } from '#shared/reference/auth';

/**
 * Who is calling. The token proves who — its subject, signed by the configured OIDC issuer (Cognito's user pool, a
 * unified identity platform, or locally `local/oidc.ts`) — and the staff directory says what they may do: the person
 * is read per request (cached briefly), so a change in the directory reaches the next request and a deactivated
 * person is refused.
 */
const Claims = z.object({
  sub: z.string().min(1).max(128),
  // Cognito issues access tokens from the same issuer with the same key: only an ID token (its audience is the
  // console's client) names the person. Other issuers say nothing of `token_use`.
  token_use: z.literal('id').optional(),
});

let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

/**
 * How long a person read from the directory is reused by this process. A change made by this process forgets it
 * at once (`forgetPerson`); another Lambda container sees it after at most this long. Measured on the monotonic
 * timer, not the business clock (which tests move by days).
 */
export const PERSON_CACHE_MS = 5_000;
const MAX_CACHED = 5_000;
const people = new Map<string, { person: Person; readAt: number }>();
const subjects = new Map<string, string>();

export function forgetPerson(id: string): void {
  people.delete(id);
}

async function cachedPerson(id: string): Promise<Person | undefined> {
  const hit = people.get(id);
  if (hit && performance.now() - hit.readAt < PERSON_CACHE_MS) return hit.person;
  const person = await readPerson(id);
  if (people.size >= MAX_CACHED) people.clear();
  if (person) people.set(id, { person, readAt: performance.now() });
  else people.delete(id);
  return person;
}

const notInDirectory = () =>
  forbidden(
    {
      zh: '您的账户未在人员名录中登记，请联系本单位名录管理员',
      en: 'Your account is not in the staff directory; ask your directory administrator',
    },
    { code: 'NOT_IN_DIRECTORY' },
  );

export async function authenticate(authorization: string | undefined): Promise<Principal> {
  const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization ?? '')?.[1];
  if (!token) throw unauthorized();
  const { SIFPM_JWKS_URL, SIFPM_JWT_ISSUER, SIFPM_JWT_AUDIENCE } = config();
  jwks ??= createRemoteJWKSet(new URL(SIFPM_JWKS_URL));
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, jwks, {
      issuer: SIFPM_JWT_ISSUER,
      audience: SIFPM_JWT_AUDIENCE,
      // jose checks `exp` only when present: a token without one would never expire.
      requiredClaims: ['exp', 'iat', 'sub'],
    }));
  } catch {
    // The reason stays out of the response and the logs: it could help forge a token.
    throw unauthorized();
  }
  const claims = Claims.safeParse(payload);
  if (!claims.success) throw unauthorized({ reason: 'claims' });
  const { sub } = claims.data;
  let id = subjects.get(sub);
  if (id === undefined) {
    id = await personIdBySubject(sub);
    if (id === undefined) throw notInDirectory();
    if (subjects.size >= MAX_CACHED) subjects.clear();
    subjects.set(sub, id);
  }
  const person = await cachedPerson(id);
  // the subject must still be the person's: an administrator may have moved it to someone else
  if (!person || person.subject !== sub) {
    subjects.delete(sub);
    throw notInDirectory();
  }
  if (!isActive(person, nowMs())) {
    throw forbidden(
      { zh: '您的账户已停用或不在有效期内', en: 'Your account is deactivated or outside its active period' },
      { code: 'ACCOUNT_INACTIVE' },
    );
  }
  return toPrincipal(person);
}
