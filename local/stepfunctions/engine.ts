/**
 * The execution engine behind the local Step Functions endpoint: state machines, executions,
 * task tokens, timers, history, persistence and re-drive. The ASL itself (paths, Choice, Map,
 * Parallel, Retry, Catch, intrinsics) is run by the patched interpreter (asl.ts); this module is
 * what the interpreter calls back for everything that touches the world or the clock.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crashPoint } from '../crash.ts';
import { type AslErrorLike, type Interpreter, loadInterpreter } from './asl.ts';
import { SfnError } from './errors.ts';
import type { ExecutionMeta, HistoryEvent, JournalEntry, MachineRecord, Store, TokenEndReason } from './store.ts';
import { checkDefinitionSupported, type TaskBinding, taskBinding } from './support.ts';
import { ClockTimers } from './timers.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface EngineOptions {
  region: string;
  accountId: string;
  invokeFunction: (functionName: string, payload: unknown) => Promise<unknown>;
  clock: () => number;
  store: Store;
}

interface Execution {
  meta: ExecutionMeta;
  status: ExecutionStatus;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  history: HistoryEvent[];
  redriveCount: number;
  redriveDate?: number;
  /** Generation of the run in progress; hooks of an older run (stopped, closed, re-driven) are ignored. */
  gen: number;
  abort?: () => void;
  cancels: Set<() => void>;
}

interface TaskToken {
  hash: string;
  executionArn: string;
  state: string;
  /** Pending tokens carry the generation and the settle functions of the waiting task. */
  pending?: {
    succeed: (output: string) => void;
    fail: (error: string | undefined, cause: string | undefined) => void;
    heartbeat: () => void;
  };
  ended?: TokenEndReason;
}

type Json = unknown;
type Context = Record<string, unknown> & { State?: unknown; Task?: { Token: string } };
type StateDef = Record<string, unknown> & { Type: string };

/** Where a run of the interpreter sits: the execution itself, or one Map iteration / Parallel branch. */
interface RunPath {
  kind: 'Execution' | 'Map' | 'Parallel';
  state: string;
  index: number;
}

const TOKEN = /^[A-Za-z0-9_-]{86}$/;
/** Characters AWS refuses in state machine and execution names (besides control characters). */
const NAME_FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/u;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function isValidName(name: string): boolean {
  const length = [...name].length;
  if (length < 1 || length > 80 || NAME_FORBIDDEN.test(name)) return false;
  for (const ch of name) {
    const code = ch.codePointAt(0) ?? 0;
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return false;
  }
  return true;
}

export class Engine {
  readonly machines = new Map<string, MachineRecord>();
  readonly executions = new Map<string, Execution>();
  private readonly tokens = new Map<string, TaskToken>();
  private readonly timers: ClockTimers;
  private readonly inflight = new Set<Promise<unknown>>();
  private activity = 0;
  private closed = false;
  private toRedrive: Execution[] = [];
  private asl!: Interpreter;
  private readonly arnPrefix: string;

  constructor(private readonly opts: EngineOptions) {
    this.timers = new ClockTimers(opts.clock);
    this.arnPrefix = `arn:${partitionOf(opts.region)}:states:${opts.region}:${opts.accountId}`;
  }

  /** Loads the interpreter and the store; executions that were RUNNING are re-driven on first use. */
  async start(): Promise<void> {
    this.asl = await loadInterpreter();
    for (const m of this.opts.store.loadMachines()) this.machines.set(m.arn, m);
    const running: Execution[] = [];
    for (const entries of this.opts.store.loadExecutions()) {
      const exec = this.replay(entries);
      this.executions.set(exec.meta.arn, exec);
      if (exec.status === 'RUNNING') running.push(exec);
    }
    this.toRedrive = running;
  }

  /**
   * Re-drives the executions found RUNNING at start. Deferred to the endpoint's first use (first
   * request, `checkTimers()` or `idle()`) so that the process has finished wiring what its Lambdas
   * need (endpoints, environment) before any of them runs again.
   */
  redrivePending(): void {
    for (const exec of this.toRedrive.splice(0)) if (exec.status === 'RUNNING') this.redrive(exec);
  }

  // ——— state machines ———

