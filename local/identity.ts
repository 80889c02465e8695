/**
 * The local development issuer: signs tokens of the same shape as the Cognito ID tokens the API verifies in AWS
 * (issuer, audience, subject), with an ES256 key kept under the data folder so tokens outlive a restart.
 * Only `local/` has it; the handlers verify through the JWKS it serves, exactly as they verify Cognito's. The local
 * OIDC provider (`local/oidc.ts`) signs its ID tokens with the same key under the same issuer, and both take their
 * claims from `idTokenClaims`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { findActivePerson } from '#local/people';

export const LOCAL_AUDIENCE = 'sifpm-console';
const TOKEN_TTL = '8h';

/**
 * The claims an ID token carries besides the registered ones (`sub`, `iss`, `aud`, `iat`, `exp`, …): who, nothing of
 * what they may do (the directory says).
 */
export const ID_TOKEN_CLAIMS = ['email', 'name', 'token_use'] as const;
export type IdTokenClaims = Record<(typeof ID_TOKEN_CLAIMS)[number], string>;

/**
 * What an ID token says of a person, for both local paths: `POST /local/token` and the OIDC provider's ID tokens —
 * the subject the person signs in as and the claims. Undefined for someone the development sign-in does not offer
 * (`local/people.ts`: an active person of the directory with a subject).
 */
export async function idTokenClaims(userId: string): Promise<{ subject: string; claims: IdTokenClaims } | undefined> {
  const person = await findActivePerson(userId);
  if (!person?.subject) return undefined;
  return { subject: person.subject, claims: { email: person.email, name: person.name, token_use: 'id' } };
}

export interface LocalIssuer {
  /** the issuer identifier, `${url}/local` */
  issuer: string;
  jwks: { keys: JWK[] };
  /** the private signing key, for the local OIDC provider's keystore only */
  signingKey: JWK;
  /** An ID token for `subject` with the given claims (`idTokenClaims`), valid for 8 hours. */
  sign(subject: string, claims: IdTokenClaims): Promise<string>;
  /**
   * Signs exactly the given claims with the issuer's key — no defaults, no checks. For tests of the verifier only
   * (a token without `exp`, an access token, …); no route exposes it.
   */
  signClaims(claims: Record<string, unknown>): Promise<string>;
}

export async function createLocalIssuer(issuer: string, dataDir?: string): Promise<LocalIssuer> {
  const file = dataDir ? path.join(dataDir, 'issuer-key.json') : undefined;
  let privateJwk: JWK;
  if (file && existsSync(file)) {
    privateJwk = JSON.parse(readFileSync(file, 'utf8'));
  } else {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: crypto.randomUUID(), alg: 'ES256' };
    if (file) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600 });
    }
  }
  const { d: _d, ...publicJwk } = privateJwk;
  const key = await importJWK(privateJwk, 'ES256');
  return {
    issuer,
    jwks: { keys: [{ ...publicJwk, use: 'sig' }] },
    signingKey: { ...privateJwk, use: 'sig' },
    sign: (subject, claims) =>
      new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid as string })
        .setSubject(subject)
        .setIssuer(issuer)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(TOKEN_TTL)
        .sign(key),
    signClaims: (claims) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid as string }).sign(key),
  };
}
