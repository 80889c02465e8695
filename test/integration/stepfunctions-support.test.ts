import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { patchInterpreterSource } from '#local/stepfunctions/asl';
import { checkDefinitionSupported } from '#local/stepfunctions/index';

/** A CDK substitution placeholder, `${name}`. */
const ph = (name: string) => `\u0024{${name}}`;
const task = (Resource: string, extra: object = {}) => ({ Type: 'Task', Resource, End: true, ...extra });
const machine = (States: object, extra: object = {}) => ({ StartAt: Object.keys(States)[0], States, ...extra });

describe('checkDefinitionSupported', () => {
  it('accepts JSONPath machines with the bound Lambda resources, Map, Parallel, Wait and Choice', () => {
    const def = machine(
      {
        Invoke: { ...task('arn:aws-cn:states:::lambda:invoke'), End: undefined, Next: 'Callback' },
        Callback: { ...task('arn:aws:states:::lambda:invoke.waitForTaskToken'), End: undefined, Next: 'Direct' },
        Direct: {
          ...task('arn:aws-cn:lambda:cn-north-1:123456789012:function:score-region'),
          End: undefined,
          Next: 'Regions',
        },
        Regions: {
          Type: 'Map',
          ItemsPath: '$.regions',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Q',
            States: { Q: task('arn:aws:lambda:cn-north-1:123456789012:function:q:$LATEST') },
          },
          Next: 'Both',
        },
        Both: {
          Type: 'Parallel',
          Branches: [machine({ W: { Type: 'Wait', Seconds: 1, End: true } })],
          Next: 'Route',
        },
        Route: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'Done' }], Default: 'Done' },
        Done: { Type: 'Succeed' },
      },
      { QueryLanguage: 'JSONPath' },
    );
    expect(checkDefinitionSupported(def)).toEqual([]);
  });

  it('flags JSONata at the top level and on a state', () => {
    expect(checkDefinitionSupported(machine({ P: { Type: 'Pass', End: true } }, { QueryLanguage: 'JSONata' }))).toEqual(
      [expect.stringMatching(/QueryLanguage JSONata/)],
    );
    const problems = checkDefinitionSupported(
      machine({ P: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input %}', End: true } }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^States\.P: QueryLanguage JSONata/),
      expect.stringMatching(/^States\.P: `Output`/),
    ]);
  });

  it('flags Assign, Arguments, Output and Choice Conditions, also inside Map and Parallel', () => {
    const def = machine({
      A: { Type: 'Pass', Assign: { x: 1 }, Next: 'M' },
      M: {
        Type: 'Map',
        ItemProcessor: {
          StartAt: 'T',
          States: { T: task('arn:aws:states:::lambda:invoke', { Arguments: { FunctionName: 'f' } }) },
        },
        Next: 'P',
      },
      P: {
        Type: 'Parallel',
        Branches: [
          machine({ C: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'D' }] }, D: { Type: 'Succeed' } }),
        ],
        End: true,
      },
    });
    expect(checkDefinitionSupported(def)).toEqual([
      expect.stringMatching(/^States\.A: variables/),
      expect.stringMatching(/^States\.M\.ItemProcessor\.States\.T: `Arguments`/),
      expect.stringMatching(/^States\.P\.Branches\[0\]\.States\.C\.Choices\[0\]: `Condition`/),
    ]);
    expect(
      checkDefinitionSupported(
        machine({
          T: task('arn:aws:states:::lambda:invoke', {
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'T', Assign: {} }],
          }),
        }),
      ),
    ).toEqual([expect.stringMatching(/Catch\[0\]/)]);
  });

  it('checks definitions that still carry CDK substitution placeholders', () => {
    const def = machine({
      A: { ...task(`arn:${ph('StatesPartition')}:states:::lambda:invoke`), End: undefined, Next: 'B' },
      B: {
        ...task(`arn:${ph('Partition')}:lambda:${ph('Region')}:${ph('Account')}:function:${ph('ScoreFunctionName')}`),
        End: undefined,
        Next: 'C',
      },
      C: task(`arn:${ph('StatesPartition')}:states:::dynamodb:putItem`),
    });
    expect(checkDefinitionSupported(def)).toEqual([
      expect.stringMatching(/^States\.C: Task resource .*dynamodb:putItem.* has no local binding/),
    ]);
    expect(checkDefinitionSupported(machine({ T: task(ph('SomeArn')) }))).toEqual([
      expect.stringMatching(/has no local binding/),
    ]);
  });

  it('flags States.HeartbeatTimeout, which the endpoint reports as States.Timeout', () => {
    const def = machine({
      T: task('arn:aws:states:::lambda:invoke.waitForTaskToken', {
        Retry: [{ ErrorEquals: ['States.HeartbeatTimeout'] }],
      }),
    });
    expect(checkDefinitionSupported(def)).toEqual([
      expect.stringMatching(/^States\.T\.Retry\[0\]: States\.HeartbeatTimeout/),
    ]);
  });

  it('flags Task resources the endpoint has no binding for', () => {
    for (const resource of [
      'arn:aws:states:::dynamodb:putItem',
      'arn:aws:states:::lambda:invoke.sync',
      'arn:aws:states:::states:startExecution.sync:2',
      'arn:aws:states:::aws-sdk:s3:getObject',
      'arn:aws:states:cn-north-1:123456789012:activity:review',
    ]) {
      expect(checkDefinitionSupported(machine({ T: task(resource) })), resource).toEqual([
        expect.stringMatching(/has no local binding/),
      ]);
    }
  });

  it('flags Distributed Map', () => {
    const def = machine({
      M: {
        Type: 'Map',
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject' },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED' },
          StartAt: 'P',
          States: { P: { Type: 'Pass', End: true } },
        },
        End: true,
      },
    });
    expect(checkDefinitionSupported(def)).toEqual([
      expect.stringMatching(/ItemReader/),
      expect.stringMatching(/Distributed Map is not supported/),
    ]);
  });
});

describe('the interpreter patch', () => {
  const source = readFileSync(
    join(dirname(createRequire(import.meta.url).resolve('aws-local-stepfunctions')), 'main.node.esm.js'),
    'utf8',
  );

  it('applies every substitution exactly once to the installed interpreter', () => {
    const patched = patchInterpreterSource(source);
    expect(patched).toContain('options.sifpm.runTask(');
    expect(patched).toContain('export const __sifpm');
  });

  it('refuses an interpreter whose code moved, instead of running unpatched', () => {
    expect(() =>
      patchInterpreterSource(source.replace('await sleep(waitTimeBeforeRetry, options.abortSignal);', '')),
    ).toThrow(/Retry: intervals follow the injected clock/);
  });
});
