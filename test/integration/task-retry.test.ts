import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws } from '#shared/platform/aws';
import { now } from '#shared/platform/clock';
import { stateMachineArn } from '#shared/platform/config';
import { runningClock, startSystem, type TestSystem } from '../helpers/local.ts';

const CENTRAL_FINANCE = 'finance.100000';

// A system of its own: a cycle kicked off earlier in the same system would see all its own timers (reminders,
// deadlines) fire when the clock moves on to the next year's kickoff, and this test would wait for them.
describe('a Task state retries a failed invocation (issue 19: a conflict past transactWrite’s own retries)', () => {
  let sys: TestSystem;
  let restoreClock = () => {};
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(async () => {
    restoreClock();
    await sys.close();
  });

  it('invokes a step that opens a human task again when its invocation failed: the task still opens (2026)', async () => {
    // 广东's 工伤保险 drafting task meets a conflicting transaction five times, more than `transactWrite` sends it
    // again itself: the opening Lambda fails, and the state's Retry invokes it again two seconds (of the clock) later
    restoreClock = runningClock('2025-12-01T10:00:00+08:00'); // 2026 is kicked off in 2025
    process.env.SIFPM_LOCAL_CONFLICT = 'CYCLE#2026 OPENTASK#ITEM#440000#targets#WII:5';
    try {
      const kicked = await sys.call('POST', '/api/cycles', { as: CENTRAL_FINANCE, body: { year: 2026 } });
      expect(kicked.status, JSON.stringify(kicked.body)).toBe(202);
      await sys.settled();
      restoreClock();
      restoreClock = runningClock(new Date(now().getTime() + 60_000).toISOString());
      sys.local.stepFunctions.checkTimers();
      await sys.settled();
    } finally {
      delete process.env.SIFPM_LOCAL_CONFLICT;
    }
    const arn = `${stateMachineArn('target-approval').replace(':stateMachine:', ':execution:')}:targets-2026-440000`;
    const { events = [] } = await aws().sfn.send(
      new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 1000 }),
    );
    expect(events.filter((e) => e.type === 'TaskFailed')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'ExecutionFailed')).toEqual([]);
    const drafts = (await sys.mail()).filter(
      (m) => m.to[0] === 'hrss-agency.440000@sifpm.example.cn' && /2026.*工伤保险.*制定/.test(m.subject),
    );
    expect(drafts).toHaveLength(1);
    const task = await sys.call(
      'GET',
      `/api/tasks/${drafts[0]?.links.find((l) => l.includes('/tasks/'))?.split('/tasks/')[1]}`,
      {
        as: 'hrss-agency.440000',
      },
    );
    expect([task.status, task.body.status, task.body.step]).toEqual([200, 'open', 'draft']);
  });
});
