import { createHash, randomBytes } from 'node:crypto';
import type { TestSystem } from './local.ts';

/**
 * Sign in as a browser does against the local OpenID provider (`local/oidc.ts`): the authorization request with
 * PKCE (S256), the development login page, the consent-free redirect back to `/auth/callback`, the code exchange.
 * Returns the ID token the console would hold. Any step answering otherwise throws.
 */
/** A browser's cookies for one flow: `fetch` without following redirects, keeping what the provider sets. */
export function cookieJar() {
  const cookies = new Map<string, string>();
  return {
    async fetch(url: string, init: RequestInit = {}) {
      const res = await fetch(url, {
        ...init,
        redirect: 'manual',
        headers: {
          ...(init.headers as Record<string, string>),
          cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair = ''] = c.split(';');
        const i = pair.indexOf('=');
        cookies.set(pair.slice(0, i), pair.slice(i + 1));
      }
      return res;
    },
  };
}

/** A PKCE verifier and its S256 challenge. */
export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export async function signInWithOidc(sys: TestSystem, person: string): Promise<string> {
  const go = cookieJar().fetch;
  const redirectUri = `${sys.url}/auth/callback`;
  const { verifier, challenge } = pkce();
  const state = randomBytes(8).toString('hex');
  const start = await go(
    `${sys.url}/local/auth?${new URLSearchParams({
      client_id: 'sifpm-console',
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid email profile',
      state,
      nonce: randomBytes(8).toString('hex'),
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })}`,
  );
  const where = (res: Response) => new URL(res.headers.get('location') ?? '', sys.url);
  if (start.status !== 303) throw new Error(`authorization request: ${start.status}`);
  const loginPage = where(start);
  const login = await go(`${loginPage}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ person }).toString(),
  });
  if (login.status !== 303) throw new Error(`login as ${person}: ${login.status} ${await login.text()}`);
  let next = where(login);
  for (let hops = 0; next.pathname !== '/auth/callback' && hops < 5; hops++) next = where(await go(next.href));
  if (next.searchParams.get('state') !== state) throw new Error('the callback carries another state');
  const code = next.searchParams.get('code');
  if (!code) throw new Error(`no code at the callback: ${next}`);
  const token = await fetch(`${sys.url}/local/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: 'sifpm-console',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }).toString(),
  });
  const body = (await token.json()) as { id_token?: string };
  if (!body.id_token) throw new Error(`code exchange: ${token.status} ${JSON.stringify(body)}`);
  return body.id_token;
}
