import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { packageProblems, zipDirectoryOf } from '#shared/documents/package-limits';
import { AppError, type Bilingual, isAppError } from '#shared/platform/errors';

/**
 * Parsing an uploaded file off the event loop, under a memory and a time limit: the caller's module is started again
 * in a worker thread (in a Lambda bundle, the bundle itself; from source, through tsx), where it registers its parse
 * functions with `parser()`; the one the main thread asked for runs there on a copy of the bytes. A file that takes
 * more memory or time than allowed ends the worker, not the process, and is refused as too complex; meanwhile the
 * process goes on answering (the local default serves the API from the same process).
 */
export const PARSE_LIMITS = { memoryMb: 192, timeoutMs: 20_000 };

/**
 * How long a worker may take to start and register the parse function asked for (tsx compiles the caller's module
 * graph first; on a loaded machine that takes seconds). Not the file's fault: past it, the parse fails as an
 * outage (503 `PARSER_UNAVAILABLE`), which the caller lets through so the upload event is retried — never a
 * refusal of the file.
 */
export const STARTUP_LIMIT_MS = 120_000;

/** The refusal of a file whose parse went past a limit (422 `DOCUMENT_TOO_COMPLEX`, details `{ limit }`). */
export const tooComplex = (limit: 'memory' | 'time', cause?: unknown) =>
  new AppError(
    422,
    'DOCUMENT_TOO_COMPLEX',
    {
      zh: limit === 'time' ? '文件过于复杂，未能在限定时间内读取' : '文件过于复杂，读取所需内存超过上限',
      en:
        limit === 'time'
          ? 'The file is too complex to read in the time allowed'
          : 'The file needs more memory to read than allowed',
    },
    { limit },
    { cause },
  );

export const isTooComplex = (e: unknown): e is AppError => isAppError(e) && e.code === 'DOCUMENT_TOO_COMPLEX';

const parseFailed = (reason: string) =>
  new AppError(422, 'DOCUMENT_UNREADABLE', { zh: '文件无法读取', en: 'The file cannot be read' }, { reason });

const unavailable = (reason: string) =>
  new AppError(
    503,
    'PARSER_UNAVAILABLE',
    { zh: '文件读取服务暂不可用，请稍后重试', en: 'The file reader is unavailable; try again later' },
    { reason },
  );

interface Job {
  id: number;
  name: string;
  args: unknown[];
}
/** `started`: the worker has the parse function and begins — the time limit counts from here. */
type Answer =
  | { id: number; started: true }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string };

const WORKER_MARK = 'sifpm-parsers';
/** In a parse worker: the parse functions its module registered, by name. */
const registered = new Map<string, (...args: never[]) => Promise<unknown>>();
/**
 * Jobs that arrived before their parse function was registered: the port delivers as soon as this module has
 * attached its listener, which may be before the caller's module (importing this one) has run its `parser()` calls.
 */
const awaited = new Map<string, (() => void)[]>();
const registration = (name: string) =>
  registered.has(name)
    ? Promise.resolve()
    : new Promise<void>((resolve) => awaited.set(name, [...(awaited.get(name) ?? []), resolve]));
