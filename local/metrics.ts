/**
 * Operations counted by the embedded local default, per AWS service — the one place that sees every call. Read with
 * `local.metrics()`; the benchmark and the cost model (`shared/platform/cost.ts`) take this shape (`LocalMetrics`).
 */
import type { DynamoDbMetrics } from '#local/dynamodb';
import type { LambdaCounts } from '#local/lambda';
import type { StepFunctionsMetrics } from '#local/stepfunctions/index';

export interface LocalMetrics {
  dynamodb: DynamoDbMetrics;
  /** per function; in-process invocations: durations include waiting on the other local services */
  lambda: Record<string, LambdaCounts>;
  stepFunctions: StepFunctionsMetrics;
  s3: { requests: Record<string, number> };
  ses: { emails: number };
  /** requests to the HTTP API (`/api/*`), as API Gateway would count them */
  api: { requests: number };
}

/** Lambda counters are per process; a local default reports the difference since it started. */
export function lambdaSince(
  now: Record<string, LambdaCounts>,
  base: Record<string, LambdaCounts>,
): Record<string, LambdaCounts> {
  const out: Record<string, LambdaCounts> = {};
  for (const [id, c] of Object.entries(now)) {
    const b = base[id] ?? { invocations: 0, errors: 0, totalMs: 0, maxMs: 0 };
    if (c.invocations === b.invocations) continue;
    out[id] = {
      invocations: c.invocations - b.invocations,
      errors: c.errors - b.errors,
      totalMs: Math.round(c.totalMs - b.totalMs),
      maxMs: Math.round(c.maxMs),
    };
  }
  return out;
}
