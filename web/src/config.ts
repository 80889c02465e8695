/**
 * Runtime configuration, read once at start from `/config.json` beside the build, so one build serves every stage.
 * In AWS the deployment writes it next to the bundle (infra/console.ts, docs/CONSOLE.md); locally the local front
 * serves it (local/api-server.ts) naming the local OpenID provider. Either way the console signs in with OIDC
 * authorization code + PKCE against `auth.issuer`: Cognito's user pool, a unified identity platform, or the local one.
 */
export interface AuthConfig {
  mode: 'oidc';
  /** the issuer identifier; its `/.well-known/openid-configuration` says where everything else is */
  issuer: string;
  clientId: string;
  /** where the issuer sends the browser back; defaults to `<origin>/auth/callback` */
  redirectUri?: string;
  /** defaults to `openid email profile` */
  scope?: string;
  /**
   * Sign-out for an issuer without an `end_session_endpoint` in its discovery (Cognito: its hosted `/logout`, which
   * takes `client_id` and `logout_uri`).
   */
  logoutUrl?: string;
}

export interface ConsoleConfig {
  /** absent: the console cannot sign anyone in (the sign-in page says so) */
  auth?: AuthConfig;
  /** prefix of the HTTP API; same origin by default */
  apiBase: string;
  /** the local default (development routes under /local, such as the mailbox) */
  local?: boolean;
}

const DEFAULTS: ConsoleConfig = { apiBase: '' };

let current: ConsoleConfig = DEFAULTS;

export async function loadConfig(): Promise<ConsoleConfig> {
  try {
    const res = await fetch('/config.json', { cache: 'no-store' });
    const type = res.headers.get('content-type') ?? '';
    if (res.ok && type.includes('json')) {
      const raw = (await res.json()) as Partial<ConsoleConfig>;
      const { auth, ...rest } = raw;
      // only a complete OIDC entry signs anyone in (an older deployment's `cognito` entry does not)
      const usable = auth?.mode === 'oidc' && typeof auth.issuer === 'string' && typeof auth.clientId === 'string';
      current = { ...DEFAULTS, ...rest, ...(usable ? { auth } : {}) };
    }
  } catch {
    // no config file: nobody can sign in; public pages still work
  }
  return current;
}

export const config = (): ConsoleConfig => current;
export const isLocal = (): boolean => current.local === true;
