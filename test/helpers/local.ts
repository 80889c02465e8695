import { runScenario, type ScenarioName } from '#local/scenarios';
import { type LocalDefault, type LocalDefaultOptions, startLocalDefault } from '#local/stack';
import { setClock } from '#shared/platform/clock';

/**
 * The embedded local default for one test file: in memory, on free ports, the same handlers and machines as
 * `npm start`. Requests go over HTTP, exactly as a browser or the CLI sends them.
 */
export interface TestSystem {
  local: LocalDefault;
  url: string;
  token(userId: string): Promise<string>;
  call(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; rawBody?: string; as?: string },
  ): Promise<{
    status: number;
    // biome-ignore lint/suspicious/noExplicitAny: a response is arbitrary JSON that each test inspects
    body: any;
  }>;
  mail(): Promise<{ to: string[]; subject: string; text: string; links: string[] }[]>;
  /** Resolves once every upload notification is delivered and every workflow has finished or waits on a person or a timer. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `scenario`: start at that point of the cycle of `year` (`local/scenarios.ts`): the other roles' steps are taken
 * before the test begins, so a browser journey of one role need not call the API itself.
 */
export async function startSystem(
  opts: Pick<LocalDefaultOptions, 'idTokenTtlSeconds'> & { scenario?: { name: ScenarioName; year: number } } = {},
): Promise<TestSystem> {
  const local = await startLocalDefault(opts);
  const tokens = new Map<string, string>();
  const system: TestSystem = {
    local,
    url: local.url,
    async token(userId) {
      let t = tokens.get(userId);
      if (!t) {
        const res = await system.call('POST', '/local/token', { body: { userId } });
        if (res.status !== 200) throw new Error(`no token for ${userId}: ${JSON.stringify(res.body)}`);
        t = res.body.token as string;
        tokens.set(userId, t);
      }
      return t;
    },
    async call(method, path, opts = {}) {
      const token = opts.as ? await system.token(opts.as) : opts.token;
      const res = await fetch(`${local.url}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body };
    },
    async mail() {
      return (await system.call('GET', '/local/mail')).body;
    },
    async settled() {
      // uploads notify asynchronously (and may resume workflows); workflows never upload
      await local.s3Front.idle();
      await local.stepFunctions.idle();
    },
    close: () => local.close(),
  };
  if (opts.scenario) await runScenario(system, opts.scenario.name, opts.scenario.year);
  return system;
}

/** The clock set to an instant and running on from there (so retry intervals still elapse); returns the restore. */
export function runningClock(at: string): () => void {
  const offset = Date.parse(at) - Date.now();
  return setClock(() => Date.now() + offset);
}

/**
 * A moment at which the 2025 cycle can be kicked off: 1 December 2024, 10:00 in Shanghai. The kickoff refuses
 * deadlines already past (issue 16), so a test of the 2025 cycle holds a clock running from here (`runningClock`).
 */
export const IN_TIME_FOR_2025 = '2024-12-01T10:00:00+08:00';
