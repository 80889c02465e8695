import * as oauth from 'oauth4webapi';
import { type AuthConfig, config } from './config.ts';
import type { Bilingual } from './i18n/i18n.tsx';
import { MESSAGES } from './i18n/messages.ts';
import { getRefreshToken, getToken, SESSION_KEYS, safeNext, setSession } from './session.ts';

/**
 * Sign-in with OpenID Connect, one code path for every issuer `config.json` names (Cognito's user pool in AWS, a
 * unified identity platform, the local OpenID provider): discovery, authorization code + PKCE S256 with state and
 * nonce, the code exchanged at `/auth/callback`, the ID token refreshed before it expires (and once on a 401), and
 * RP-initiated sign-out. oauth4webapi does the protocol; this module keeps what the browser must remember.
 */
const PENDING = 'sifpm.signin';
const DEFAULT_SCOPE = 'openid email profile';

interface Settings extends AuthConfig {
  redirectUri: string;
  scope: string;
}

function settings(): Settings {
  const auth = config().auth;
  if (!auth) throw new SignInError('NOT_CONFIGURED', 'signIn.notConfigured');
  return {
    ...auth,
    redirectUri: auth.redirectUri ?? `${location.origin}/auth/callback`,
    scope: auth.scope ?? DEFAULT_SCOPE,
  };
}

/** A sign-in that did not complete, with what to tell the person. */
export class SignInError extends Error {
  readonly text: Bilingual;
  constructor(
    readonly code: string,
    key: 'signIn.notConfigured' | 'signIn.failed' | 'signIn.denied' | 'signIn.expiredRequest',
  ) {
    super(code);
    this.name = 'SignInError';
    this.text = { zh: MESSAGES.zh[key], en: MESSAGES.en[key] };
  }
}

/** Plain HTTP is allowed to a loopback issuer only (the local OpenID provider); everywhere else HTTPS. */
function requestOptions(issuer: URL): { [oauth.allowInsecureRequests]?: boolean } {
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
  return issuer.protocol === 'http:' && loopback ? { [oauth.allowInsecureRequests]: true } : {};
}

let discovered: Promise<oauth.AuthorizationServer> | undefined;
function authorizationServer(): Promise<oauth.AuthorizationServer> {
  discovered ??= (async () => {
    const issuer = new URL(settings().issuer);
    const res = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...requestOptions(issuer) });
    return oauth.processDiscoveryResponse(issuer, res);
  })().catch((e) => {
    discovered = undefined; // try again next time
    throw e;
  });
  return discovered;
}

const client = (): oauth.Client => ({ client_id: settings().clientId });
const options = () => requestOptions(new URL(settings().issuer));

/** Off to the issuer's sign-in page; back at `/auth/callback`, then at `next`. */
export async function startSignIn(next: string): Promise<void> {
  const s = settings();
  const as = await authorizationServer();
  if (!as.authorization_endpoint) throw new SignInError('NO_AUTHORIZATION_ENDPOINT', 'signIn.failed');
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce, next: safeNext(next) }));
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: s.clientId,
    redirect_uri: s.redirectUri,
    response_type: 'code',
    scope: s.scope,
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
}

/** At `/auth/callback`: the code for tokens (verifier, state and nonce checked); where to go next. */
export async function completeSignIn(callback: URL): Promise<string> {
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (!raw) throw new SignInError('NO_PENDING_SIGN_IN', 'signIn.expiredRequest');
  const pending = JSON.parse(raw) as { verifier: string; state: string; nonce: string; next: string };
  const as = await authorizationServer();
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, client(), callback, pending.state);
  } catch (e) {
    if (e instanceof oauth.AuthorizationResponseError && e.error === 'access_denied')
      throw new SignInError('ACCESS_DENIED', 'signIn.denied');
    throw new SignInError('INVALID_CALLBACK', 'signIn.failed');
  }
  try {
    const res = await oauth.authorizationCodeGrantRequest(
      as,
      client(),
      oauth.None(),
      params,
      settings().redirectUri,
      pending.verifier,
      options(),
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, client(), res, {
      expectedNonce: pending.nonce,
      requireIdToken: true,
    });
    if (!tokens.id_token) throw new Error('no ID token');
    setSession({ idToken: tokens.id_token, refreshToken: tokens.refresh_token });
  } catch {
    throw new SignInError('TOKEN_EXCHANGE_FAILED', 'signIn.failed');
  }
  return safeNext(pending.next);
}

let refreshing: Promise<boolean> | undefined;

/**
 * A new ID token from the refresh token (one request at a time, however many ask). False when there is no refresh
 * token or the issuer refused it: the session stays as it is until the API refuses it.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const refreshToken = getRefreshToken();
    if (!refreshToken || !config().auth) return false;
    try {
      const as = await authorizationServer();
      const res = await oauth.refreshTokenGrantRequest(as, client(), oauth.None(), refreshToken, options());
      const tokens = await oauth.processRefreshTokenResponse(as, client(), res);
      if (!tokens.id_token) return false;
      setSession({ idToken: tokens.id_token, refreshToken: tokens.refresh_token ?? refreshToken });
      return true;
    } catch {
      return false;
    }
  })().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

/**
 * Sign out: the session in this tab ends, then the issuer's session (its `end_session_endpoint` with the ID token as
 * hint, or the configured `logoutUrl`), which sends the browser back to `/signin`. Without either, straight to
 * `/signin`.
 */
export async function signOut(): Promise<void> {
  const idToken = getToken();
  const back = `${location.origin}/signin`;
  let target = back;
  try {
    const s = settings();
    const as = await authorizationServer();
    if (as.end_session_endpoint) {
      const url = new URL(as.end_session_endpoint);
      url.searchParams.set('client_id', s.clientId);
      url.searchParams.set('post_logout_redirect_uri', back);
      if (idToken) url.searchParams.set('id_token_hint', idToken);
      target = url.href;
    } else if (s.logoutUrl) {
      const url = new URL(s.logoutUrl);
      url.searchParams.set('client_id', s.clientId);
      url.searchParams.set('logout_uri', back);
      target = url.href;
    }
  } catch {
    // no issuer to tell: this tab's session still ends
  }
  // This tab's session ends without telling the shell (it would send the browser to /signin?next=… first): the page
  // is leaving anyway.
  for (const key of [PENDING, ...SESSION_KEYS]) sessionStorage.removeItem(key);
  location.assign(target);
}
