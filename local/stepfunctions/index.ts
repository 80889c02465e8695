/**
 * The local Step Functions endpoint: the SFN JSON API on 127.0.0.1, running the very definitions
 * CDK deploys on the aws-local-stepfunctions interpreter, with per-task tokens, the context
 * object, clock-driven timers, persistence and re-drive after a restart. See README.md.
 */
import type { AddressInfo } from 'node:net';
import { Engine } from './engine.ts';
import { createSfnServer } from './server.ts';
import { fileStore, memoryStore } from './store.ts';

export { checkDefinitionSupported } from './support.ts';

export interface LocalStepFunctionsOptions {
  port?: number; // default 0 (free port)
  dataDir?: string; // persist under `${dataDir}/stepfunctions/`; omitted → memory only
  region?: string; // default 'cn-north-1'
  accountId?: string; // default '000000000000'
  /** Run a Lambda function (by name or ARN, as written in the definition after substitution) with a payload; resolve to its result, reject with an Error whose `name` is the error name (e.g. 'AppError', 'ConditionalCheckFailedException'); the endpoint maps that to the ASL error name as AWS does for lambda:invoke (error name = errorType) and for direct Lambda ARNs. */
  invokeFunction: (functionName: string, payload: unknown) => Promise<unknown>;
  /** Time source in ms since epoch; default Date.now. Wait states, TimeoutSeconds and HeartbeatSeconds follow it. */
  clock?: () => number;
}

export interface StepFunctionsMetrics {
  executions: number;
  stateTransitions: number;
  byMachine: Record<string, { executions: number; stateTransitions: number }>;
}

export interface LocalStepFunctions {
  endpoint: string; // e.g. http://127.0.0.1:PORT
  /** Re-check timers against the clock now (called after a simulation moves the clock). */
  checkTimers(): Promise<void>;
  close(): Promise<void>; // stops the server; running executions stay persisted as RUNNING
  /** Executions and state transitions (`…StateEntered` history events, what Standard workflows bill) per machine. */
  metrics(): StepFunctionsMetrics;
  /** Resolves when no execution is making progress (all finished or waiting on a callback/timer) — for tests and simulations; no sleeps. */
  idle(): Promise<void>;
}

export async function startLocalStepFunctions(opts: LocalStepFunctionsOptions): Promise<LocalStepFunctions> {
  const engine = new Engine({
    region: opts.region ?? 'cn-north-1',
    accountId: opts.accountId ?? '000000000000',
    invokeFunction: opts.invokeFunction,
    clock: opts.clock ?? Date.now,
    store: opts.dataDir ? fileStore(opts.dataDir) : memoryStore(),
  });
  await engine.start();
  const server = createSfnServer(engine);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async checkTimers() {
      engine.checkTimers();
    },
    idle: () => engine.idle(),
    metrics() {
      const out: StepFunctionsMetrics = { executions: 0, stateTransitions: 0, byMachine: {} };
      for (const e of engine.executions.values()) {
        const transitions = e.history.filter((h) => h.type.endsWith('StateEntered')).length;
        const m = out.byMachine[e.meta.machineName] ?? { executions: 0, stateTransitions: 0 };
        out.byMachine[e.meta.machineName] = m;
        m.executions++;
        m.stateTransitions += transitions;
        out.executions++;
        out.stateTransitions += transitions;
      }
      return out;
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        engine.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
