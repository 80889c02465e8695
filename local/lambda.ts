/**
 * The local Lambda runtime: the handlers of `functions/manifest.ts`, loaded in this process and invoked with a
 * Lambda-shaped context. Each function module is loaded once (a warm container).
 *
 * The timeout: as in AWS, an invocation's time runs from the handler's call, not from its module's load (Lambda's init
 * has its own budget), and `getRemainingTimeInMillis()` counts down from the functions' timeout — which middy's
 * early timeout response enforces. Unlike AWS, every function and every emulator share this one event loop, so a
 * handler's wall time includes everyone else's work: on a loaded machine (the test suite runs three local defaults on
 * two cores) a handler that takes a second alone was seen to pass 30 s and fail with middy's `TimeoutError`.
 * `SIFPM_LOCAL_LAMBDA_TIMEOUT_S` gives the local runtime a longer one (the suite sets 300 s); the default is the
 * deployed timeout, so that `npm start` and the benchmark split their work as AWS would.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { FUNCTION_TIMEOUT_SECONDS, FUNCTIONS, type FunctionId } from '#functions/manifest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
type Handler = (event: unknown, context: Context) => Promise<unknown>;
const loaded = new Map<string, Promise<Handler>>();

const TimeoutSeconds = z.coerce
  .number({ error: 'SIFPM_LOCAL_LAMBDA_TIMEOUT_S 须为秒数 / must be a number of seconds' })
  .int('SIFPM_LOCAL_LAMBDA_TIMEOUT_S 须为整数秒 / must be whole seconds')
  .min(1, 'SIFPM_LOCAL_LAMBDA_TIMEOUT_S 至少 1 秒 / must be at least 1 second')
  .max(900, 'SIFPM_LOCAL_LAMBDA_TIMEOUT_S 至多 900 秒（Lambda 上限）/ must be at most 900 seconds (the Lambda limit)');

/** The local functions' timeout, ms: `SIFPM_LOCAL_LAMBDA_TIMEOUT_S`, else the deployed one. */
export function localTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.SIFPM_LOCAL_LAMBDA_TIMEOUT_S;
  if (value === undefined || value === '') return FUNCTION_TIMEOUT_SECONDS * 1000;
  const parsed = TimeoutSeconds.safeParse(value);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data * 1000;
}

/** Invocations and durations per function since the process started (read by `local.metrics()`). */
export interface LambdaCounts {
  invocations: number;
  errors: number;
  /** wall time of the handler, ms (in process: includes waiting on the other local services) */
  totalMs: number;
  maxMs: number;
}
const counts = new Map<string, LambdaCounts>();
export const lambdaCounts = (): Record<string, LambdaCounts> =>
  Object.fromEntries([...counts].map(([id, c]) => [id, { ...c }]));

export const LOCAL_ACCOUNT = '000000000000';

/** AWS China regions (cn-*) are the `aws-cn` partition. */
export const partitionOf = (region: string): string => (region.startsWith('cn-') ? 'aws-cn' : 'aws');

export function functionArn(region: string, id: FunctionId): string {
  return `arn:${partitionOf(region)}:lambda:${region}:${LOCAL_ACCOUNT}:function:sifpm-${id}`;
}

/** Resolve a function name or ARN (`…:function:sifpm-<id>`) to a manifest id. */
export function functionIdOf(nameOrArn: string): FunctionId | undefined {
  const name = nameOrArn.split(':function:').pop()?.split(':')[0] ?? nameOrArn;
  const id = name.replace(/^sifpm-/, '');
  return id in FUNCTIONS ? (id as FunctionId) : undefined;
}

export async function invokeFunction(nameOrArn: string, event: unknown): Promise<unknown> {
  const id = functionIdOf(nameOrArn);
  if (!id) {
    const err = new Error(`Function not found: ${nameOrArn}`);
    err.name = 'ResourceNotFoundException';
    throw err;
  }
  let handler = loaded.get(id);
  if (!handler) {
    handler = import(path.join(ROOT, FUNCTIONS[id].entry)).then((m) => m.handler as Handler);
    loaded.set(id, handler);
  }
  const fn = await handler; // module load (a cold start) is not part of the invocation's time, as in AWS
  const timeoutMs = localTimeoutMs();
  const started = Date.now();
  const context = {
    functionName: `sifpm-${id}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: nameOrArn,
    memoryLimitInMB: '512',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/sifpm-${id}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  } satisfies Context;
  const c = counts.get(id) ?? { invocations: 0, errors: 0, totalMs: 0, maxMs: 0 };
  counts.set(id, c);
  c.invocations++;
  const t0 = performance.now();
  try {
    return await fn(event, context);
  } catch (e) {
    c.errors++;
    throw e;
  } finally {
    const ms = performance.now() - t0;
    c.totalMs += ms;
    c.maxMs = Math.max(c.maxMs, ms);
  }
}
