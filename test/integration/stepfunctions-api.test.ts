import {
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStepFunctions, startLocalStepFunctions } from '#local/stepfunctions/index';
import {
  DAY,
  describe as describeExecution,
  errorOf,
  history,
  manualClock,
  SECOND,
  sfnClient,
} from '../fixtures/sfn-helpers.ts';

const ROLE = 'arn:aws-cn:iam::000000000000:role/sfn';
const INVOKE = 'arn:aws-cn:states:::lambda:invoke';
const CALLBACK = 'arn:aws-cn:states:::lambda:invoke.waitForTaskToken';
const fn = (name: string) => `arn:aws-cn:lambda:cn-north-1:000000000000:function:${name}`;

class AppError extends Error {
  override name = 'AppError';
}

let sfn: LocalStepFunctions;
let client: SFNClient;
let clock: ReturnType<typeof manualClock>;
/** Every Lambda call, in order. */
let calls: Array<{ name: string; payload: unknown }>;
/** Lambda behaviour per function name; default echoes the payload. */
let lambdas: Record<string, (payload: unknown) => unknown>;

beforeEach(async () => {
  clock = manualClock();
  calls = [];
  lambdas = {};
  sfn = await startLocalStepFunctions({
    clock: clock.now,
    invokeFunction: async (name, payload) => {
      calls.push({ name, payload });
      const f = lambdas[name];
      return f ? f(payload) : payload;
    },
  });
  client = sfnClient(sfn.endpoint);
});

afterEach(async () => {
  await sfn.close();
});

async function machine(name: string, definition: object): Promise<string> {
  const out = await client.send(
    new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }),
  );
  return out.stateMachineArn as string;
}

async function start(stateMachineArn: string, input: object = {}, name?: string): Promise<string> {
  const out = await client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input), name }));
  await sfn.idle();
  return out.executionArn as string;
}

/** Moves the clock, fires due timers and waits until nothing moves. */
async function advance(ms: number): Promise<void> {
  clock.advance(ms);
  await sfn.checkTimers();
  await sfn.idle();
}

const tokensSentTo = (name: string) =>
  calls.filter((c) => c.name === name).map((c) => (c.payload as { token: string }).token);

/** A human task: notify with a token, wait for the decision. */
const approval = (extra: object = {}) => ({
  StartAt: 'Approve',
  States: {
    Approve: {
      Type: 'Task',
      Resource: CALLBACK,
      Parameters: { FunctionName: 'notify', Payload: { 'token.$': '$$.Task.Token', 'input.$': '$' } },
      ResultPath: '$.decision',
      End: true,
      ...extra,
    },
  },
});

describe('state machines', () => {
  it('creates, describes, lists and updates a machine; an identical create is idempotent', async () => {
    const def = approval();
    const arn = await machine('review', def);
    expect(arn).toBe('arn:aws-cn:states:cn-north-1:000000000000:stateMachine:review');
    expect(await machine('review', def)).toBe(arn);
    const other = await errorOf(machine('review', approval({ TimeoutSeconds: 10 })));
    expect(other.name).toBe('StateMachineAlreadyExists');

    const described = await client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(described).toMatchObject({ name: 'review', status: 'ACTIVE', type: 'STANDARD', roleArn: ROLE });
    expect(JSON.parse(described.definition as string)).toEqual(def);

    const updated = approval({ TimeoutSeconds: 60 });
    await client.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: JSON.stringify(updated) }));
    const after = await client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(JSON.parse(after.definition as string)).toEqual(updated);

    const list = await client.send(new ListStateMachinesCommand({}));
    expect(list.stateMachines?.map((m) => m.name)).toEqual(['review']);
  });

  it('refuses invalid definitions and what the interpreter would silently ignore', async () => {
    expect((await errorOf(machine('bad', { StartAt: 'Nowhere', States: {} }))).name).toBe('InvalidDefinition');
    const jsonata = {
      QueryLanguage: 'JSONata',
      StartAt: 'P',
      States: { P: { Type: 'Pass', Output: '{% 1 %}', End: true } },
    };
    const err = await errorOf(machine('jsonata', jsonata));
    expect(err.name).toBe('InvalidDefinition');
    expect(err.message).toMatch(/JSONata/);
    expect((await errorOf(machine('bad name', approval()))).name).toBe('InvalidName');
  });

  it('answers StateMachineDoesNotExist for an unknown machine', async () => {
    const err = await errorOf(
      client.send(
        new StartExecutionCommand({ stateMachineArn: 'arn:aws-cn:states:cn-north-1:000000000000:stateMachine:none' }),
      ),
    );
    expect(err.name).toBe('StateMachineDoesNotExist');
  });
});

