import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type AttributeValue,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Issue #14, finding 3: a correction response in flight during a `kill -9` ended changed (version 2) with no audit
 * entry and its action not marked used. The local DynamoDB front runs here as a process of its own on a data folder;
 * `SIFPM_LOCAL_CRASH_AT=dynamodb-transaction-write:n` SIGKILLs it after n of a transaction's writes; started again on the same folder, the
 * transaction must be all there or not at all.
 */
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  endpoint: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(dataDir: string, faultAfterWrites?: number): Promise<Running> {
  const env = { ...process.env };
  delete env.SIFPM_LOCAL_CRASH_AT;
  if (faultAfterWrites !== undefined) env.SIFPM_LOCAL_CRASH_AT = `dynamodb-transaction-write:${faultAfterWrites}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/dynamodb-process.ts', dataDir], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const endpoint = /endpoint (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (endpoint) resolve({ child, endpoint, exited });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    void exited.then(({ code, signal }) => reject(new Error(`exited early (${code ?? signal}): ${out}`)));
  });
}

async function stop(r: Running) {
  r.child.kill('SIGTERM');
  await r.exited;
}

const clientOf = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
  });

const key = (pk: string, sk: string) => ({ pk: { S: pk }, sk: { S: sk } });
const RECORD = key('CYCLE#2026', 'CORR#110100#basic-pension#k1');
const AUDIT = key('AUDIT#CYCLE#2026#CORR#110100#basic-pension#k1', '0002');
const ACTION = key('ACTION#abc', 'ACTION');

/** The shape of a correction response: the record to version 2, its audit entry, the action marked used. */
const correction: TransactWriteItemsCommandInput = {
  TransactItems: [
    {
      Update: {
        TableName: 'sifpm',
        Key: RECORD,
        UpdateExpression: 'SET #v = :next, #s = :status',
        ConditionExpression: '#v = :expected',
        ExpressionAttributeNames: { '#v': 'version', '#s': 'status' },
        ExpressionAttributeValues: { ':next': { N: '2' }, ':expected': { N: '1' }, ':status': { S: 'responded' } },
      },
    },
    {
      Put: {
        TableName: 'sifpm',
        Item: { ...AUDIT, what: { S: 'respond' } },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: 'sifpm',
        Key: ACTION,
        UpdateExpression: 'SET usedAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt)',
        ExpressionAttributeValues: { ':now': { S: '2026-07-01T00:00:00Z' } },
      },
    },
  ],
};

async function seed(client: DynamoDBClient) {
  await client.send(
    new CreateTableCommand({
      TableName: 'sifpm',
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
  // dynalite makes a table ACTIVE just after CreateTable answers: poll for it (bounded), as an SDK waiter does.
  for (let i = 0; ; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'sifpm' }));
    if (Table?.TableStatus === 'ACTIVE') break;
    if (i > 200) throw new Error('table never ACTIVE');
    await new Promise((r) => setTimeout(r, 10));
  }
  await client.send(
    new PutItemCommand({ TableName: 'sifpm', Item: { ...RECORD, version: { N: '1' }, status: { S: 'open' } } }),
  );
  await client.send(new PutItemCommand({ TableName: 'sifpm', Item: { ...ACTION, kind: { S: 'correction' } } }));
}

async function state(client: DynamoDBClient) {
  const get = async (Key: Record<string, AttributeValue>) =>
    (await client.send(new GetItemCommand({ TableName: 'sifpm', Key, ConsistentRead: true }))).Item;
  const [record, audit, action] = [await get(RECORD), await get(AUDIT), await get(ACTION)];
  return {
    version: record?.version?.N,
    audit: audit !== undefined,
    actionUsed: action?.usedAt !== undefined,
  };
}

const NONE = { version: '1', audit: false, actionUsed: false };
const ALL = { version: '2', audit: true, actionUsed: true };

describe('local DynamoDB transactions across kill -9 (SIFPM_LOCAL_CRASH_AT)', () => {
  it.each([1, 2, 3])('leaves all or none of a transaction SIGKILLed after %i of its 3 writes', async (n) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sifpm-ddb-crash-'));
    dirs.push(dataDir);
    const first = await start(dataDir, n);
    const c1 = clientOf(first.endpoint);
    try {
      await seed(c1);
      await expect(c1.send(new TransactWriteItemsCommand(correction))).rejects.toThrow();
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    } finally {
      c1.destroy();
    }

    const second = await start(dataDir);
    const c2 = clientOf(second.endpoint);
    try {
      const after = await state(c2);
      expect([NONE, ALL]).toContainEqual(after);
      // A cut-short transaction never answered: it is rolled back, and the client's retry applies it once.
      expect(after).toEqual(NONE);
      await c2.send(new TransactWriteItemsCommand(correction));
      expect(await state(c2)).toEqual(ALL);
    } finally {
      c2.destroy();
      await stop(second);
    }
  });

  it('keeps a completed transaction across kill -9 of the process afterwards', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sifpm-ddb-crash-'));
    dirs.push(dataDir);
    const first = await start(dataDir);
    const c1 = clientOf(first.endpoint);
    try {
      await seed(c1);
      await c1.send(new TransactWriteItemsCommand(correction));
    } finally {
      c1.destroy();
    }
    first.child.kill('SIGKILL');
    await first.exited;
    const second = await start(dataDir);
    const c2 = clientOf(second.endpoint);
    try {
      expect(await state(c2)).toEqual(ALL);
    } finally {
      c2.destroy();
      await stop(second);
    }
  });
});
