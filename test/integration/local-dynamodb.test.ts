import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactGetItemsCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, type LocalDynamoDb, startLocalDynamoDb } from '#local/dynamodb';

describe('local DynamoDB transactions (the gap dynalite leaves)', () => {
  let db: LocalDynamoDb;
  let client: DynamoDBClient;

  beforeAll(async () => {
    db = await startLocalDynamoDb();
    client = new DynamoDBClient({
      endpoint: db.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    await client.send(
      new CreateTableCommand({
        TableName: 'txn',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  });
  afterAll(async () => {
    client.destroy();
    await db.close();
  });

  const get = async (pk: string) =>
    (await client.send(new GetItemCommand({ TableName: 'txn', Key: { pk: { S: pk }, sk: { S: 'x' } } }))).Item;

  it('applies every operation when every condition holds', async () => {
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Put: {
              TableName: 'txn',
              Item: { pk: { S: 'a' }, sk: { S: 'x' }, v: { N: '1' } },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: 'txn', Item: { pk: { S: 'b' }, sk: { S: 'x' } } } },
        ],
      }),
    );
    expect(await get('a')).toMatchObject({ v: { N: '1' } });
    expect(await get('b')).toBeDefined();
  });

  it('writes nothing when one condition fails, and names the failing operation', async () => {
    const attempt = client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 'txn', Item: { pk: { S: 'c' }, sk: { S: 'x' } } } },
          {
            Update: {
              TableName: 'txn',
              Key: { pk: { S: 'a' }, sk: { S: 'x' } },
              UpdateExpression: 'SET v = :n',
              ConditionExpression: 'v = :expected',
              ExpressionAttributeValues: { ':n': { N: '3' }, ':expected': { N: '2' } },
            },
          },
        ],
      }),
    );
    const error = await attempt.catch((e) => e);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(error.CancellationReasons.map((r: { Code: string }) => r.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect(await get('c')).toBeUndefined();
    expect(await get('a')).toMatchObject({ v: { N: '1' } });
  });

  it('lets exactly one of two racing conditional transactions win', async () => {
    const bump = () =>
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Update: {
                TableName: 'txn',
                Key: { pk: { S: 'a' }, sk: { S: 'x' } },
                UpdateExpression: 'SET v = :n',
                ConditionExpression: 'v = :expected',
                ExpressionAttributeValues: { ':n': { N: '2' }, ':expected': { N: '1' } },
              },
            },
          ],
        }),
      );
    const results = await Promise.allSettled([bump(), bump(), bump()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await get('a')).toMatchObject({ v: { N: '2' } });
  });

  it('undoes the writes already applied when a later write of the transaction fails', async () => {
    const attempt = client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 'txn', Item: { pk: { S: 'half' }, sk: { S: 'x' } } } },
          // Refused only when applied (no condition to validate it first): an undefined attribute name.
          { Update: { TableName: 'txn', Key: { pk: { S: 'a' }, sk: { S: 'x' } }, UpdateExpression: 'SET #nope = :v' } },
        ],
      }),
    );
    await expect(attempt).rejects.toMatchObject({ name: 'ValidationException' });
    expect(await get('half')).toBeUndefined();
  });

  it('honours ClientRequestToken: the same token and request answer success again without applying twice', async () => {
    const txn = (v: string) =>
      new TransactWriteItemsCommand({
        ClientRequestToken: 'retry-after-timeout-1',
        TransactItems: [
          {
            Put: {
              TableName: 'txn',
              Item: { pk: { S: 'idem' }, sk: { S: 'x' }, v: { N: v } },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      });
    await client.send(txn('1'));
    // Applied again, the condition would fail: the retry is recognised instead.
    await client.send(txn('1'));
    expect(await get('idem')).toMatchObject({ v: { N: '1' } });
    await expect(client.send(txn('2'))).rejects.toMatchObject({ name: 'IdempotentParameterMismatchException' });
    expect(await get('idem')).toMatchObject({ v: { N: '1' } });
  });

  it('reads several items consistently with TransactGetItems', async () => {
    const { Responses } = await client.send(
      new TransactGetItemsCommand({
        TransactItems: [
          { Get: { TableName: 'txn', Key: { pk: { S: 'a' }, sk: { S: 'x' } } } },
          { Get: { TableName: 'txn', Key: { pk: { S: 'zz' }, sk: { S: 'x' } } } },
        ],
      }),
    );
    expect(Responses?.[0]?.Item?.v).toEqual({ N: '2' });
    expect(Responses?.[1]?.Item).toBeUndefined();
  });
});

describe('ensureTable: a table from an earlier version gains the indexes of the current definition', () => {
  const S = 'S' as const;
  const gsi = (n: number) => ({
    IndexName: `gsi${n}`,
    KeySchema: [
      { AttributeName: `gsi${n}pk`, KeyType: 'HASH' as const },
      { AttributeName: `gsi${n}sk`, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  const definition = (indexes: number[]) => ({
    TableName: 'upgrade',
    AttributeDefinitions: ['pk', 'sk', ...indexes.flatMap((n) => [`gsi${n}pk`, `gsi${n}sk`])].map((AttributeName) => ({
      AttributeName,
      AttributeType: S,
    })),
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' as const },
      { AttributeName: 'sk', KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: indexes.map(gsi),
    BillingMode: 'PAY_PER_REQUEST' as const,
  });

  it('creates, leaves a current table alone, and rebuilds an old one keeping every item', async () => {
    const db = await startLocalDynamoDb();
    const backup = path.join(mkdtempSync(path.join(tmpdir(), 'sifpm-ensure-')), 'rebuild.json');
    const client = new DynamoDBClient({
      endpoint: db.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    try {
      expect(await ensureTable(db.endpoint, definition([1]))).toEqual({ created: true, rebuilt: false });
      for (let i = 0; i < 60; i++) {
        await client.send(
          new PutItemCommand({
            TableName: 'upgrade',
            Item: {
              pk: { S: `P#${i}` },
              sk: { S: 'X' },
              gsi1pk: { S: 'ONE' },
              gsi1sk: { S: String(i).padStart(3, '0') },
              ...(i % 2 ? { gsi2pk: { S: 'ODD' }, gsi2sk: { S: String(i).padStart(3, '0') } } : {}),
            },
          }),
        );
      }
      expect(await ensureTable(db.endpoint, definition([1]), backup)).toEqual({ created: false, rebuilt: false });
      expect(await ensureTable(db.endpoint, definition([1, 2]), backup)).toEqual({ created: false, rebuilt: true });
      expect(existsSync(backup)).toBe(false); // kept only while the rebuild runs

      const query = async (index: string, pk: string) =>
        (
          await client.send(
            new QueryCommand({
              TableName: 'upgrade',
              IndexName: index,
              KeyConditionExpression: `${index}pk = :p`,
              ExpressionAttributeValues: { ':p': { S: pk } },
            }),
          )
        ).Items ?? [];
      expect(await query('gsi1', 'ONE')).toHaveLength(60);

      // a rebuild cut short after the table was dropped: the next start finishes it from the backup
      writeFileSync(
        backup,
        JSON.stringify([{ pk: { S: 'P#late' }, sk: { S: 'X' }, gsi1pk: { S: 'ONE' }, gsi1sk: { S: '999' } }]),
      );
      expect(await ensureTable(db.endpoint, definition([1, 2]), backup)).toEqual({ created: false, rebuilt: true });
      expect(await query('gsi1', 'ONE')).toHaveLength(61);
      expect(existsSync(backup)).toBe(false);
      // in index order (gsi2sk ascending): the odd items only
      expect((await query('gsi2', 'ODD')).map((i) => i.pk?.S)).toEqual(
        Array.from({ length: 30 }, (_, k) => `P#${2 * k + 1}`),
      );
    } finally {
      client.destroy();
      await db.close();
    }
  });
});