describe('executions', () => {
  it('runs Lambda tasks (lambda:invoke and a function ARN) and records an AWS-shaped history', async () => {
    lambdas.score = (p) => ({ score: (p as { n: number }).n * 2 });
    const arn = await machine('score', {
      StartAt: 'Score',
      States: {
        Score: {
          Type: 'Task',
          Resource: INVOKE,
          Parameters: { FunctionName: 'score', 'Payload.$': '$' },
          ResultSelector: { 'score.$': '$.Payload.score' },
          ResultPath: '$.result',
          Next: 'Check',
        },
        Check: {
          Type: 'Choice',
          Choices: [{ Variable: '$.result.score', NumericGreaterThan: 5, Next: 'Publish' }],
          Default: 'Reject',
        },
        Publish: { Type: 'Task', Resource: fn('publish'), End: true },
        Reject: { Type: 'Fail', Error: 'LowScore' },
      },
    });
    const exec = await start(arn, { n: 4 }, 'province-11');
    expect(exec).toBe('arn:aws-cn:states:cn-north-1:000000000000:execution:score:province-11');
    const d = await describeExecution(client, exec);
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output as string)).toEqual({ n: 4, result: { score: 8 } });
    expect(d.startDate?.getTime()).toBe(clock.now());
    expect(calls.map((c) => c.name)).toEqual(['score', fn('publish')]);

    const events = await history(client, exec);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events[2]?.taskScheduledEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'cn-north-1',
    });
    expect(JSON.parse(events[4]?.taskSucceededEventDetails?.output as string)).toEqual({
      ExecutedVersion: '$LATEST',
      Payload: { score: 8 },
      StatusCode: 200,
    });
    expect(events[9]?.lambdaFunctionScheduledEventDetails?.resource).toBe(fn('publish'));

    const low = await start(arn, { n: 1 });
    expect(await describeExecution(client, low)).toMatchObject({ status: 'FAILED', error: 'LowScore' });
  });

  it('lists executions newest first, filtered by status', async () => {
    const arn = await machine('review', approval());
    const a = await start(arn, {}, 'a');
    clock.advance(SECOND);
    const b = await start(arn, {}, 'b');
    await client.send(new SendTaskSuccessCommand({ taskToken: tokensSentTo('notify')[0], output: '{}' }));
    await sfn.idle();
    const all = await client.send(new ListExecutionsCommand({ stateMachineArn: arn }));
    expect(all.executions?.map((e) => e.executionArn)).toEqual([b, a]);
    const running = await client.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'RUNNING' }));
    expect(running.executions?.map((e) => e.name)).toEqual(['b']);
    const done = await client.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'SUCCEEDED' }));
    expect(done.executions?.map((e) => e.name)).toEqual(['a']);
    const paged = await client.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 1 }));
    expect(paged.executions).toHaveLength(1);
    const rest = await client.send(
      new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 1, nextToken: paged.nextToken }),
    );
    expect(rest.executions?.map((e) => e.name)).toEqual(['a']);
  });

  it('returns the running execution for the same name and input, and ExecutionAlreadyExists otherwise', async () => {
    const arn = await machine('review', approval());
    const first = await client.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: 'y2027-p11', input: '{"p":11}' }),
    );
    clock.advance(5 * SECOND);
    const again = await client.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: 'y2027-p11', input: '{"p":11}' }),
    );
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate?.getTime()).toBe(first.startDate?.getTime());
    await sfn.idle();
    expect(calls).toHaveLength(1);

    const other = await errorOf(
      client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'y2027-p11', input: '{"p":12}' })),
    );
    expect(other.name).toBe('ExecutionAlreadyExists');

    for (const bad of ['', 'a'.repeat(81), 'has space', 'a/b', 'a:b', 'x*', 'tab\tname']) {
      const err = await errorOf(client.send(new StartExecutionCommand({ stateMachineArn: arn, name: bad })));
      expect(err.name, JSON.stringify(bad)).toMatch(/InvalidName|ValidationException/);
    }
    expect(
      (await errorOf(client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{not json' })))).name,
    ).toBe('InvalidExecutionInput');
    // Names may be non-ASCII, as on AWS.
    await client.send(new StartExecutionCommand({ stateMachineArn: arn, name: '北京-2027', input: '{}' }));
  });

  it('refuses a second start once the named execution has finished (as AWS does)', async () => {
    const arn = await machine('pass', { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    await start(arn, {}, 'once');
    expect(
      (await errorOf(client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'once', input: '{}' })))).name,
    ).toBe('ExecutionAlreadyExists');
  });

  it('stops an execution: ABORTED, its pending token refused', async () => {
    const arn = await machine('review', approval());
    const exec = await start(arn);
    await client.send(new StopExecutionCommand({ executionArn: exec, error: 'Withdrawn', cause: 'province withdrew' }));
    expect(await describeExecution(client, exec)).toMatchObject({ status: 'ABORTED', error: 'Withdrawn' });
    const err = await errorOf(
      client.send(new SendTaskSuccessCommand({ taskToken: tokensSentTo('notify')[0], output: '{}' })),
    );
    expect(err.name).toBe('TaskTimedOut');
    expect((await history(client, exec)).at(-1)?.type).toBe('ExecutionAborted');
  });
});

