import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPeople } from '#local/directory-seed';
import { IN_TIME_FOR_2025, runningClock, startSystem, type TestSystem } from '../helpers/local.ts';

describe('local.metrics(): operations counted per service by the embedded local default', () => {
  let sys: TestSystem;
  let restoreClock = () => {};
  beforeAll(async () => {
    sys = await startSystem();
    // the 2025 cycle is kicked off in time, so that its deadlines lie ahead as the kickoff requires
    restoreClock = runningClock(IN_TIME_FOR_2025);
  });
  afterAll(async () => {
    restoreClock();
    await sys.close();
  });

  it('starts from nothing but the table, the machines and the directory seed it set up', () => {
    const m = sys.local.metrics();
    expect(m.api.requests).toBe(0);
    expect(m.lambda).toEqual({});
    expect(m.stepFunctions).toMatchObject({ executions: 0, stateTransitions: 0 });
    expect(m.ses.emails).toBe(0);
    // the seed: whether it was written (GetItem), each person and their address claim 25 to a batch, then the seed's
    // mark with its one audit entry (the chain head read and the transaction)
    expect(m.dynamodb.requests).toEqual({
      CreateTable: 1,
      GetItem: 1,
      BatchWriteItem: Math.ceil((2 * seedPeople().length) / 25),
      BatchGetItem: 1,
      TransactWriteItems: 1,
    });
  });

  it('counts a kickoff: API requests, Lambda invocations, state transitions, DynamoDB operations, emails — and no Scan', async () => {
    expect((await sys.call('GET', '/api/health')).status).toBe(200);
    expect((await sys.call('POST', '/api/cycles', { as: 'finance.100000', body: { year: 2025 } })).status).toBe(202);
    await sys.settled();
    const m = sys.local.metrics();
    expect(m.api.requests).toBe(2);
    expect(m.lambda['api-health']?.invocations).toBe(1);
    expect(m.lambda['api-cycles-create']?.invocations).toBe(1);
    expect(m.lambda['kickoff-step']?.invocations).toBeGreaterThan(32);
    expect(m.lambda['kickoff-step']?.totalMs).toBeGreaterThan(0);
    expect(m.stepFunctions.byMachine['sifpm-kickoff']?.executions).toBe(1);
    // every state entered counts, Map iterations included: one unit per provincial unit at least
    expect(m.stepFunctions.byMachine['sifpm-kickoff']?.stateTransitions).toBeGreaterThan(33);
    expect(m.ses.emails).toBeGreaterThanOrEqual(32);
    expect(m.dynamodb.requests.TransactWriteItems).toBeGreaterThan(0);
    expect(m.dynamodb.transactItems).toBeGreaterThanOrEqual(2 * (m.dynamodb.requests.TransactWriteItems ?? 0));
    expect(m.dynamodb.writeUnits).toBeGreaterThan(m.dynamodb.transactItems);
    expect(m.dynamodb.readUnits).toBeGreaterThan(0);
    expect(m.dynamodb.scans).toBe(0);
    expect(Object.values(m.s3.requests).reduce((a, b) => a + b, 0)).toBeGreaterThan(0); // the health probe
  });
});
