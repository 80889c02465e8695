import { config } from './config.ts';
import type { Bilingual } from './i18n/i18n.tsx';
import { getToken, setToken } from './session.ts';

/**
 * The one HTTP client of the console: same-origin `/api` with the bearer token, JSON in and out. Every failure
 * becomes an ApiError carrying the API's error shape `{ error: { code, message: { zh, en }, details } }`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Bilingual,
    readonly details?: unknown,
  ) {
    super(`${status} ${code}: ${text.en}`);
    this.name = 'ApiError';
  }
}

const NETWORK: Bilingual = { zh: '无法连接服务器，请稍后重试', en: 'Cannot reach the server; please try again' };
const UNEXPECTED: Bilingual = { zh: '服务器返回了无法识别的响应', en: 'The server sent an unexpected response' };

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** skip the bearer token (development routes under /local) */
  anonymous?: boolean;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const token = opts.anonymous ? null : getToken();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(`${config().apiBase}${path}`, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? null : JSON.stringify(opts.body),
      signal: opts.signal ?? null,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', NETWORK);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: Bilingual; details?: unknown } } | undefined)?.error;
    // An expired or revoked token: forget it, so the shell sends the user to sign in again.
    if (res.status === 401 && token) setToken(null);
    throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? UNEXPECTED, err?.details);
  }
  if (json === undefined && text) throw new ApiError(res.status, 'UNEXPECTED', UNEXPECTED);
  return json as T;
}

export const get = <T>(path: string, opts: Omit<RequestOptions, 'method' | 'body'> = {}) => request<T>(path, opts);
export const post = <T>(path: string, body: unknown) => request<T>(path, { method: 'POST', body });