describe('callback tasks and the context object', () => {
  it('gives each task its own token and resolves $$ as on AWS', async () => {
    const arn = await machine('two-reviews', {
      StartAt: 'Preliminary',
      States: {
        Preliminary: {
          Type: 'Task',
          Resource: CALLBACK,
          Parameters: {
            FunctionName: 'notify',
            Payload: {
              'token.$': '$$.Task.Token',
              'executionId.$': '$$.Execution.Id',
              'executionName.$': '$$.Execution.Name',
              'startTime.$': '$$.Execution.StartTime',
              'executionInput.$': '$$.Execution.Input',
              'state.$': '$$.State.Name',
              'enteredTime.$': '$$.State.EnteredTime',
              'machineId.$': '$$.StateMachine.Id',
              'machineName.$': '$$.StateMachine.Name',
            },
          },
          ResultPath: '$.preliminary',
          Next: 'Finance',
        },
        Finance: {
          Type: 'Task',
          Resource: CALLBACK,
          Parameters: {
            FunctionName: 'notify',
            Payload: {
              'token.$': '$$.Task.Token',
              'state.$': '$$.State.Name',
              'enteredTime.$': '$$.State.EnteredTime',
            },
          },
          ResultPath: '$.finance',
          End: true,
        },
      },
    });
    const startedAt = clock.now();
    const exec = await start(arn, { province: '11' }, 'y2027-p11');
    const first = calls[0]?.payload as Record<string, unknown>;
    expect(first).toEqual({
      token: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/),
      executionId: exec,
      executionName: 'y2027-p11',
      startTime: new Date(startedAt).toISOString(),
      executionInput: { province: '11' },
      state: 'Preliminary',
      enteredTime: new Date(startedAt).toISOString(),
      machineId: arn,
      machineName: 'two-reviews',
    });

    clock.advance(3 * DAY);
    await client.send(new SendTaskSuccessCommand({ taskToken: first.token as string, output: '{"approved":true}' }));
    await sfn.idle();
    const second = calls[1]?.payload as Record<string, unknown>;
    expect(second.state).toBe('Finance');
    expect(second.enteredTime).toBe(new Date(startedAt + 3 * DAY).toISOString());
    expect(second.token).not.toBe(first.token);

    await client.send(new SendTaskSuccessCommand({ taskToken: second.token as string, output: '{"approved":false}' }));
    await sfn.idle();
    const d = await describeExecution(client, exec);
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output as string)).toEqual({
      province: '11',
      preliminary: { approved: true },
      finance: { approved: false },
    });
    const types = (await history(client, exec)).map((e) => e.type);
    expect(types.slice(0, 6)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
    ]);
  });

  it('refuses a token used twice, a malformed token and an unknown token', async () => {
    const arn = await machine('review', approval());
    await start(arn);
    const [token] = tokensSentTo('notify');
    await client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
    await sfn.idle();
    const twice = await errorOf(client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })));
    expect(twice.name).toBe('TaskTimedOut');
    expect((await errorOf(client.send(new SendTaskFailureCommand({ taskToken: token })))).name).toBe('TaskTimedOut');
    expect((await errorOf(client.send(new SendTaskHeartbeatCommand({ taskToken: token })))).name).toBe('TaskTimedOut');
    expect(
      (await errorOf(client.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })))).name,
    ).toBe('InvalidToken');
    const unknown = 'A'.repeat(86);
    expect((await errorOf(client.send(new SendTaskSuccessCommand({ taskToken: unknown, output: '{}' })))).name).toBe(
      'TaskDoesNotExist',
    );
  });

  it('refuses output that is not JSON, and the task stays open', async () => {
    const arn = await machine('review', approval());
    const exec = await start(arn);
    const [token] = tokensSentTo('notify');
    expect((await errorOf(client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{oops' })))).name).toBe(
      'InvalidOutput',
    );
    await client.send(new SendTaskSuccessCommand({ taskToken: token, output: '"ok"' }));
    await sfn.idle();
    expect((await describeExecution(client, exec)).status).toBe('SUCCEEDED');
  });

  it('fails the task on SendTaskFailure with the given error and cause (catchable by name)', async () => {
    const arn = await machine('returned', {
      StartAt: 'Approve',
      States: {
        Approve: {
          Type: 'Task',
          Resource: CALLBACK,
          Parameters: { FunctionName: 'notify', Payload: { 'token.$': '$$.Task.Token' } },
          Catch: [{ ErrorEquals: ['Returned'], ResultPath: '$.returned', Next: 'Revise' }],
          End: true,
        },
        Revise: { Type: 'Pass', End: true },
      },
    });
    const exec = await start(arn);
    await client.send(
      new SendTaskFailureCommand({ taskToken: tokensSentTo('notify')[0], error: 'Returned', cause: 'targets too low' }),
    );
    await sfn.idle();
    const d = await describeExecution(client, exec);
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output as string)).toEqual({ returned: { Error: 'Returned', Cause: 'targets too low' } });
    const failed = (await history(client, exec)).find((e) => e.type === 'TaskFailed');
    expect(failed?.taskFailedEventDetails).toMatchObject({
      error: 'Returned',
      cause: 'targets too low',
      resource: 'invoke.waitForTaskToken',
    });
  });
});

