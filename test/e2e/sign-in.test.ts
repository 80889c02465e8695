import { decodeJwt } from 'jose';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type TestSystem } from '../helpers/local.ts';
import {
  atProviderLogin,
  type Browser,
  ensureBuilt,
  expectAccessible,
  openBrowser,
  pickPerson,
  screenshots,
  signOut,
} from './browser.ts';

/**
 * The console's sign-in the real way: OIDC authorization code + PKCE against the local OpenID provider
 * (`local/oidc.ts`), its login page, `/auth/callback`, refresh, sign-out. The ID tokens live 120 s here, so the
 * console's refresh (four fifths into a token's life) is reached by moving the browser's clock, not by waiting.
 */
const PERSON = 'finance.440100';
const TTL = 120;

describe('console sign-in through the local OpenID provider', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const storage = (key: string) => page.evaluate((k) => sessionStorage.getItem(k), key);
  const pathname = () => new URL(page.url()).pathname;

  beforeAll(async () => {
    await ensureBuilt();
    sys = await startSystem({ idTokenTtlSeconds: TTL });
    browser = await openBrowser();
    page = browser.page;
    await page.clock.install();
    page.on('request', (r) => requests.push(r.url()));
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  it('goes to the provider’s login page with PKCE, and back through /auth/callback to where `next` said', async () => {
    await page.goto(`${sys.url}/region`);
    await expect.poll(pathname).toBe('/signin');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/region');
    await page.getByRole('button', { name: '前往登录' }).click();

    await atProviderLogin(page);
    const authorization = new URL(requests.find((u) => u.startsWith(`${sys.url}/local/auth?`)) ?? '');
    expect(authorization.searchParams.get('client_id')).toBe('sifpm-console');
    expect(authorization.searchParams.get('redirect_uri')).toBe(`${sys.url}/auth/callback`);
    expect(authorization.searchParams.get('response_type')).toBe('code');
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorization.searchParams.get('state')).toBeTruthy();
    expect(authorization.searchParams.get('nonce')).toBeTruthy();
    await page.getByText('仅供本地开发').waitFor();
    await expectAccessible(page, 'the provider’s login page');

    await pickPerson(page, PERSON);
    await expect.poll(() => page.url()).toBe(`${sys.url}/region`);
    expect(requests.some((u) => u.startsWith(`${sys.url}/auth/callback?code=`))).toBe(true);
    const users = (await sys.call('GET', '/local/users')).body as { id: string; name: string }[];
    const name = users.find((u) => u.id === PERSON)?.name ?? '';
    await expect.poll(() => page.getByTestId('whoami').textContent()).toContain(name);

    // the session: ID token and refresh token; the sign-in's verifier, state and nonce are gone
    const token = (await storage('sifpm.token')) ?? '';
    expect(decodeJwt(token).sub).toBe(PERSON);
    expect(await storage('sifpm.refresh')).toBeTruthy();
    expect(await storage('sifpm.signin')).toBeNull();
    const exp = decodeJwt(token).exp ?? 0;
    const until = new Intl.DateTimeFormat('zh-CN', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).format(new Date(exp * 1000));
    expect(await page.getByTestId('session-expiry').textContent()).toBe(`登录有效期至${until}`);
    await screenshots(page, '30-signed-in');
  });

  it('refreshes the ID token before it expires, and the page stays as it is', async () => {
    const before = (await storage('sifpm.token')) ?? '';
    await page.evaluate('window.__sameDocument = true');
    await page.clock.fastForward((TTL * 4 * 1000) / 5 + 1000);
    await expect.poll(() => storage('sifpm.token')).not.toBe(before);
    const after = (await storage('sifpm.token')) ?? '';
    expect(decodeJwt(after).sub).toBe(PERSON);
    expect(decodeJwt(after).exp ?? 0).toBeGreaterThan(decodeJwt(before).exp ?? 0);
    expect(requests.filter((u) => u === `${sys.url}/local/oauth/token`).length).toBe(2); // the code, the refresh
    expect((await sys.call('GET', '/api/me', { token: after })).status).toBe(200);
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    expect(pathname()).toBe('/region');
  });

  it('refreshes once when the API refuses an expired token', async () => {
    const current = decodeJwt((await storage('sifpm.token')) ?? '');
    const now = Math.floor(Date.now() / 1000);
    const expired = await sys.local.issuer.signClaims({ ...current, iat: now - 2 * TTL, exp: now - TTL });
    expect((await sys.call('GET', '/api/me', { token: expired })).status).toBe(401);
    await page.evaluate((t) => sessionStorage.setItem('sifpm.token', t), expired);
    await page.reload();
    await page.getByTestId('whoami').waitFor();
    const renewed = (await storage('sifpm.token')) ?? '';
    expect(renewed).not.toBe(expired);
    expect(decodeJwt(renewed).sub).toBe(PERSON);
    expect(pathname()).toBe('/region');
  });

  it('signs out: the provider ends its session, back at /signin, storage cleared, the API refuses a call without a token', async () => {
    await signOut(page, sys.url);
    expect(requests.some((u) => u.startsWith(`${sys.url}/local/session/end?`))).toBe(true);
    for (const key of ['sifpm.token', 'sifpm.refresh', 'sifpm.received', 'sifpm.signin'])
      expect(await storage(key)).toBeNull();
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    expect(await page.getByTestId('whoami').count()).toBe(0);
    expect(await page.evaluate(() => fetch('/api/me').then((r) => r.status))).toBe(401);
    // signing in again asks who: the provider's session has ended
    await page.getByRole('button', { name: '前往登录' }).click();
    await atProviderLogin(page);
    await page.getByRole('heading', { level: 1, name: /选择身份登录/ }).waitFor();
  });

  it('tells, after a mail link, that the task opens after sign-in, and never whom it is for', async () => {
    await page.goto(`${sys.url}/tasks/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ`);
    await expect.poll(pathname).toBe('/signin');
    await page.getByText(/您打开的是邮件中的待办事项链接/).waitFor();
    await screenshots(page, '31-sign-in-task');
    await expectAccessible(page, 'sign-in after a mail link');
  });
});
