import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ListExecutionsCommand, SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStepFunctions, startLocalStepFunctions } from '#local/stepfunctions/index';
import { describe as describeExecution, errorOf, history, sfnClient } from '../fixtures/sfn-helpers.ts';
import { auditLines, MACHINE_NAME, recordLambdas } from '../fixtures/sfn-record-machine.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const EXECUTION_ARN = (name: string) => `arn:aws-cn:states:cn-north-1:000000000000:execution:${MACHINE_NAME}:${name}`;

/** The child process running the endpoint, with its stdout as a queue of JSON messages. */
function child(dataDir: string, workDir: string, name: string, flag?: string) {
  // tsx as a loader in one node process (not the .bin/tsx wrapper, which runs node as a grandchild
  // that a SIGKILL of the wrapper would leave running).
  const args = ['--import', 'tsx', 'test/fixtures/sfn-child.ts', dataDir, workDir, name, ...(flag ? [flag] : [])];
  const proc: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const messages: Array<Record<string, string>> = [];
  const waiters: Array<() => void> = [];
  createInterface({ input: proc.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    messages.push(JSON.parse(line) as Record<string, string>);
    for (const w of waiters.splice(0)) w();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    proc,
    exited,
    /** Resolves with the first message that has `key`; rejects if the child exits first. */
    async message(key: string): Promise<string> {
      for (;;) {
        const found = messages.find((m) => key in m);
        if (found) return found[key] as string;
        const more = new Promise<void>((resolve) => waiters.push(resolve));
        const exit = exited.then((e) => {
          throw new Error(`child exited (${JSON.stringify(e)}) before sending '${key}'`);
        });
        await Promise.race([more, exit]);
      }
    },
  };
}

let dataDir: string;
let workDir: string;
let sfn: LocalStepFunctions | undefined;
let client: SFNClient;
let mails: string[];

beforeEach(() => {
  const base = mkdtempSync(join(tmpdir(), 'sifpm-sfn-'));
  dataDir = join(base, 'data');
  workDir = base;
  mails = [];
});

afterEach(async () => {
  await sfn?.close();
  sfn = undefined;
  rmSync(workDir, { recursive: true, force: true });
});

/** Starts the endpoint again in this process, on the child's data dir, with the same Lambdas. */
async function restart(): Promise<void> {
  await sfn?.close();
  const sent = mails.length;
  sfn = await startLocalStepFunctions({
    dataDir,
    invokeFunction: recordLambdas({ workDir, onMail: (t) => mails.push(t) }),
  });
  client = sfnClient(sfn.endpoint);
  // Re-drive waits for the endpoint's first use, so that the process can finish its wiring first.
  expect(mails).toHaveLength(sent);
  await sfn.idle();
}

describe('local Step Functions endpoint across restarts', () => {
  for (const stop of ['exit', 'SIGKILL'] as const) {
    it(`re-drives a waiting execution after the process ${stop === 'exit' ? 'exits' : 'is killed'}: old token refused, fresh task completes, history kept`, async () => {
      const c = child(dataDir, workDir, 'y2027-p11');
      const executionArn = await c.message('started');
      expect(executionArn).toBe(EXECUTION_ARN('y2027-p11'));
      const oldToken = await c.message('mail');
      if (stop === 'exit') c.proc.stdin?.write('exit\n');
      else c.proc.kill('SIGKILL');
      const exit = await c.exited;
      expect(stop === 'exit' ? exit.code : exit.signal).toBe(stop === 'exit' ? 0 : 'SIGKILL');

      await restart();
      const running = await describeExecution(client, executionArn);
      expect(running).toMatchObject({ status: 'RUNNING', redriveCount: 1 });
      expect(mails).toHaveLength(1);
      expect(mails[0]).not.toBe(oldToken);

      const refused = await errorOf(
        client.send(new SendTaskSuccessCommand({ taskToken: oldToken, output: '{"approved":true}' })),
      );
      expect(refused.name).toBe('TaskDoesNotExist');
      expect(refused.message).toMatch(/re-driven after a restart/);

      await client.send(new SendTaskSuccessCommand({ taskToken: mails[0], output: '{"approved":true}' }));
      await sfn?.idle();
      const done = await describeExecution(client, executionArn);
      expect(done.status).toBe('SUCCEEDED');
      expect(JSON.parse(done.output as string)).toMatchObject({ year: 2027, decision: { approved: true } });

      const events = await history(client, executionArn);
      const types = events.map((e) => e.type);
      expect(types.filter((t) => t === 'ExecutionStarted')).toHaveLength(1);
      expect(types.filter((t) => t === 'ExecutionRedriven')).toHaveLength(1);
      const redriven = types.indexOf('ExecutionRedriven');
      // Before the restart: drafted, then the callback was submitted; after: straight back to the callback.
      expect(types.slice(0, redriven)).toContain('TaskSubmitted');
      const entered = events.filter((e) => e.stateEnteredEventDetails).map((e) => e.stateEnteredEventDetails?.name);
      expect(entered).toEqual([
        'ReadRecord',
        'WhereAreWe',
        'Draft',
        'Approve',
        'ReadRecord',
        'WhereAreWe',
        'Approve',
        'RecordDecision',
        'Done',
      ]);
      expect(types.at(-1)).toBe('ExecutionSucceeded');
      expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
      expect(auditLines(workDir)).toEqual(['y2027-p11 drafted', 'y2027-p11 approved']);

      // And once more: a finished execution is answered from the store, not re-driven.
      await restart();
      expect(await describeExecution(client, executionArn)).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
      expect(await history(client, executionArn)).toHaveLength(events.length);
      const list = await client.send(
        new ListExecutionsCommand({
          stateMachineArn: `arn:aws-cn:states:cn-north-1:000000000000:stateMachine:${MACHINE_NAME}`,
        }),
      );
      expect(list.executions?.map((e) => [e.name, e.status])).toEqual([['y2027-p11', 'SUCCEEDED']]);
      expect(mails).toHaveLength(1);
    });
  }

  it('completes after a SIGKILL between a state’s write and the next state, with no record lost or doubled', async () => {
    const c = child(dataDir, workDir, 'y2027-p12', '--crash-after-write');
    const executionArn = EXECUTION_ARN('y2027-p12');
    expect((await c.exited).signal).toBe('SIGKILL');
    expect(auditLines(workDir)).toEqual(['y2027-p12 drafted']);

    // A kill can also tear the journal's last line; replay must skip it.
    const journalDir = join(dataDir, 'stepfunctions', 'executions');
    const [journal] = readdirSync(journalDir);
    appendFileSync(join(journalDir, journal as string), '\n{"k":"ev","e":{"id":99,"type":"TaskSucc');

    await restart();
    expect(await describeExecution(client, executionArn)).toMatchObject({ status: 'RUNNING', redriveCount: 1 });
    const before = await history(client, executionArn);
    const redriven = before.findIndex((e) => e.type === 'ExecutionRedriven');
    // The Draft task had started when the process died; its success was never recorded.
    expect(
      before
        .slice(0, redriven)
        .map((e) => e.type)
        .slice(-3),
    ).toEqual(['TaskStateEntered', 'TaskScheduled', 'TaskStarted']);
    expect(mails).toHaveLength(1);

    await client.send(new SendTaskSuccessCommand({ taskToken: mails[0], output: '{"approved":true}' }));
    await sfn?.idle();
    expect((await describeExecution(client, executionArn)).status).toBe('SUCCEEDED');
    expect(auditLines(workDir)).toEqual(['y2027-p12 drafted', 'y2027-p12 approved']);
    const entered = (await history(client, executionArn))
      .filter((e) => e.stateEnteredEventDetails)
      .map((e) => e.stateEnteredEventDetails?.name);
    expect(entered).toEqual([
      'ReadRecord',
      'WhereAreWe',
      'Draft',
      'ReadRecord',
      'WhereAreWe',
      'Approve',
      'RecordDecision',
      'Done',
    ]);
    expect(readFileSync(join(journalDir, journal as string), 'utf8')).toContain('ExecutionSucceeded');
  });
});