if (!isMainThread && workerData === WORKER_MARK) {
  parentPort?.on('message', async (job: Job) => {
    await registration(job.name);
    const fn = registered.get(job.name) as (...args: never[]) => Promise<unknown>;
    parentPort?.postMessage({ id: job.id, started: true } satisfies Answer);
    let answer: Answer;
    try {
      answer = { id: job.id, ok: true, value: await fn(...(job.args as never[])) };
    } catch (e) {
      answer = { id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    parentPort?.postMessage(answer);
  });
}

/**
 * Declare a parse function of the module at `moduleUrl` (its `import.meta.url`) and get back the bounded version,
 * which runs it in that module's worker (started on first use, kept warm, started afresh after a limit was hit).
 */
export function parser<A extends unknown[], R>(
  moduleUrl: string,
  name: string,
  fn: (...args: A) => Promise<R>,
  limits = PARSE_LIMITS,
): (...args: A) => Promise<R> {
  registered.set(name, fn as unknown as (...args: never[]) => Promise<unknown>);
  for (const resolve of awaited.get(name) ?? []) resolve();
  awaited.delete(name);
  return (...args: A) => pooled(moduleUrl, limits.memoryMb).run(name, args, limits.timeoutMs) as Promise<R>;
}

interface ParseWorker {
  run(name: string, args: unknown[], timeoutMs: number): Promise<unknown>;
}

const workers = new Map<string, ParseWorker>();

/** The warm worker of a module; its memory limit is the one its first parse asked for (a worker has one heap). */
function pooled(moduleUrl: string, memoryMb: number): ParseWorker {
  const existing = workers.get(moduleUrl);
  if (existing) return existing;
  const worker = new Worker(new URL(moduleUrl), {
    workerData: WORKER_MARK,
    // from source (tests, npm start) the module is TypeScript: tsx loads it; a bundle is plain JavaScript
    execArgv: moduleUrl.endsWith('.ts') ? ['--import', 'tsx'] : [],
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 32 },
    stdout: false,
    stderr: false,
  });
  const waiting = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer: NodeJS.Timeout; timeoutMs: number }
  >();
  let queue: Promise<unknown> = Promise.resolve();
  let next = 0;
  const end = (error: AppError) => {
    if (workers.get(moduleUrl) === entry) workers.delete(moduleUrl);
    void worker.terminate();
    for (const w of waiting.values()) {
      clearTimeout(w.timer);
      w.reject(error);
    }
    waiting.clear();
  };
  worker.on('message', (answer: Answer) => {
    const w = waiting.get(answer.id);
    if (!w) return;
    if ('started' in answer) {
      // the worker is up and has the function: from here on the file's own time limit runs
      clearTimeout(w.timer);
      w.timer = setTimeout(() => end(tooComplex('time')), w.timeoutMs);
      return;
    }
    waiting.delete(answer.id);
    clearTimeout(w.timer);
    if (answer.ok) w.resolve(answer.value);
    else w.reject(parseFailed(answer.error));
  });
  worker.on('error', (e: Error & { code?: string }) =>
    end(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooComplex('memory', e) : parseFailed(e.message)),
  );
  worker.on('exit', () => end(tooComplex('memory')));
  // an idle parse worker never keeps the process alive: unref after the listeners, since attaching a 'message'
  // listener refs the worker's port again (a CLI run — `sifpm simulate` — otherwise never exited)
  worker.unref();
  const entry: ParseWorker = {
    // one job at a time per worker, so that a job's time limit is its own
    run(name, args, timeoutMs) {
      const job = queue.then(
        () =>
          new Promise((resolve, reject) => {
            const id = next++;
            const timer = setTimeout(() => end(unavailable('the parse worker did not start')), STARTUP_LIMIT_MS);
            waiting.set(id, { resolve, reject, timer, timeoutMs });
            worker.postMessage({ id, name, args } satisfies Job);
          }),
      );
      queue = job.catch(() => undefined);
      return job;
    },
  };
  workers.set(moduleUrl, entry);
  return entry;
}

/**
 * A parse of an uploaded OOXML package, bounded: the package's zip directory is checked against the limits first (in
 * this thread: it inflates nothing), then `read` runs in a worker under the parse limits. A refusal of either is
 * answered through `refuse` with its code and bilingual message, the same shape as the parse's own refusals.
 */
export function bounded<E, R>(
  moduleUrl: string,
  name: string,
  read: (buf: Buffer, expect: E) => Promise<R>,
  refuse: (problem: { code: string; message: Bilingual }) => R,
): (buf: Buffer, expect: E) => Promise<R> {
  const inWorker = parser(moduleUrl, name, (bytes: Uint8Array, expect: E) =>
    read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), expect),
  );
  return async (buf, expect) => {
    // an unreadable directory is left to the parser, which refuses the file in its own words
    const [problem] = packageProblems(await zipDirectoryOf(buf)).filter((p) => p.code !== 'PACKAGE_UNREADABLE');
    if (problem) return refuse(problem);
    try {
      return await inWorker(buf, expect);
    } catch (e) {
      if (isAppError(e) && e.status === 422) return refuse({ code: e.code, message: e.bilingual });
      throw e;
    }
  };
}