describe('timeouts follow the injected clock', () => {
  it('has no hidden task timeout: a callback waits a year when no TimeoutSeconds is set', async () => {
    const arn = await machine('review', approval());
    const exec = await start(arn);
    await advance(365 * DAY);
    expect((await describeExecution(client, exec)).status).toBe('RUNNING');
    await client.send(new SendTaskSuccessCommand({ taskToken: tokensSentTo('notify')[0], output: '{}' }));
    await sfn.idle();
    expect((await describeExecution(client, exec)).status).toBe('SUCCEEDED');
  });

  it('times a task out after TimeoutSeconds with States.Timeout, which Catch can take and States.TaskFailed cannot', async () => {
    const arn = await machine('deadline', {
      StartAt: 'Submit',
      States: {
        Submit: {
          Type: 'Task',
          Resource: CALLBACK,
          TimeoutSeconds: 30 * 86_400,
          Parameters: { FunctionName: 'notify', Payload: { 'token.$': '$$.Task.Token' } },
          Catch: [
            { ErrorEquals: ['States.TaskFailed'], Next: 'Failed' },
            { ErrorEquals: ['States.Timeout'], ResultPath: '$.missed', Next: 'Overdue' },
          ],
          End: true,
        },
        Failed: { Type: 'Fail', Error: 'Wrong' },
        Overdue: { Type: 'Pass', Result: 'overdue', ResultPath: '$.status', End: true },
      },
    });
    const exec = await start(arn);
    await advance(29 * DAY);
    expect((await describeExecution(client, exec)).status).toBe('RUNNING');
    await advance(1 * DAY);
    const d = await describeExecution(client, exec);
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output as string)).toMatchObject({ status: 'overdue', missed: { Error: 'States.Timeout' } });
    const events = await history(client, exec);
    expect(events.find((e) => e.type === 'TaskTimedOut')?.taskTimedOutEventDetails).toMatchObject({
      error: 'States.Timeout',
    });
    expect(
      (await errorOf(client.send(new SendTaskSuccessCommand({ taskToken: tokensSentTo('notify')[0], output: '{}' }))))
        .name,
    ).toBe('TaskTimedOut');
  });

  it('times a task out when no heartbeat comes within HeartbeatSeconds, and heartbeats keep it alive', async () => {
    const arn = await machine('heartbeat', approval({ HeartbeatSeconds: 3600 }));
    const exec = await start(arn);
    const [token] = tokensSentTo('notify');
    for (let i = 0; i < 3; i++) {
      await advance(3000 * SECOND);
      await client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    }
    expect((await describeExecution(client, exec)).status).toBe('RUNNING');
    await advance(3600 * SECOND);
    expect(await describeExecution(client, exec)).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect((await errorOf(client.send(new SendTaskHeartbeatCommand({ taskToken: token })))).name).toBe('TaskTimedOut');
  });

  it('follows the clock in Wait states and the execution TimeoutSeconds', async () => {
    const arn = await machine('wait', {
      StartAt: 'Wait',
      States: {
        Wait: { Type: 'Wait', SecondsPath: '$.seconds', Next: 'Until' },
        Until: { Type: 'Wait', TimestampPath: '$.until', Next: 'Done' },
        Done: { Type: 'Task', Resource: fn('done'), End: true },
      },
    });
    const until = new Date(clock.now() + 10 * DAY).toISOString();
    const exec = await start(arn, { seconds: 86_400, until });
    await advance(DAY - SECOND);
    expect(calls).toHaveLength(0);
    await advance(SECOND);
    expect((await history(client, exec)).map((e) => e.type)).toContain('WaitStateExited');
    await advance(9 * DAY - SECOND);
    expect(calls).toHaveLength(0);
    await advance(SECOND);
    expect((await describeExecution(client, exec)).status).toBe('SUCCEEDED');

    const timed = await machine('timed', { ...approval(), TimeoutSeconds: 7 * 86_400 });
    const t = await start(timed);
    await advance(7 * DAY);
    expect(await describeExecution(client, t)).toMatchObject({ status: 'TIMED_OUT' });
    expect((await history(client, t)).at(-1)?.type).toBe('ExecutionTimedOut');
  });
});

