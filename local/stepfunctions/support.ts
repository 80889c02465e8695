/**
 * What the local endpoint can run, and a guard that names what it cannot — so that a definition
 * using a feature the interpreter silently ignores (JSONata, variables) fails a test instead of
 * misbehaving at run time.
 */

export type TaskBinding =
  | { kind: 'invoke'; resource: string }
  | { kind: 'invokeCallback'; resource: string }
  | { kind: 'function'; resource: string };

const INVOKE = /^arn:aws(?:-[a-z]+)*:states:::lambda:invoke$/;
const INVOKE_CALLBACK = /^arn:aws(?:-[a-z]+)*:states:::lambda:invoke\.waitForTaskToken$/;
const FUNCTION_ARN = /^arn:aws(?:-[a-z]+)*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(?::[A-Za-z0-9_$-]+)?$/;

/** The binding for a Task `Resource`, or undefined when the endpoint has none. */
export function taskBinding(resource: unknown): TaskBinding | undefined {
  if (typeof resource !== 'string') return undefined;
  if (INVOKE.test(resource)) return { kind: 'invoke', resource };
  if (INVOKE_CALLBACK.test(resource)) return { kind: 'invokeCallback', resource };
  if (FUNCTION_ARN.test(resource)) return { kind: 'function', resource };
  return undefined;
}

/** Fields the interpreter would ignore or mis-run; all belong to JSONata, variables or Distributed Map. */
const UNSUPPORTED_STATE_FIELDS: Record<string, string> = {
  Assign: 'variables (`Assign`) are ignored by the local interpreter',
  Arguments: '`Arguments` is JSONata-only; use `Parameters`',
  Output: '`Output` is JSONata-only; use `ResultSelector`/`ResultPath`/`OutputPath`',
  Condition: '`Condition` is JSONata-only; use JSONPath choice rules',
  Items: '`Items` is JSONata-only; use `ItemsPath`',
  ItemReader: 'Distributed Map (`ItemReader`) is not supported locally',
  ItemBatcher: 'Distributed Map (`ItemBatcher`) is not supported locally',
  ResultWriter: 'Distributed Map (`ResultWriter`) is not supported locally',
  ToleratedFailurePercentage: 'Distributed Map tolerances are not supported locally',
  ToleratedFailureCount: 'Distributed Map tolerances are not supported locally',
  Credentials: 'cross-account task `Credentials` are not supported locally',
};

/**
 * Problems that keep `definition` from running faithfully on the local endpoint; empty means ok.
 * Each problem names the state path (e.g. `States.Review.ItemProcessor.States.Score`).
 */
export function checkDefinitionSupported(definition: object): string[] {
  const problems: string[] = [];
  const visitMachine = (machine: unknown, at: string): void => {
    if (!isObject(machine)) {
      problems.push(`${at}: not an object`);
      return;
    }
    if ('QueryLanguage' in machine && machine.QueryLanguage !== 'JSONPath') {
      problems.push(`${at}: QueryLanguage ${String(machine.QueryLanguage)} (only JSONPath runs locally)`);
    }
    const states = machine.States;
    if (!isObject(states)) {
      problems.push(`${at}: no States`);
      return;
    }
    for (const [name, state] of Object.entries(states)) {
      const here = `${at ? `${at}.` : ''}States.${name}`;
      if (!isObject(state)) {
        problems.push(`${here}: not an object`);
        continue;
      }
      if ('QueryLanguage' in state && state.QueryLanguage !== 'JSONPath') {
        problems.push(`${here}: QueryLanguage ${String(state.QueryLanguage)} (only JSONPath runs locally)`);
      }
      for (const [field, why] of Object.entries(UNSUPPORTED_STATE_FIELDS)) {
        if (field in state) problems.push(`${here}: ${why}`);
      }
      if (Array.isArray(state.Choices)) {
        state.Choices.forEach((rule, i) => {
          if (isObject(rule) && 'Condition' in rule)
            problems.push(`${here}.Choices[${i}]: ${UNSUPPORTED_STATE_FIELDS.Condition}`);
          if (isObject(rule) && 'Assign' in rule)
            problems.push(`${here}.Choices[${i}]: ${UNSUPPORTED_STATE_FIELDS.Assign}`);
        });
      }
      for (const list of ['Catch', 'Retry'] as const) {
        const entries = state[list];
        if (Array.isArray(entries)) {
          entries.forEach((entry, i) => {
            if (
              isObject(entry) &&
              Array.isArray(entry.ErrorEquals) &&
              entry.ErrorEquals.includes('States.HeartbeatTimeout')
            ) {
              problems.push(
                `${here}.${list}[${i}]: States.HeartbeatTimeout never matches locally (a heartbeat timeout is reported as States.Timeout); match States.Timeout`,
              );
            }
            if (isObject(entry) && ('Assign' in entry || 'Output' in entry)) {
              problems.push(`${here}.${list}[${i}]: JSONata/variables fields (Assign/Output) are ignored locally`);
            }
          });
        }
      }
      if (state.Type === 'Task' && !taskBinding(withSampleSubstitutions(state.Resource))) {
        problems.push(
          `${here}: Task resource ${JSON.stringify(state.Resource)} has no local binding (supported: lambda:invoke, lambda:invoke.waitForTaskToken, a Lambda function ARN)`,
        );
      }
      if (state.Type === 'Map') {
        const processor = state.ItemProcessor ?? state.Iterator;
        if (
          isObject(processor) &&
          isObject(processor.ProcessorConfig) &&
          processor.ProcessorConfig.Mode === 'DISTRIBUTED'
        ) {
          problems.push(`${here}: Distributed Map is not supported locally`);
        }
        visitMachine(processor, `${here}.${state.ItemProcessor ? 'ItemProcessor' : 'Iterator'}`);
      }
      if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
        for (const [i, branch] of state.Branches.entries()) visitMachine(branch, `${here}.Branches[${i}]`);
      }
    }
  };
  visitMachine(definition, '');
  return problems;
}

/**
 * Definitions in `statemachines/` carry CDK `definitionSubstitutions` placeholders
 * (`arn:${StatesPartition}:states:::lambda:invoke`); the guard checks them with sample values in
 * each ARN position, so it can run on the source files as well as on substituted definitions.
 */
const SAMPLE_BY_ARN_POSITION = ['arn', 'aws', 'lambda', 'cn-north-1', '000000000000', 'function', 'name', 'alias'];

function withSampleSubstitutions(resource: unknown): unknown {
  if (typeof resource !== 'string' || !resource.includes('${')) return resource;
  if (/^\$\{[^}]+\}$/.test(resource)) return resource; // wholly a placeholder: nothing to check against
  return resource
    .split(':')
    .map((segment, i) => segment.replace(/\$\{[^}]+\}/g, SAMPLE_BY_ARN_POSITION[i] ?? 'x'))
    .join(':');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
