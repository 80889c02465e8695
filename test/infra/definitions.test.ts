import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATE_MACHINES } from '#functions/manifest';
import { localDefinition } from '#local/stack';
import { checkDefinitionSupported } from '#local/stepfunctions/support';

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator') as (
  definition: object,
  opts?: { checkPaths: boolean; checkArn: boolean },
) => { isValid: boolean; errors: unknown[] };

const files = readdirSync('statemachines').filter((f) => f.endsWith('.asl.json'));
const machineOf = (file: string) =>
  Object.entries(STATE_MACHINES).find(
    ([, m]) => path.basename(m.definition) === file,
  )?.[0] as keyof typeof STATE_MACHINES;

describe('state machine definitions', () => {
  it('are all listed in the manifest, and the manifest lists only existing files', () => {
    const listed = Object.values(STATE_MACHINES).map((m) => path.basename(m.definition));
    expect(listed.sort()).toEqual([...files].sort());
  });

  it.each(files)('%s is valid Amazon States Language once its placeholders are substituted', (file) => {
    const definition = JSON.parse(localDefinition(machineOf(file)));
    const result = aslValidator(definition, { checkPaths: true, checkArn: true });
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it.each(files)('%s uses only what the local engine runs: JSONPath, no Assign, bound task resources', (file) => {
    const definition = JSON.parse(localDefinition(machineOf(file)));
    expect(checkDefinitionSupported(definition)).toEqual([]);
  });

  it.each(files)('%s names a task timeout (or its path) on every Task (no engine default decides)', (file) => {
    const text = readFileSync(path.join('statemachines', file), 'utf8');
    const tasks: { TimeoutSeconds?: number; TimeoutSecondsPath?: string }[] = [];
    JSON.parse(text, (_k, v) => {
      if (v && typeof v === 'object' && v.Type === 'Task') tasks.push(v);
      return v;
    });
    expect(tasks.length).toBeGreaterThan(0);
    for (const t of tasks) {
      if (t.TimeoutSecondsPath !== undefined) expect(t.TimeoutSecondsPath).toMatch(/^\$\./);
      else expect(t.TimeoutSeconds).toBeGreaterThan(0);
    }
  });

  it.each(files)('%s invokes a Task again when its invocation failed (a human task’s opening step too)', (file) => {
    const tasks: { Retry?: { ErrorEquals: string[] }[] }[] = [];
    JSON.parse(readFileSync(path.join('statemachines', file), 'utf8'), (_k, v) => {
      if (v && typeof v === 'object' && v.Type === 'Task') tasks.push(v);
      return v;
    });
    for (const t of tasks) expect(t.Retry?.flatMap((r) => r.ErrorEquals)).toContain('States.TaskFailed');
  });

  it('the daily tick invokes a unit’s step and the digest again while they answer more (work past one invocation’s time)', () => {
    const tick = JSON.parse(readFileSync(path.join('statemachines', 'monitoring-tick.asl.json'), 'utf8'));
    const unit = tick.States.EachUnit.ItemProcessor.States;
    expect([unit.TickUnit.ResultPath, unit.TickUnit.Next]).toEqual(['$.tick', 'UnitMore']);
    expect(unit.UnitMore.Choices).toEqual([{ Variable: '$.tick.result.more', BooleanEquals: true, Next: 'TickUnit' }]);
    expect([tick.States.DailyDigest.ResultPath, tick.States.DailyDigest.Next]).toEqual(['$.digest', 'DigestMore']);
    expect(tick.States.DigestMore.Choices).toEqual([
      { Variable: '$.digest.more', BooleanEquals: true, Next: 'DailyDigest' },
    ]);
  });

  it('the guard refuses JSONata and Assign, which the local engine would silently ignore', () => {
    const bad = {
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: { A: { Type: 'Pass', Assign: { x: 1 }, End: true } },
    };
    expect(checkDefinitionSupported(bad).length).toBeGreaterThanOrEqual(2);
  });
});
