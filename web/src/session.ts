/**
 * The signed-in session: the bearer token (an ID token — Cognito's in AWS, the development issuer's locally),
 * kept in sessionStorage so it ends with the tab and is never shared with other tabs or sites.
 */
const KEY = 'sifpm.token';
const listeners = new Set<() => void>();

export function getToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(KEY, token);
  else sessionStorage.removeItem(KEY);
  for (const l of listeners) l();
}

export function onTokenChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Seconds since the epoch at which the token expires, read from its payload (not verified: the API verifies). */
export function tokenExpiry(token: string): number | undefined {
  try {
    const payload = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as {
      exp?: number;
    };
    return payload.exp;
  } catch {
    return undefined;
  }
}

export function isExpired(token: string, nowMs = Date.now()): boolean {
  const exp = tokenExpiry(token);
  return exp !== undefined && exp * 1000 <= nowMs;
}

/**
 * Where sign-in starts: always the console's `/signin` page, which by `config.json` either shows the development
 * identity picker (local) or hands over to Cognito's hosted sign-in (AWS; not built yet — see docs/CONSOLE.md).
 * `next` is where to return afterwards; only same-site paths are honoured.
 */
export function signInPath(next: string): string {
  return `/signin?next=${encodeURIComponent(next)}`;
}

/** A safe place to go after sign-in: a path on this site, never another origin. */
export function safeNext(next: string | null): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/';
}