  createStateMachine(p: { name: string; definition: string; roleArn: string; type?: string }): MachineRecord {
    if (!isValidName(p.name)) throw new SfnError('InvalidName', `Invalid State Machine Name: '${p.name}'`);
    if (p.type && p.type !== 'STANDARD') {
      throw new SfnError('ValidationException', 'Only STANDARD state machines are supported by the local endpoint');
    }
    this.validateDefinition(p.definition);
    const arn = `${this.arnPrefix}:stateMachine:${p.name}`;
    const existing = this.machines.get(arn);
    if (existing) {
      if (existing.definition === p.definition && existing.roleArn === p.roleArn) return existing;
      throw new SfnError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
    }
    const m: MachineRecord = {
      arn,
      name: p.name,
      definition: p.definition,
      roleArn: p.roleArn,
      type: 'STANDARD',
      creationDate: this.opts.clock(),
    };
    this.machines.set(arn, m);
    this.opts.store.saveMachines([...this.machines.values()]);
    return m;
  }

  updateStateMachine(p: { stateMachineArn: string; definition?: string; roleArn?: string }): MachineRecord {
    const m = this.machine(p.stateMachineArn);
    if (p.definition === undefined && p.roleArn === undefined) {
      throw new SfnError('MissingRequiredParameter', 'Either the definition or the roleArn must be specified');
    }
    if (p.definition !== undefined) this.validateDefinition(p.definition);
    const next = {
      ...m,
      definition: p.definition ?? m.definition,
      roleArn: p.roleArn ?? m.roleArn,
      updateDate: this.opts.clock(),
    };
    this.machines.set(m.arn, next);
    this.opts.store.saveMachines([...this.machines.values()]);
    return next;
  }

  deleteStateMachine(arn: string): void {
    if (this.machines.delete(arn)) this.opts.store.saveMachines([...this.machines.values()]);
  }

  machine(arn: string): MachineRecord {
    const m = this.machines.get(arn);
    if (!m) throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return m;
  }

