/**
 * The ASL interpreter (aws-local-stepfunctions 3.0.0) with a few hooks added.
 *
 * Why a patch: the interpreter keeps executions in memory, runs Task/Wait/Retry timers on real
 * `setTimeout` (with a hidden 60 s task timeout), and builds its `$$` context once per run with
 * `StartTime = new Date()`. None of that can be reached from its public options. Rather than fork
 * it, we load its own ESM build with small, exact text substitutions that hand those decisions to
 * the endpoint (`runOptions.sifpm`). Each substitution must match exactly once, so an upgrade that
 * moves the code fails loudly at start-up instead of silently running unpatched; the version is
 * pinned and checked too. When `runOptions.sifpm` is absent the patched module behaves as the
 * original. See README.md, "The interpreter patch".
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const INTERPRETER_VERSION = '3.0.0';

type Patch = { name: string; find: string; replace: string };

const PATCHES: Patch[] = [
  {
    name: 'run: attach hooks to the event logger',
    find: '    const eventLogger = new EventLogger();\n',
    replace: '    const eventLogger = new EventLogger();\n    eventLogger.sifpm = options?.sifpm;\n',
  },
  {
    name: 'run: execution TimeoutSeconds follows the injected clock (done by the endpoint)',
    find: 'if (this.definition.TimeoutSeconds !== void 0) {',
    replace: 'if (this.definition.TimeoutSeconds !== void 0 && !options?.sifpm) {',
  },
  {
    name: 'execute: $$.Execution comes from the endpoint (Id, Name, original StartTime, root Input)',
    find: 'StartTime: (/* @__PURE__ */ new Date()).toISOString()\n',
    replace:
      'StartTime: (/* @__PURE__ */ new Date()).toISOString(),\n        ...options.runOptions?.sifpm?.execution\n',
  },
  {
    name: 'execute: $$.State is set on entering each state',
    find: 'options.eventLogger.dispatchStateEnteredEvent(currStateName, currState.Type, currInput);',
    replace:
      'options.runOptions?.sifpm?.enterState?.(context, currStateName, currState);\n        options.eventLogger.dispatchStateEnteredEvent(currStateName, currState.Type, currInput);',
  },
  {
    name: 'Map: each iteration knows its index (history events)',
    find: 'const execution = stateMachine.run(paramValue ?? item, options.runOptions);',
    replace:
      'const execution = stateMachine.run(paramValue ?? item, options.runOptions?.sifpm ? { ...options.runOptions, sifpm: options.runOptions.sifpm.child("Map", this.stateName, index) } : options.runOptions);',
  },
  {
    name: 'Parallel: each branch knows its parent (history events)',
    find: 'const execution = stateMachine.run(input, options.runOptions);',
    replace:
      'const execution = stateMachine.run(input, options.runOptions?.sifpm ? { ...options.runOptions, sifpm: options.runOptions.sifpm.child("Parallel", this.stateName, -1) } : options.runOptions);',
  },
  {
    name: 'StateExecutor: per-attempt context ($$.Task.Token) before Parameters are evaluated',
    find: 'const processedInput = this.processInput(input, context);',
    replace:
      'options.runOptions?.sifpm?.beforeInput?.(context, this.stateName, this.stateDefinition, input);\n      const processedInput = this.processInput(input, context);',
  },
  {
    name: 'Task: hand the hooks and the raw input to the task action',
    find: 'await taskStateAction.execute(input, context, { overrideFn, awsConfig });',
    replace:
      'await taskStateAction.execute(input, context, { overrideFn, awsConfig, rawInput, sifpm: options.runOptions?.sifpm });',
  },
  {
    name: 'Task: the endpoint runs the task (bindings, clock-based TimeoutSeconds/HeartbeatSeconds, no 60 s default)',
    find: '    const state = this.stateDefinition;\n    const taskPromise = options.overrideFn ? (',
    replace:
      '    const state = this.stateDefinition;\n    if (options.sifpm) return this.buildExecutionResult(await options.sifpm.runTask(context, this.stateName, state, input, options.rawInput));\n    const taskPromise = options.overrideFn ? (',
  },
  {
    name: 'Wait: hand the hooks to the wait action',
    find: '      waitTimeOverrideOption,\n      abortSignal: options.abortSignal\n    });',
    replace:
      '      waitTimeOverrideOption,\n      abortSignal: options.abortSignal,\n      sifpm: options.runOptions?.sifpm\n    });',
  },
  {
    name: 'Wait: waits follow the injected clock',
    find: '    if (options.waitTimeOverrideOption !== void 0) {',
    replace:
      '    if (options.sifpm) {\n      await options.sifpm.wait(context, this.stateName, state, input);\n      return this.buildExecutionResult(input);\n    }\n    if (options.waitTimeOverrideOption !== void 0) {',
  },
  {
    name: 'Retry: intervals follow the injected clock',
    find: 'await sleep(waitTimeBeforeRetry, options.abortSignal);',
    replace: 'await (options.runOptions?.sifpm?.sleep ?? sleep)(waitTimeBeforeRetry, options.abortSignal);',
  },
  {
    name: 'EventLogger: synchronous listener (history is written as it happens, not from the async log stream)',
    find: '  dispatch(event) {\n    if (this.isLoggerClosed) return;\n',
    replace: '  dispatch(event) {\n    if (this.isLoggerClosed) return;\n    this.sifpm?.onEvent?.(event);\n',
  },
];

