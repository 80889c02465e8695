import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalDefault, startLocalDefault } from '#local/stack';
import { config } from '#shared/platform/config';
import { auditPut, auditTrail, getRecord, transactWrite } from '#shared/platform/records';

/**
 * DynamoDB cancels a transaction that meets another one on an item (`TransactionConflict`) — the per-province counter
 * items are written by every submission of a province — and the SDK does not retry it. dynalite never reports it: the
 * local front injects it under `SIFPM_LOCAL_CONFLICT=<key prefix>:<n>` (`local/crash.ts`).
 */
let local: LocalDefault;
beforeAll(async () => {
  local = await startLocalDefault();
});
afterEach(() => {
  delete process.env.SIFPM_LOCAL_CONFLICT;
});
afterAll(async () => {
  await local?.close();
});

const create = (pk: string) => [
  {
    Put: {
      TableName: config().SIFPM_TABLE,
      Item: { pk, sk: 'RECORD', v: 1 },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
  auditPut({ entity: { pk, sk: 'RECORD' }, actor: { id: 'system:test' }, action: 'test.create', after: { v: 1 } }),
];
const transactions = () => local.metrics().dynamodb.requests.TransactWriteItems ?? 0;

describe('a transaction cancelled by a conflict with another one', () => {
  it('is sent again and written once, its audit entry chained once', async () => {
    process.env.SIFPM_LOCAL_CONFLICT = 'TEST#AGAIN:2';
    const before = transactions();
    await transactWrite(create('TEST#AGAIN'));
    expect(transactions() - before).toBe(3); // refused twice, then written
    expect(await getRecord({ pk: 'TEST#AGAIN', sk: 'RECORD' })).toMatchObject({ v: 1 });
    expect((await auditTrail({ pk: 'TEST#AGAIN', sk: 'RECORD' })).map((e) => e.action)).toEqual(['test.create']);
  });

  it('surfaces after its retries, with nothing written', async () => {
    process.env.SIFPM_LOCAL_CONFLICT = 'TEST#NEVER:50';
    const refused = await transactWrite(create('TEST#NEVER')).catch((e) => e);
    expect(refused).toBeInstanceOf(TransactionCanceledException);
    expect((refused as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual([
      'TransactionConflict',
      'None',
      'None',
    ]);
    expect(await getRecord({ pk: 'TEST#NEVER', sk: 'RECORD' })).toBeUndefined();
    expect(await auditTrail({ pk: 'TEST#NEVER', sk: 'RECORD' })).toEqual([]);
  });

  it('is not sent again when a condition failed', async () => {
    await transactWrite(create('TEST#ONCE'));
    const before = transactions();
    const refused = await transactWrite(create('TEST#ONCE')).catch((e) => e);
    expect(refused).toBeInstanceOf(TransactionCanceledException);
    expect(transactions() - before).toBe(1);
  });
});
