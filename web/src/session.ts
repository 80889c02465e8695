/**
 * The signed-in session, kept in sessionStorage so it ends with the tab and is never shared with other tabs or sites:
 * the bearer token (the issuer's ID token, which the API verifies), the refresh token, and when the ID token arrived
 * (by this browser's clock, so refreshing never depends on the browser's clock agreeing with the issuer's).
 */
const KEY = 'sifpm.token';
const REFRESH = 'sifpm.refresh';
const RECEIVED = 'sifpm.received';
/** Everything the session keeps in sessionStorage. */
export const SESSION_KEYS = [KEY, REFRESH, RECEIVED] as const;
const listeners = new Set<() => void>();

function read(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

export const getToken = (): string | null => read(KEY);
export const getRefreshToken = (): string | null => read(REFRESH);

/** Store a session from the token endpoint (sign-in or refresh); null ends it. */
export function setSession(session: { idToken: string; refreshToken?: string | undefined } | null): void {
  if (session) {
    sessionStorage.setItem(KEY, session.idToken);
    sessionStorage.setItem(RECEIVED, String(Date.now()));
    if (session.refreshToken) sessionStorage.setItem(REFRESH, session.refreshToken);
  } else {
    for (const k of SESSION_KEYS) sessionStorage.removeItem(k);
  }
  for (const l of listeners) l();
}

/** A bearer token alone (no refresh); null ends the session. */
export function setToken(token: string | null): void {
  setSession(token ? { idToken: token } : null);
}

export function onTokenChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function claims(token: string): { exp?: number; iat?: number; sub?: string } {
  try {
    return JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return {};
  }
}

/** Seconds since the epoch at which the token expires, read from its payload (not verified: the API verifies). */
export const tokenExpiry = (token: string): number | undefined => claims(token).exp;

/** Whom the token is for (a refresh keeps it; a sign-in as someone else changes it). */
export const tokenSubject = (token: string): string | undefined => claims(token).sub;

export function isExpired(token: string, nowMs = Date.now()): boolean {
  const exp = tokenExpiry(token);
  return exp !== undefined && exp * 1000 <= nowMs;
}

/**
 * When to refresh (ms, this browser's clock): four fifths into the ID token's lifetime, counted from when it arrived.
 * Undefined without a refresh token or a lifetime.
 */
export function refreshDueAt(): number | undefined {
  const token = getToken();
  const received = Number(read(RECEIVED));
  if (!token || !getRefreshToken() || !received) return undefined;
  const { exp, iat } = claims(token);
  if (exp === undefined || iat === undefined || exp <= iat) return undefined;
  return received + (exp - iat) * 800;
}

/**
 * Where sign-in starts: always the console's `/signin` page, which sends the browser to the configured OIDC issuer
 * (web/src/auth.ts). `next` is where to return afterwards; only same-site paths are honoured.
 */
export function signInPath(next: string): string {
  return `/signin?next=${encodeURIComponent(next)}`;
}

/** A safe place to go after sign-in: a path on this site, never another origin. */
export function safeNext(next: string | null): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/';
}
