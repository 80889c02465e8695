/**
 * The CLI talks to the system only through its public API, as a browser does.
 * Identity: `--token` / SIFPM_TOKEN (a Cognito ID token in AWS), or locally `--as <userId>`, which asks the local
 * development issuer for a token.
 */
export interface ClientOptions {
  api: string;
  token?: string;
  as?: string;
}

export async function request(opts: ClientOptions, method: string, path: string, body?: unknown) {
  const token = opts.token ?? (opts.as ? await localToken(opts.api, opts.as) : undefined);
  const res = await fetch(new URL(path, opts.api), {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const e = json?.error;
    throw new Error(e ? `${res.status} ${e.code}: ${e.message.zh} / ${e.message.en}` : `${res.status} ${text}`);
  }
  return json;
}

async function localToken(api: string, userId: string): Promise<string> {
  const { token } = await request({ api }, 'POST', '/local/token', { userId });
  return token;
}
