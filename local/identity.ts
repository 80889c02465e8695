/**
 * The local development issuer: signs tokens of the same shape as the Cognito ID tokens the API verifies in AWS
 * (issuer, audience, subject), with an ES256 key kept under the data folder so tokens outlive a restart.
 * Only `local/` has it; the handlers verify through the JWKS it serves, exactly as they verify Cognito's.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

export const LOCAL_AUDIENCE = 'sifpm-console';
const TOKEN_TTL = '8h';

export interface LocalIssuer {
  jwks: { keys: JWK[] };
  /** an ID token for a directory person: who (the subject), nothing of what they may do (the directory says) */
  sign(user: { subject: string; email: string; name: string }): Promise<string>;
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
    jwks: { keys: [{ ...publicJwk, use: 'sig' }] },
    sign: (user) =>
      new SignJWT({ email: user.email, name: user.name, token_use: 'id' })
        .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid as string })
        .setSubject(user.subject)
        .setIssuer(issuer)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(TOKEN_TTL)
        .sign(key),
    signClaims: (claims) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid as string }).sign(key),
  };
}