  private validateDefinition(definition: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(definition);
    } catch (e) {
      throw new SfnError('InvalidDefinition', `Invalid State Machine Definition: '${(e as Error).message}'`);
    }
    if (typeof parsed !== 'object' || parsed === null) {
      throw new SfnError('InvalidDefinition', 'Invalid State Machine Definition: not an object');
    }
    const valid = validDefinitionMark(definition);
    if (!existsSync(valid)) {
      try {
        new this.asl.StateMachine(parsed, { validationOptions: { checkArn: true, checkPaths: true } });
      } catch (e) {
        throw new SfnError('InvalidDefinition', `Invalid State Machine Definition: '${(e as Error).message}'`);
      }
      markValid(valid);
    }
    // Refuse loudly what the interpreter would silently ignore (JSONata, variables, unbound tasks).
    const problems = checkDefinitionSupported(parsed);
    if (problems.length > 0) {
      throw new SfnError(
        'InvalidDefinition',
        `Invalid State Machine Definition for the local endpoint: ${problems.join('; ')}`,
      );
    }
  }

  // ——— executions ———

  startExecution(p: { stateMachineArn: string; name?: string; input?: string }): Execution {
    const m = this.machine(p.stateMachineArn);
    const name = p.name ?? randomUUID();
    if (!isValidName(name)) throw new SfnError('InvalidName', `Invalid Execution Name: '${name}'`);
    const input = p.input ?? '{}';
    let parsed: Json;
    try {
      parsed = JSON.parse(input);
    } catch (e) {
      throw new SfnError('InvalidExecutionInput', `Invalid Execution Input: '${(e as Error).message}'`);
    }
    const arn = `${this.arnPrefix}:execution:${m.name}:${name}`;
    const existing = this.executions.get(arn);
    if (existing) {
      // As on AWS: idempotent only while RUNNING and only for the same input.
      if (existing.status === 'RUNNING' && existing.meta.input === input) return existing;
      throw new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const meta: ExecutionMeta = {
      arn,
      machineArn: m.arn,
      machineName: m.name,
      name,
      input,
      startDate: this.opts.clock(),
      definition: m.definition,
      roleArn: m.roleArn,
    };
    const exec: Execution = { meta, status: 'RUNNING', history: [], redriveCount: 0, gen: 0, cancels: new Set() };
    this.executions.set(arn, exec);
    this.journal(exec, { k: 'start', meta });
    this.event(exec, 'ExecutionStarted', 'executionStartedEventDetails', {
      input,
      inputDetails: { truncated: false },
      roleArn: meta.roleArn,
    });
    this.launch(exec, parsed);
    return exec;
  }

  execution(arn: string): Execution {
    const e = this.executions.get(arn);
    if (!e) throw new SfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return e;
  }

  stopExecution(arn: string, error?: string, cause?: string): Execution {
    const exec = this.execution(arn);
    if (exec.status !== 'RUNNING') return exec;
    this.event(exec, 'ExecutionAborted', 'executionAbortedEventDetails', dropUndefined({ error, cause }));
    this.finish(exec, 'ABORTED', { error, cause });
    return exec;
  }

  // ——— task tokens ———

  sendTaskSuccess(token: string, output: string): void {
    const t = this.pendingToken(token);
    try {
      JSON.parse(output);
    } catch (e) {
      throw new SfnError('InvalidOutput', `Invalid Output: '${(e as Error).message}'`);
    }
    t.pending?.succeed(output);
  }

  sendTaskFailure(token: string, error?: string, cause?: string): void {
    this.pendingToken(token).pending?.fail(error, cause);
  }

  sendTaskHeartbeat(token: string): void {
    this.pendingToken(token).pending?.heartbeat();
  }

  private pendingToken(token: string): TaskToken {
    if (!TOKEN.test(token)) throw new SfnError('InvalidToken', "Invalid Token: 'Invalid token'");
    const t = this.tokens.get(hashToken(token));
    if (!t) throw new SfnError('TaskDoesNotExist', 'Task Does Not Exist');
    if (t.ended === 'redriven') {
      throw new SfnError(
        'TaskDoesNotExist',
        `Task Does Not Exist: the execution '${t.executionArn}' was re-driven after a restart of the local Step Functions endpoint; state '${t.state}' was scheduled again with a fresh task token`,
      );
    }
    if (t.ended || !t.pending) {
      throw new SfnError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    }
    return t;
  }

  // ——— clock, idleness, shutdown ———

  checkTimers(): void {
    this.redrivePending();
    this.timers.check();
  }

  /** Resolves once no execution can move without a callback, a timer or a new request. */
  async idle(): Promise<void> {
    this.redrivePending();
    for (;;) {
      if (this.inflight.size > 0) {
        await Promise.allSettled([...this.inflight]);
        continue;
      }
      const before = this.activity;
      await new Promise((r) => setImmediate(r));
      if (this.inflight.size === 0 && this.activity === before) return;
    }
  }

  close(): void {
    this.closed = true;
    for (const exec of this.executions.values()) {
      if (exec.status !== 'RUNNING') continue;
      // Leave it RUNNING in the store: the next start re-drives it.
      exec.gen++;
      exec.abort?.();
      for (const c of exec.cancels) c();
    }
    this.timers.close();
    this.opts.store.close();
  }

  // ——— runs ———

  private redrive(exec: Execution): void {
    const now = this.opts.clock();
    exec.redriveCount++;
    exec.redriveDate = now;
    for (const t of this.tokens.values()) if (t.executionArn === exec.meta.arn) this.endToken(exec, t, 'redriven');
    this.event(exec, 'ExecutionRedriven', 'executionRedrivenEventDetails', { redriveCount: exec.redriveCount });
    this.launch(exec, JSON.parse(exec.meta.input));
  }

  private launch(exec: Execution, input: Json): void {
    const gen = ++exec.gen;
    const definition = JSON.parse(exec.meta.definition) as { TimeoutSeconds?: number };
    const sm = new this.asl.StateMachine(definition, { validationOptions: { noValidate: true } });
    const m = this.machines.get(exec.meta.machineArn);
    const execution = dropUndefined({
      Id: exec.meta.arn,
      Name: exec.meta.name,
      Input: input,
      StartTime: iso(exec.meta.startDate),
      RoleArn: exec.meta.roleArn,
      RedriveCount: exec.redriveCount,
      RedriveTime: exec.redriveDate === undefined ? undefined : iso(exec.redriveDate),
    });
    const context = {
      Execution: execution,
      StateMachine: { Id: exec.meta.machineArn, Name: m?.name ?? exec.meta.machineName },
    };
    if (definition.TimeoutSeconds !== undefined) {
      const cancel = this.timers.at(exec.meta.startDate + definition.TimeoutSeconds * 1000, () => {
        if (!this.live(exec, gen)) return;
        this.event(exec, 'ExecutionTimedOut', 'executionTimedOutEventDetails', { error: 'States.Timeout' });
        this.finish(exec, 'TIMED_OUT', { error: 'States.Timeout' });
      });
      exec.cancels.add(cancel);
    }
    const run = sm.run(input, {
      context,
      noThrowOnAbort: true,
      sifpm: this.hooks(exec, gen, execution, { kind: 'Execution', state: '', index: -1 }),
    });
    exec.abort = run.abort;
    run.result.then(
      (output) => {
        if (!this.live(exec, gen)) return;
        const out = JSON.stringify(output ?? null);
        this.event(exec, 'ExecutionSucceeded', 'executionSucceededEventDetails', {
          output: out,
          outputDetails: { truncated: false },
        });
        this.finish(exec, 'SUCCEEDED', { output: out });
      },
      (err: unknown) => {
        if (!this.live(exec, gen)) return;
        const failure = errorOf(err);
        this.event(exec, 'ExecutionFailed', 'executionFailedEventDetails', dropUndefined(failure));
        this.finish(exec, 'FAILED', failure);
      },
    );
  }

  private finish(
    exec: Execution,
    status: ExecutionStatus,
    r: { output?: string; error?: string; cause?: string },
  ): void {
    exec.status = status;
    exec.stopDate = this.opts.clock();
    exec.output = r.output;
    exec.error = r.error;
    exec.cause = r.cause;
    exec.gen++;
    exec.abort?.();
    for (const c of exec.cancels) c();
    exec.cancels.clear();
    for (const t of this.tokens.values())
      if (t.executionArn === exec.meta.arn) this.endToken(exec, t, 'executionEnded');
    this.opts.store.release(exec.meta.arn);
  }

  private endToken(exec: Execution, t: TaskToken, why: TokenEndReason): void {
    if (t.ended) return;
    t.ended = why;
    t.pending = undefined;
    this.journal(exec, { k: 'tokenEnd', h: t.hash, why });
  }

  private live(exec: Execution, gen: number): boolean {
    return !this.closed && exec.status === 'RUNNING' && exec.gen === gen;
  }

  /** The callbacks the patched interpreter makes (see asl.ts), for one run of one execution. */
  private hooks(
    exec: Execution,
    gen: number,
    execution: Record<string, unknown>,
    path: RunPath,
  ): Record<string, unknown> {
    const seen = new WeakSet<object>();
    // A Map iteration or Parallel branch the interpreter aborted (a sibling failed) is dead, and so
    // are the tasks it had scheduled.
    let dead = false;
    const runTokens = new Set<TaskToken>();
    const live = () => !dead && this.live(exec, gen);
    const never = () => new Promise<never>(() => {});
    const { jsonPathQuery, StatesTimeoutError } = this.asl.__sifpm;
    return {
      execution,
      child: (kind: 'Map' | 'Parallel', state: string, index: number) =>
        this.hooks(exec, gen, execution, { kind, state, index }),
      enterState: (context: Context, name: string) => {
        context.State = { Name: name, EnteredTime: iso(this.opts.clock()) };
        delete context.Task;
      },
      beforeInput: (context: Context, _name: string, state: StateDef, input: Json) => {
        if (state.Type === 'Task' && taskBinding(state.Resource)?.kind === 'invokeCallback') {
          // A fresh token per attempt: a retried callback task is a new task on AWS too.
          context.Task = { Token: randomBytes(64).toString('base64url') };
        } else {
          delete context.Task;
        }
        if (!live()) return;
        if (state.Type === 'Map') {
          let length: number | undefined;
          try {
            const effective =
              'InputPath' in state
                ? state.InputPath === null
                  ? {}
                  : jsonPathQuery(String(state.InputPath), input, context)
                : input;
            const items = state.ItemsPath ? jsonPathQuery(String(state.ItemsPath), effective, context) : effective;
            if (Array.isArray(items)) length = items.length;
          } catch {
            // The interpreter reports the path error itself.
          }
          this.event(exec, 'MapStateStarted', 'mapStateStartedEventDetails', dropUndefined({ length }));
        }
        if (state.Type === 'Parallel') this.event(exec, 'ParallelStateStarted');
      },
      onEvent: (ev: {
        type: string;
        state?: { name: string; type: string; input: Json; output?: Json };
        Error?: string;
        Cause?: unknown;
      }) => {
        if (seen.has(ev) || !live()) return;
        seen.add(ev);
        const s = ev.state;
        switch (ev.type) {
          case 'ExecutionStarted':
            if (path.kind === 'Map')
              this.event(exec, 'MapIterationStarted', 'mapIterationStartedEventDetails', {
                name: path.state,
                index: path.index,
              });
            break;
          case 'ExecutionSucceeded':
            if (path.kind === 'Map') {
              this.event(exec, 'MapIterationSucceeded', 'mapIterationSucceededEventDetails', {
                name: path.state,
                index: path.index,
              });
              crashPoint('sfn-map-iteration'); // crash tests only (local/crash.ts)
            }
            break;
          case 'ExecutionAborted':
            if (path.kind === 'Execution') break;
            if (path.kind === 'Map') {
              this.event(exec, 'MapIterationAborted', 'mapIterationAbortedEventDetails', {
                name: path.state,
                index: path.index,
              });
            }
            dead = true;
            for (const t of runTokens) this.endToken(exec, t, 'executionEnded');
            break;
          case 'ExecutionFailed':
            if (path.kind === 'Map')
              this.event(exec, 'MapIterationFailed', 'mapIterationFailedEventDetails', {
                name: path.state,
                index: path.index,
              });
            break;
          case 'StateEntered':
            if (s) {
              this.event(exec, `${s.type}StateEntered`, 'stateEnteredEventDetails', {
                name: s.name,
                input: JSON.stringify(s.input ?? null),
                inputDetails: { truncated: false },
              });
            }
            break;
          case 'StateExited':
            if (s) {
              if (s.type === 'Map') this.event(exec, 'MapStateSucceeded');
              if (s.type === 'Parallel') this.event(exec, 'ParallelStateSucceeded');
              this.event(exec, `${s.type}StateExited`, 'stateExitedEventDetails', {
                name: s.name,
                output: JSON.stringify(s.output ?? null),
                outputDetails: { truncated: false },
              });
            }
            break;
          case 'StateFailed':
            if (s?.type === 'Map')
              this.event(
                exec,
                'MapStateFailed',
                'mapStateFailedEventDetails',
                dropUndefined({ error: ev.Error, cause: causeString(ev.Cause) }),
              );
            if (s?.type === 'Parallel')
              this.event(
                exec,
                'ParallelStateFailed',
                'parallelStateFailedEventDetails',
                dropUndefined({ error: ev.Error, cause: causeString(ev.Cause) }),
              );
            break;
          default:
            break;
        }
      },
      sleep: async (ms: number) => {
        if (!live()) return never();
        await this.clockSleep(exec, ms);
        if (!live()) return never();
      },
      wait: async (context: Context, _name: string, state: StateDef, input: Json) => {
        if (!live()) return never();
        const now = this.opts.clock();
        let due = now;
        if (typeof state.Seconds === 'number') due = now + state.Seconds * 1000;
        else if (typeof state.Timestamp === 'string') due = Date.parse(state.Timestamp);
        else if (typeof state.SecondsPath === 'string') {
          const v = jsonPathQuery(state.SecondsPath, input, context);
          if (!Number.isInteger(v) || (v as number) < 0)
            throw runtimeError(`SecondsPath '${state.SecondsPath}' must point to a non-negative integer`);
          due = now + (v as number) * 1000;
        } else if (typeof state.TimestampPath === 'string') {
          const v = jsonPathQuery(state.TimestampPath, input, context);
          if (typeof v !== 'string' || Number.isNaN(Date.parse(v)))
            throw runtimeError(`TimestampPath '${state.TimestampPath}' must point to a timestamp`);
          due = Date.parse(v);
        }
        await this.clockSleep(exec, due - now);
        if (!live()) return never();
      },
      runTask: (context: Context, name: string, state: StateDef, input: Json, rawInput: Json) => {
        if (!live()) return never();
        const binding = taskBinding(state.Resource);
        if (!binding)
          throw runtimeError(`The local endpoint has no binding for Task resource '${String(state.Resource)}'`);
        const seconds = (value: unknown, pathField: unknown): number | undefined => {
          if (typeof value === 'number') return value;
          if (typeof pathField !== 'string') return undefined;
          const v = jsonPathQuery(pathField, rawInput, context);
          if (!Number.isInteger(v) || (v as number) < 1)
            throw runtimeError(`'${pathField}' must point to a positive integer`);
          return v as number;
        };
        const timeout = seconds(state.TimeoutSeconds, state.TimeoutSecondsPath);
        const heartbeat = seconds(state.HeartbeatSeconds, state.HeartbeatSecondsPath);
        return this.runTask(
          exec,
          live,
          runTokens,
          binding,
          name,
          input,
          context,
          timeout,
          heartbeat,
          () => new StatesTimeoutError(),
        );
      },
    };
  }

  private clockSleep(exec: Execution, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const cancel = this.timers.at(this.opts.clock() + Math.max(0, ms), () => {
        exec.cancels.delete(cancel);
        resolve();
      });
      exec.cancels.add(cancel);
    });
  }

  private runTask(
    exec: Execution,
    live: () => boolean,
    runTokens: Set<TaskToken>,
    binding: TaskBinding,
    stateName: string,
    input: Json,
    context: Context,
    timeoutSeconds: number | undefined,
    heartbeatSeconds: number | undefined,
    timeoutError: () => AslErrorLike,
  ): Promise<Json> {
    const direct = binding.kind === 'function';
    const resource = direct ? binding.resource : binding.kind === 'invoke' ? 'invoke' : 'invoke.waitForTaskToken';
    const region = this.opts.region;
    const common = direct ? {} : { resourceType: 'lambda', resource };
    // Event names and detail keys, as AWS records them for each kind of Lambda task.
    const ev = direct
      ? {
          failed: ['LambdaFunctionFailed', 'lambdaFunctionFailedEventDetails'],
          timedOut: ['LambdaFunctionTimedOut', 'lambdaFunctionTimedOutEventDetails'],
          succeeded: ['LambdaFunctionSucceeded', 'lambdaFunctionSucceededEventDetails'],
        }
      : {
          failed: ['TaskFailed', 'taskFailedEventDetails'],
          timedOut: ['TaskTimedOut', 'taskTimedOutEventDetails'],
          succeeded: ['TaskSucceeded', 'taskSucceededEventDetails'],
        };

    let functionName: string;
    let payload: Json;
    if (direct) {
      functionName = binding.resource;
      payload = input;
      this.event(
        exec,
        'LambdaFunctionScheduled',
        'lambdaFunctionScheduledEventDetails',
        dropUndefined({
          resource: binding.resource,
          input: JSON.stringify(input ?? null),
          inputDetails: { truncated: false },
          timeoutInSeconds: timeoutSeconds,
        }),
      );
      this.event(exec, 'LambdaFunctionStarted');
    } else {
      const params = (input ?? {}) as { FunctionName?: unknown; Payload?: unknown };
      if (typeof params.FunctionName !== 'string') {
        throw runtimeError(`State '${stateName}': Parameters.FunctionName must be a string for ${binding.resource}`);
      }
      functionName = params.FunctionName;
      payload = params.Payload ?? {};
      this.event(
        exec,
        'TaskScheduled',
        'taskScheduledEventDetails',
        dropUndefined({
          resourceType: 'lambda',
          resource,
          region,
          parameters: JSON.stringify(input ?? null),
          timeoutInSeconds: timeoutSeconds,
          heartbeatInSeconds: heartbeatSeconds,
        }),
      );
      this.event(exec, 'TaskStarted', 'taskStartedEventDetails', common);
    }

    return new Promise<Json>((resolve, reject) => {
      let settled = false;
      const cancels: Array<() => void> = [];
      let token: TaskToken | undefined;
      const settle = (reason: TokenEndReason | undefined, fn: () => void) => {
        if (settled) return;
        settled = true;
        for (const c of cancels) {
          c();
          exec.cancels.delete(c);
        }
        if (token && reason) this.endToken(exec, token, reason);
        if (live()) fn();
      };
      const fail = (error: string, cause: string | undefined, err: Error) =>
        settle('failed', () => {
          this.event(exec, ev.failed[0] as string, ev.failed[1] as string, dropUndefined({ ...common, error, cause }));
          reject(err);
        });
      const timeOut = (cause: string | undefined) =>
        settle('timedOut', () => {
          this.event(
            exec,
            ev.timedOut[0] as string,
            ev.timedOut[1] as string,
            dropUndefined({ ...common, error: 'States.Timeout', cause }),
          );
          reject(timeoutError());
        });
      const succeed = (output: Json) =>
        settle('succeeded', () => {
          this.event(exec, ev.succeeded[0] as string, ev.succeeded[1] as string, {
            ...common,
            output: JSON.stringify(output ?? null),
            outputDetails: { truncated: false },
          });
          resolve(output);
        });
      const addTimer = (ms: number, fire: () => void) => {
        const cancel = this.timers.at(this.opts.clock() + ms, fire);
        cancels.push(cancel);
        exec.cancels.add(cancel);
        return cancel;
      };
      if (timeoutSeconds !== undefined) addTimer(timeoutSeconds * 1000, () => timeOut(undefined));

      if (binding.kind === 'invokeCallback') {
        const raw = context.Task?.Token;
        if (!raw) {
          reject(runtimeError(`State '${stateName}': no task token was issued`));
          return;
        }
        let heartbeatCancel: (() => void) | undefined;
        const armHeartbeat = () => {
          if (heartbeatSeconds === undefined) return;
          heartbeatCancel?.();
          heartbeatCancel = addTimer(heartbeatSeconds * 1000, () =>
            timeOut('Heartbeat timeout (HeartbeatSeconds elapsed without SendTaskHeartbeat)'),
          );
        };
        token = {
          hash: hashToken(raw),
          executionArn: exec.meta.arn,
          state: stateName,
          pending: {
            succeed: (output) => succeed(JSON.parse(output)),
            fail: (error, cause) => {
              const err = new Error(cause ?? '');
              err.name = error ?? '';
              fail(error ?? '', cause, err);
            },
            heartbeat: armHeartbeat,
          },
        };
        this.tokens.set(token.hash, token);
        runTokens.add(token);
        this.journal(exec, { k: 'token', h: token.hash, state: stateName });
        armHeartbeat();
      }

      let call: Promise<unknown>;
      try {
        call = Promise.resolve(this.opts.invokeFunction(functionName, payload));
      } catch (e) {
        // A function that throws before returning its promise fails the task like one that rejects.
        call = Promise.reject(e);
      }
      this.track(call);
      call.then(
        (result) => {
          if (binding.kind === 'invokeCallback') {
            if (!settled && live()) {
              this.event(exec, 'TaskSubmitted', 'taskSubmittedEventDetails', {
                ...common,
                output: JSON.stringify(lambdaInvokeResult(result)),
                outputDetails: { truncated: false },
              });
            }
          } else {
            succeed(direct ? result : lambdaInvokeResult(result));
          }
        },
        (e: unknown) => {
          const { error, cause } = lambdaError(e);
          const err = new Error(cause);
          err.name = error;
          fail(error, cause, err);
        },
      );
    });
  }

  // ——— history and journal ———

  private event(exec: Execution, type: string, detailsKey?: string, details?: Record<string, unknown>): void {
    const last = exec.history[exec.history.length - 1];
    const e: HistoryEvent = {
      id: (last?.id ?? 0) + 1,
      previousEventId: last?.id ?? 0,
      timestamp: this.opts.clock(),
      type,
    };
    if (detailsKey && details) e[detailsKey] = details;
    exec.history.push(e);
    this.journal(exec, { k: 'ev', e });
  }

  private journal(exec: Execution, entry: JournalEntry): void {
    // After close() the store belongs to the next process: a late callback must not write to it.
    if (this.closed) return;
    this.activity++;
    this.opts.store.append(exec.meta.arn, entry);
  }

  private track(p: Promise<unknown>): void {
    this.activity++;
    const tracked = p.then(
      () => undefined,
      () => undefined,
    );
    this.inflight.add(tracked);
    void tracked.then(() => this.inflight.delete(tracked));
  }

  /** Rebuilds an execution (and its tokens) from its journal. */
  private replay(entries: JournalEntry[]): Execution {
    const first = entries[0] as { k: 'start'; meta: ExecutionMeta };
    const exec: Execution = {
      meta: first.meta,
      status: 'RUNNING',
      history: [],
      redriveCount: 0,
      gen: 0,
      cancels: new Set(),
    };
    for (const entry of entries.slice(1)) {
      if (entry.k === 'ev') {
        const e = entry.e;
        exec.history.push(e);
        const details = (key: string) =>
          (e[key] ?? {}) as { output?: string; error?: string; cause?: string; redriveCount?: number };
        switch (e.type) {
          case 'ExecutionSucceeded':
            Object.assign(exec, {
              status: 'SUCCEEDED',
              stopDate: e.timestamp,
              output: details('executionSucceededEventDetails').output,
            });
            break;
          case 'ExecutionFailed':
            Object.assign(exec, {
              status: 'FAILED',
              stopDate: e.timestamp,
              ...pick(details('executionFailedEventDetails')),
            });
            break;
          case 'ExecutionTimedOut':
            Object.assign(exec, {
              status: 'TIMED_OUT',
              stopDate: e.timestamp,
              ...pick(details('executionTimedOutEventDetails')),
            });
            break;
          case 'ExecutionAborted':
            Object.assign(exec, {
              status: 'ABORTED',
              stopDate: e.timestamp,
              ...pick(details('executionAbortedEventDetails')),
            });
            break;
          case 'ExecutionRedriven':
            exec.redriveCount = details('executionRedrivenEventDetails').redriveCount ?? exec.redriveCount + 1;
            exec.redriveDate = e.timestamp;
            break;
          default:
            break;
        }
      } else if (entry.k === 'token') {
        this.tokens.set(entry.h, { hash: entry.h, executionArn: exec.meta.arn, state: entry.state });
      } else if (entry.k === 'tokenEnd') {
        const t = this.tokens.get(entry.h);
        if (t) t.ended = entry.why;
      }
    }
    // A token still open in a finished execution's journal (killed between the two lines) is closed.
    if (exec.status !== 'RUNNING') {
      for (const t of this.tokens.values())
        if (t.executionArn === exec.meta.arn && !t.ended) t.ended = 'executionEnded';
    }
    return exec;
  }
}

