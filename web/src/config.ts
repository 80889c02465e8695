/**
 * Runtime configuration, read once at start from `/config.json` beside the build, so one build serves every stage.
 * Locally the build's own `config.json` says `local`; in AWS the deployment writes its own file next to the bundle
 * (see docs/CONSOLE.md) with the Cognito hosted sign-in details.
 */
export type AuthConfig =
  | { mode: 'local' }
  | {
      mode: 'cognito';
      /** hosted UI domain, e.g. https://sifpm.auth.cn-north-1.amazoncognito.com */
      domain: string;
      clientId: string;
      /** where Cognito sends the browser back; defaults to `<origin>/auth/callback` */
      redirectUri?: string;
    };

export interface ConsoleConfig {
  auth: AuthConfig;
  /** prefix of the HTTP API; same origin by default */
  apiBase: string;
}

const DEFAULTS: ConsoleConfig = { auth: { mode: 'local' }, apiBase: '' };

let current: ConsoleConfig = DEFAULTS;

export async function loadConfig(): Promise<ConsoleConfig> {
  try {
    const res = await fetch('/config.json', { cache: 'no-store' });
    const type = res.headers.get('content-type') ?? '';
    if (res.ok && type.includes('json')) {
      const raw = (await res.json()) as Partial<ConsoleConfig>;
      current = { ...DEFAULTS, ...raw, auth: raw.auth ?? DEFAULTS.auth };
    }
  } catch {
    // no config file: the local defaults
  }
  return current;
}

export const config = (): ConsoleConfig => current;
export const isLocal = (): boolean => current.auth.mode === 'local';
