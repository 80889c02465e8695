import { refreshSession } from './auth.ts';
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

export async function request<T>(path: string, opts: RequestOptions = {}, retried = false): Promise<T> {
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
    if (res.status === 401 && token) {
      // An expired token: refresh it once and try again (unless another request already did).
      if (!retried && (getToken() !== token || (await refreshSession()))) return request<T>(path, opts, true);
      // Refused even so: forget it, so the shell sends the user to sign in again.
      if (getToken() === token) setToken(null);
    }
    throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? UNEXPECTED, err?.details);
  }
  if (json === undefined && text) throw new ApiError(res.status, 'UNEXPECTED', UNEXPECTED);
  return json as T;
}

export const get = <T>(path: string, opts: Omit<RequestOptions, 'method' | 'body'> = {}) => request<T>(path, opts);
export const post = <T>(path: string, body: unknown) => request<T>(path, { method: 'POST', body });
export const put = <T>(path: string, body: unknown) => request<T>(path, { method: 'PUT', body });

/** Any failure as an ApiError (for catch blocks). */
export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'CLIENT', { zh: String(e), en: String(e) });
}

const UPLOAD_FAILED: Bilingual = { zh: '文件上传失败，请重试', en: 'The upload failed; please try again' };

/**
 * Send a file to a presigned POST (straight to the document store, not through the API): the policy's fields first,
 * then the file, with upload progress (0–1) as it goes. XMLHttpRequest, because fetch reports no upload progress.
 */
export function uploadFile(
  slot: { url: string; fields: Record<string, string> },
  file: Blob,
  onProgress: (fraction: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(slot.fields)) form.append(k, v);
    form.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', slot.url);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else {
        // S3 answers XML: <Error><Code>EntityTooLarge</Code><Message>…</Message></Error>
        const code = /<Code>([^<]+)<\/Code>/.exec(xhr.responseText)?.[1] ?? `HTTP_${xhr.status}`;
        reject(new ApiError(xhr.status, code, UPLOAD_FAILED));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', UPLOAD_FAILED));
    xhr.send(form);
  });
}

/**
 * Download a file the API serves (a pre-filled template) with the bearer token — a plain link would carry none —
 * and hand it to the browser as a file.
 */
export async function download(path: string, filename: string): Promise<void> {
  const token = getToken();
  let res: Response;
  try {
    res = await fetch(`${config().apiBase}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new ApiError(0, 'NETWORK', NETWORK);
  }
  if (!res.ok) {
    const err = ((await res.json().catch(() => undefined)) as { error?: { code?: string; message?: Bilingual } })
      ?.error;
    throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? UNEXPECTED);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Send a file to the API as the raw body (the staff list import), with the bearer token; JSON back. */
export async function postFile<T>(path: string, file: Blob, contentType: string): Promise<T> {
  const token = getToken();
  let res: Response;
  try {
    res = await fetch(`${config().apiBase}${path}`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'NETWORK', NETWORK);
  }
  const json = (await res.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: Bilingual; details?: unknown } }
    | undefined;
  if (!res.ok) {
    const err = json?.error;
    if (res.status === 401 && token) setToken(null);
    throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? UNEXPECTED, err?.details);
  }
  if (json === undefined) throw new ApiError(res.status, 'UNEXPECTED', UNEXPECTED);
  return json as T;
}