describe('Retry, Catch and Map', () => {
  it('retries on a Lambda error name with intervals on the clock, then catches another by name', async () => {
    let failures = 2;
    lambdas.flaky = () => {
      if (failures-- > 0) throw new AppError('database busy');
      return { ok: true };
    };
    lambdas[fn('write')] = () => {
      const e = new Error('The conditional request failed');
      e.name = 'ConditionalCheckFailedException';
      throw e;
    };
    const arn = await machine('retry', {
      StartAt: 'Flaky',
      States: {
        Flaky: {
          Type: 'Task',
          Resource: INVOKE,
          Parameters: { FunctionName: 'flaky', Payload: {} },
          Retry: [{ ErrorEquals: ['AppError'], IntervalSeconds: 10, MaxAttempts: 3, BackoffRate: 2 }],
          ResultPath: null,
          Next: 'Write',
        },
        Write: {
          Type: 'Task',
          Resource: fn('write'),
          Retry: [{ ErrorEquals: ['AppError'], MaxAttempts: 5 }],
          Catch: [{ ErrorEquals: ['ConditionalCheckFailedException'], ResultPath: '$.error', Next: 'AlreadyDone' }],
          End: true,
        },
        AlreadyDone: { Type: 'Succeed' },
      },
    });
    const exec = await start(arn);
    expect(calls).toHaveLength(1);
    await advance(9 * SECOND);
    expect(calls).toHaveLength(1);
    await advance(SECOND);
    expect(calls).toHaveLength(2);
    await advance(20 * SECOND);
    expect(calls.map((c) => c.name)).toEqual(['flaky', 'flaky', 'flaky', fn('write')]);

    const d = await describeExecution(client, exec);
    expect(d.status).toBe('SUCCEEDED');
    const out = JSON.parse(d.output as string) as { error: { Error: string; Cause: string } };
    expect(out.error.Error).toBe('ConditionalCheckFailedException');
    expect(JSON.parse(out.error.Cause)).toMatchObject({
      errorType: 'ConditionalCheckFailedException',
      errorMessage: 'The conditional request failed',
    });
    const types = (await history(client, exec)).map((e) => e.type);
    expect(types.filter((t) => t === 'TaskFailed')).toHaveLength(2);
    expect(types).toContain('LambdaFunctionFailed');
  });

  it('fails the execution with the Lambda error when nothing catches it', async () => {
    lambdas.boom = () => {
      throw new AppError('no such province');
    };
    const arn = await machine('boom', {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: INVOKE, Parameters: { FunctionName: 'boom', Payload: {} }, End: true } },
    });
    const exec = await start(arn);
    const d = await describeExecution(client, exec);
    expect(d).toMatchObject({ status: 'FAILED', error: 'AppError' });
    expect(JSON.parse(d.cause as string)).toMatchObject({ errorMessage: 'no such province' });
  });

  it('runs a Map with $$.Map.Item.Index and Value in ItemSelector, and records map events', async () => {
    const arn = await machine('regions', {
      StartAt: 'EachRegion',
      States: {
        EachRegion: {
          Type: 'Map',
          ItemsPath: '$.regions',
          MaxConcurrency: 2,
          ItemSelector: { 'index.$': '$$.Map.Item.Index', 'region.$': '$$.Map.Item.Value', 'year.$': '$.year' },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Review',
            States: {
              Review: {
                Type: 'Task',
                Resource: CALLBACK,
                Parameters: {
                  FunctionName: 'notify',
                  Payload: { 'token.$': '$$.Task.Token', 'item.$': '$', 'state.$': '$$.State.Name' },
                },
                End: true,
              },
            },
          },
          End: true,
        },
      },
    });
    const exec = await start(arn, { year: 2027, regions: ['110101', '110102', '110105'] });
    expect(calls.map((c) => c.payload)).toEqual([
      expect.objectContaining({ item: { index: 0, region: '110101', year: 2027 }, state: 'Review' }),
      expect.objectContaining({ item: { index: 1, region: '110102', year: 2027 }, state: 'Review' }),
    ]);
    for (let i = 0; i < 3; i++) {
      const token = tokensSentTo('notify')[i] as string;
      await client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ reviewed: i }) }));
      await sfn.idle();
    }
    expect(new Set(tokensSentTo('notify')).size).toBe(3);
    const d = await describeExecution(client, exec);
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output as string)).toEqual([{ reviewed: 0 }, { reviewed: 1 }, { reviewed: 2 }]);
    const events = await history(client, exec);
    expect(events.find((e) => e.type === 'MapStateStarted')?.mapStateStartedEventDetails).toEqual({ length: 3 });
    expect(
      events.filter((e) => e.type === 'MapIterationStarted').map((e) => e.mapIterationStartedEventDetails?.index),
    ).toEqual([0, 1, 2]);
    expect(events.filter((e) => e.type === 'MapIterationSucceeded')).toHaveLength(3);
    expect(events.map((e) => e.type).slice(-3)).toEqual(['MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded']);
  });

  it('fails the Map when an iteration fails, aborting its siblings and refusing their tokens', async () => {
    const arn = await machine('regions-fail', {
      StartAt: 'EachRegion',
      States: {
        EachRegion: {
          Type: 'Map',
          ItemsPath: '$.regions',
          ItemProcessor: {
            StartAt: 'Review',
            States: {
              Review: {
                Type: 'Task',
                Resource: CALLBACK,
                Parameters: { FunctionName: 'notify', Payload: { 'token.$': '$$.Task.Token' } },
                End: true,
              },
            },
          },
          End: true,
        },
      },
    });
    const exec = await start(arn, { regions: ['110101', '110102'] });
    const [first, second] = tokensSentTo('notify');
    await client.send(new SendTaskFailureCommand({ taskToken: first, error: 'Rejected', cause: 'incomplete' }));
    await sfn.idle();
    expect(await describeExecution(client, exec)).toMatchObject({
      status: 'FAILED',
      error: 'Rejected',
      cause: 'incomplete',
    });
    expect((await errorOf(client.send(new SendTaskSuccessCommand({ taskToken: second, output: '{}' })))).name).toBe(
      'TaskTimedOut',
    );
    const types = (await history(client, exec)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['MapIterationFailed', 'MapIterationAborted', 'MapStateFailed', 'ExecutionFailed']),
    );
  });

  it('runs Parallel branches with their own $$.State, and accepts a callback sent before the Lambda returns', async () => {
    lambdas.notify = async (p) => {
      // The Lambda completes its own task at once (e.g. an automatic approval) before it returns.
      await client.send(
        new SendTaskSuccessCommand({ taskToken: (p as { token: string }).token, output: '{"auto":true}' }),
      );
      return { sent: true };
    };
    const arn = await machine('both', {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Left',
              States: { Left: { Type: 'Pass', Parameters: { 'state.$': '$$.State.Name' }, End: true } },
            },
            {
              StartAt: 'Right',
              States: {
                Right: {
                  Type: 'Task',
                  Resource: CALLBACK,
                  Parameters: { FunctionName: 'notify', Payload: { 'token.$': '$$.Task.Token' } },
                  End: true,
                },
              },
            },
          ],
          End: true,
        },
      },
    });
    const exec = await start(arn);
    const d = await describeExecution(client, exec);
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output as string)).toEqual([{ state: 'Left' }, { auto: true }]);
    const types = (await history(client, exec)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'ParallelStateEntered',
        'ParallelStateStarted',
        'PassStateEntered',
        'TaskSucceeded',
        'ParallelStateSucceeded',
        'ParallelStateExited',
      ]),
    );
    expect(types).not.toContain('TaskSubmitted');
  });

  it('fails the task when the Lambda throws before returning a promise', async () => {
    const arn = await machine('sync-throw', {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: fn('syncThrow'), End: true } },
    });
    const before = sfn;
    await before.close();
    sfn = await startLocalStepFunctions({
      clock: clock.now,
      invokeFunction: () => {
        const e = new Error('bad wiring');
        e.name = 'WiringError';
        throw e;
      },
    });
    client = sfnClient(sfn.endpoint);
    const again = await machine('sync-throw', {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: fn('syncThrow'), End: true } },
    });
    expect(again).toBe(arn);
    const exec = await start(again);
    expect(await describeExecution(client, exec)).toMatchObject({ status: 'FAILED', error: 'WiringError' });
  });
});
