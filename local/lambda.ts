/**
 * The local Lambda runtime: the handlers of `functions/manifest.ts`, loaded in this process and invoked with a
 * Lambda-shaped context. Each function module is loaded once (a warm container).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'aws-lambda';
import { FUNCTIONS, type FunctionId } from '#functions/manifest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
type Handler = (event: unknown, context: Context) => Promise<unknown>;
const loaded = new Map<string, Promise<Handler>>();

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
    getRemainingTimeInMillis: () => Math.max(0, 30_000 - (Date.now() - started)),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  } satisfies Context;
  const c = counts.get(id) ?? { invocations: 0, errors: 0, totalMs: 0, maxMs: 0 };
  counts.set(id, c);
  c.invocations++;
  const fn = await handler; // module load (a cold start) is not part of the invocation's duration
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