function pick(d: { error?: string; cause?: string }): { error?: string; cause?: string } {
  return dropUndefined({ error: d.error, cause: d.cause });
}

function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function causeString(c: unknown): string | undefined {
  if (c === undefined || c === null) return undefined;
  if (typeof c === 'string') return c;
  if (c instanceof Error) return c.message;
  return JSON.stringify(c);
}

/** As AWS reports a function error: the error name is the errorType, the cause is the JSON error payload. */
function lambdaError(e: unknown): { error: string; cause: string } {
  const err = e instanceof Error ? e : new Error(String(e));
  const errorType = err.name || 'Error';
  return {
    error: errorType,
    cause: JSON.stringify({ errorMessage: err.message, errorType, trace: (err.stack ?? '').split('\n') }),
  };
}

function lambdaInvokeResult(payload: unknown): Record<string, unknown> {
  return { ExecutedVersion: '$LATEST', Payload: payload ?? null, StatusCode: 200 };
}

/** A States.Runtime error: neither retried nor caught, as on AWS. */
function runtimeError(message: string): AslErrorLike {
  const e: AslErrorLike = new Error(message);
  e.name = 'States.Runtime';
  e.isRetryable = false;
  e.isCatchable = false;
  return e;
}

function errorOf(err: unknown): { error?: string; cause?: string } {
  const inner = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  if (inner instanceof Error) {
    // A Fail state without Error/Cause surfaces as the interpreter's defaults; AWS leaves them empty.
    if (inner.name === 'FailStateError') return {};
    const cause = inner.message === 'Execution failed because of a Fail state' ? undefined : inner.message;
    return dropUndefined({ error: inner.name, cause });
  }
  return { error: 'States.Runtime', cause: String(err) };
}

/**
 * asl-validator compiles its JSON schemas anew on every call (≈ 0.3 s a definition, 2–3 s for every start of the
 * local default). Its verdict depends only on the definition and the validator's version, so a definition found
 * valid once is remembered by its hash in the temp folder and not validated again; refusals are never remembered.
 */
const VALIDATOR_VERSION = (createRequire(import.meta.url)('asl-validator/package.json') as { version: string }).version;
const VALID_DIR = path.join(tmpdir(), 'sifpm-asl-valid');

function validDefinitionMark(definition: string): string {
  const hash = createHash('sha256').update(`asl-validator@${VALIDATOR_VERSION}\n${definition}`).digest('hex');
  return path.join(VALID_DIR, hash);
}

function markValid(mark: string): void {
  try {
    mkdirSync(VALID_DIR, { recursive: true });
    writeFileSync(mark, '');
  } catch {
    // only a cache: the next start validates again
  }
}