const EXPORTS = '\nexport const __sifpm = { jsonPathQuery, StatesTimeoutError, RuntimeError };\n';

/** Applies the patches to the interpreter source; throws if any does not match exactly once. */
export function patchInterpreterSource(source: string): string {
  let out = source;
  for (const p of PATCHES) {
    const count = out.split(p.find).length - 1;
    if (count !== 1) {
      throw new Error(
        `aws-local-stepfunctions patch "${p.name}" matched ${count} times (expected 1): the interpreter changed; re-check local/stepfunctions/asl.ts`,
      );
    }
    out = out.replace(p.find, () => p.replace);
  }
  return out + EXPORTS;
}

export interface AslErrorLike extends Error {
  isRetryable?: boolean;
  isCatchable?: boolean;
}

export interface Interpreter {
  StateMachine: new (
    definition: object,
    options?: { validationOptions?: { noValidate?: boolean; checkArn?: boolean; checkPaths?: boolean } },
  ) => {
    run(
      input: unknown,
      options: Record<string, unknown>,
    ): { abort: () => void; result: Promise<unknown>; eventLogs: AsyncGenerator<unknown> };
  };
  ExecutionError: new (...args: never[]) => Error;
  __sifpm: {
    jsonPathQuery: (path: string, json: unknown, context: unknown, options?: unknown) => unknown;
    StatesTimeoutError: new () => AslErrorLike;
    RuntimeError: new (message: string, cause?: unknown) => AslErrorLike;
  };
}

let loaded: Promise<Interpreter> | undefined;

/**
 * Loads the patched interpreter. The patched file is written beside the original build so that
 * its bare imports (jsonpath-plus, asl-validator…) resolve exactly as the original's do; its name
 * carries a hash of its content, and it is written atomically (temp + rename), so concurrent
 * processes agree on it.
 */
export function loadInterpreter(): Promise<Interpreter> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    // The package's `exports` hide package.json; the CJS entry sits in build/.
    const buildDir = dirname(require.resolve('aws-local-stepfunctions'));
    const pkgPath = join(buildDir, '..', 'package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string };
    if (pkg.version !== INTERPRETER_VERSION) {
      throw new Error(
        `aws-local-stepfunctions ${pkg.version} installed, the local endpoint is written against ${INTERPRETER_VERSION}`,
      );
    }
    const patched = patchInterpreterSource(readFileSync(join(buildDir, 'main.node.esm.js'), 'utf8'));
    const hash = createHash('sha256').update(patched).digest('hex').slice(0, 12);
    const target = join(buildDir, `main.sifpm-${hash}.mjs`);
    if (!existsSync(target)) {
      const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(tmp, patched);
      renameSync(tmp, target);
    }
    return (await import(pathToFileURL(target).href)) as Interpreter;
  })();
  return loaded;
}
