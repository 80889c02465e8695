import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type TestSystem } from '../helpers/local.ts';
import { cookieJar, pkce } from '../helpers/oidc.ts';

/**
 * The local OpenID provider (`local/oidc.ts`) over HTTP, as a browser and the console's oauth4webapi use it:
 * discovery, the authorization request, the development login page, the code exchange with PKCE, refresh.
 */
const CLIENT_ID = 'sifpm-console';
type Json = Record<string, string>;
const json = async (res: Response) => (await res.json()) as Json;
const PERSON = 'finance.440000';

describe('local OpenID provider', () => {
  let sys: TestSystem;
  let redirectUri: string;

  beforeAll(async () => {
    sys = await startSystem();
    redirectUri = `${sys.url}/auth/callback`;
  });
  afterAll(() => sys?.close());

  const jar = cookieJar;

  const authorize = (params: Record<string, string>) =>
    `${sys.url}/local/auth?${new URLSearchParams({
      client_id: CLIENT_ID,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid email profile',
      state: 'state-1',
      nonce: 'nonce-1',
      ...params,
    })}`;

  /** Through the login page as `person`: the callback URL the provider sends the browser to. */
  async function signInFlow(challenge: string, person = PERSON): Promise<URL> {
    const browser = jar();
    const start = await browser.fetch(authorize({ code_challenge: challenge, code_challenge_method: 'S256' }));
    expect(start.status).toBe(303);
    const loginPage = new URL(start.headers.get('location') ?? '', sys.url);
    expect(loginPage.pathname).toMatch(/^\/local\/interaction\//);
    const page = await browser.fetch(`${loginPage}?q=${encodeURIComponent(person)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('选择身份登录');
    expect(html).toContain(`data-user-id="${person}"`);
    const login = await browser.fetch(`${loginPage}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ person }).toString(),
    });
    expect(login.status).toBe(303);
    let next = new URL(login.headers.get('location') ?? '', sys.url);
    // the provider resumes the authorization request, then (consent granted for the first-party client) redirects
    for (let hops = 0; next.pathname !== '/auth/callback' && hops < 5; hops++) {
      const r = await browser.fetch(next.href);
      expect([302, 303]).toContain(r.status);
      next = new URL(r.headers.get('location') ?? '', sys.url);
    }
    expect(`${next.origin}${next.pathname}`).toBe(redirectUri);
    return next;
  }

  const exchange = (code: string, verifier?: string) =>
    fetch(`${sys.url}/local/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: CLIENT_ID,
        code,
        redirect_uri: redirectUri,
        ...(verifier ? { code_verifier: verifier } : {}),
      }).toString(),
    });

  it('publishes discovery under the development issuer, its token endpoint apart from POST /local/token', async () => {
    const res = await fetch(`${sys.url}/local/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const meta = await json(res);
    expect(meta.issuer).toBe(`${sys.url}/local`);
    expect(meta.authorization_endpoint).toBe(`${sys.url}/local/auth`);
    expect(meta.token_endpoint).toBe(`${sys.url}/local/oauth/token`);
    expect(meta.end_session_endpoint).toBe(`${sys.url}/local/session/end`);
    expect(meta.jwks_uri).toBe(`${sys.url}/local/.well-known/jwks.json`);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect((await sys.call('POST', '/local/token', { body: { userId: PERSON } })).status).toBe(200);
  });

  it('refuses a redirect URI that is not registered, without redirecting to it', async () => {
    const { challenge } = pkce();
    const res = await fetch(
      authorize({
        code_challenge: challenge,
        code_challenge_method: 'S256',
        redirect_uri: 'http://127.0.0.1:1/auth/callback',
      }),
      { redirect: 'manual' },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('redirect_uri');
  });

  it('refuses an authorization request without a PKCE challenge', async () => {
    const res = await fetch(authorize({}), { redirect: 'manual' });
    expect(res.status).toBe(303);
    const back = new URL(res.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('refuses a code without its PKCE verifier, or with another one', async () => {
    const { challenge } = pkce();
    const back = await signInFlow(challenge);
    const code = back.searchParams.get('code') ?? '';
    expect(code).not.toBe('');
    const without = await exchange(code);
    expect(without.status).toBe(400);
    expect((await json(without)).error).toBe('invalid_grant');
    const wrong = await exchange(code, pkce().verifier);
    expect(wrong.status).toBe(400);
    expect((await json(wrong)).error).toBe('invalid_grant');
  });

  it('signs in through the login page, code + verifier → an ID token like /local/token’s, the API accepts it, refresh renews it', async () => {
    const { verifier, challenge } = pkce();
    const back = await signInFlow(challenge);
    expect(back.searchParams.get('state')).toBe('state-1');
    expect(back.searchParams.get('iss')).toBe(`${sys.url}/local`);
    const res = await exchange(back.searchParams.get('code') ?? '', verifier);
    expect(res.status).toBe(200);
    const tokens = await json(res);
    expect(typeof tokens.refresh_token).toBe('string');

    const jwks = createLocalJWKSet(sys.local.issuer.jwks);
    const { payload } = await jwtVerify(tokens.id_token ?? '', jwks, {
      issuer: `${sys.url}/local`,
      audience: CLIENT_ID,
    });
    expect(payload.nonce).toBe('nonce-1');
    const dev = decodeJwt((await sys.call('POST', '/local/token', { body: { userId: PERSON } })).body.token);
    const pick = (p: Record<string, unknown>) => ({ sub: p.sub, email: p.email, name: p.name, token_use: p.token_use });
    expect(pick(payload)).toEqual(pick(dev));

    const me = await sys.call('GET', '/api/me', { token: tokens.id_token });
    expect(me.status).toBe(200);
    expect(me.body.userId).toBe(PERSON);

    const refreshed = await fetch(`${sys.url}/local/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: CLIENT_ID,
        refresh_token: tokens.refresh_token ?? '',
      }).toString(),
    });
    expect(refreshed.status).toBe(200);
    const renewed = await json(refreshed);
    expect(renewed.id_token).not.toBe(tokens.id_token);
    expect((await sys.call('GET', '/api/me', { token: renewed.id_token })).status).toBe(200);
  });

  it('lists every person on the login page, 50 to a page, grouped by organisation, in Chinese or English', async () => {
    const { challenge } = pkce();
    const browser = jar();
    const start = await browser.fetch(authorize({ code_challenge: challenge, code_challenge_method: 'S256' }));
    const loginPage = new URL(start.headers.get('location') ?? '', sys.url);
    const total = ((await sys.call('GET', '/local/users')).body as unknown[]).length;
    const first = await (await browser.fetch(loginPage.href)).text();
    expect(first).toContain(`显示 1–50 / 共 ${total} 人`);
    expect(first.match(/data-user-id=/g)?.length).toBe(50);
    expect(first).toContain('仅供本地开发');
    expect(first).toContain('page=2');
    const gd = await (await browser.fetch(`${loginPage}?q=${encodeURIComponent('广东省')}`)).text();
    expect(gd).toContain('<h2>广东省</h2>');
    const en = await (await browser.fetch(`${loginPage}?lang=en`)).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Sign in as');
    // without the provider's interaction cookie the page is no longer valid
    const stale = await fetch(loginPage.href);
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain('登录已过期');
  });

  it('refuses to sign in someone the development sign-in does not offer', async () => {
    const { challenge } = pkce();
    const browser = jar();
    const start = await browser.fetch(authorize({ code_challenge: challenge, code_challenge_method: 'S256' }));
    const loginPage = new URL(start.headers.get('location') ?? '', sys.url);
    const login = await browser.fetch(`${loginPage}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ person: 'nobody.000000' }).toString(),
    });
    let next = new URL(login.headers.get('location') ?? '', sys.url);
    for (let hops = 0; next.pathname !== '/auth/callback' && hops < 5; hops++) {
      const r = await browser.fetch(next.href);
      next = new URL(r.headers.get('location') ?? '', sys.url);
    }
    expect(next.searchParams.get('error')).toBe('access_denied');
    expect(next.searchParams.get('code')).toBeNull();
  });
});
