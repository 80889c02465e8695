import { useCallback, useEffect, useState } from 'react';
import { ApiError, get } from './api.ts';

/**
 * Loading a resource for a page: `{ data, error, loading, reload }`. A new path (or `reload()`) fetches again;
 * answers to superseded requests are dropped. Reference data (`cache: true`) is fetched once per session.
 */
export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

const cached = new Map<string, Promise<unknown>>();

export function clearCache(): void {
  cached.clear();
}

function load<T>(path: string, cache: boolean, signal: AbortSignal, anonymous: boolean): Promise<T> {
  if (!cache) return get<T>(path, { signal, anonymous });
  let p = cached.get(path) as Promise<T> | undefined;
  if (!p) {
    p = get<T>(path, { anonymous });
    cached.set(path, p);
    p.catch(() => cached.delete(path));
  }
  return p;
}

export function useResource<T>(path: string | null, opts: { cache?: boolean; anonymous?: boolean } = {}): Resource<T> {
  const { cache = false, anonymous = false } = opts;
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: path !== null });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` is the reload trigger
  useEffect(() => {
    if (path === null) {
      setState({ loading: false });
      return;
    }
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    load<T>(path, cache, abort.signal, anonymous).then(
      (data) => {
        if (!abort.signal.aborted) setState({ data, loading: false });
      },
      (e: unknown) => {
        if (abort.signal.aborted) return;
        const error =
          e instanceof ApiError ? e : new ApiError(0, 'CLIENT', { zh: String(e), en: String(e) }, undefined);
        setState({ error, loading: false });
      },
    );
    return () => abort.abort();
  }, [path, cache, anonymous, generation]);

  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/**
 * After an action whose effect arrives asynchronously (an upload validated by the workflow, a machine step): reload
 * the resource every second until `done(data)` holds or `limitMs` passed, so the page shows the result itself. Five
 * minutes by default: a national kickoff or the evaluation phase's opening can take minutes on a busy system.
 */
export function useFollow<T>(resource: Resource<T>, intervalMs = 1000, limitMs = 300_000) {
  const [watch, setWatch] = useState<{ done(data: T | undefined): boolean; deadline: number } | null>(null);
  const { data, loading, reload } = resource;
  useEffect(() => {
    if (!watch || loading) return;
    if (watch.done(data) || Date.now() > watch.deadline) {
      setWatch(null);
      return;
    }
    const timer = setTimeout(reload, intervalMs);
    return () => clearTimeout(timer);
  }, [watch, data, loading, reload, intervalMs]);
  const follow = useCallback(
    (done: (data: T | undefined) => boolean) => setWatch({ done, deadline: Date.now() + limitMs }),
    [limitMs],
  );
  return { follow, following: watch !== null };
}
