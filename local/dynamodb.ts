/**
 * DynamoDB API on loopback: dynalite, plus the one thing it lacks that the business code uses —
 * TransactWriteItems / TransactGetItems (DESIGN §9).
 *
 * The local default is one process, so atomicity is a lock: every write request (and every transaction)
 * runs alone; reads wait while a transaction is applying. A transaction first evaluates every condition
 * against the current items with dynalite's own expression evaluator, and only if all pass applies the
 * operations in order. With a data folder, the items a transaction touches are journalled durably before its
 * first write (`dynamodb-journal.ts`), and a transaction cut short by a crash is rolled back on the next start: all of
 * it or none. A `ClientRequestToken` seen in the last 10 minutes answers success again without applying anything, as
 * DynamoDB does (another request under the same token: `IdempotentParameterMismatchException`).
 *
 * Fault injection, for the crash tests only (`crash.ts`): `SIFPM_LOCAL_CRASH_AT=dynamodb-transaction-write:n` SIGKILLs
 * the process once the n-th write inside a transaction is applied.
 */

import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ResourceInUseException,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { conflictPoint, crashPoint } from '#local/crash';
import { type BeforeImage, openJournal, type TransactionJournal } from '#local/dynamodb-journal';
import { Mutex } from '#local/mutex';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (opts: Record<string, unknown>) => http.Server;
const dynaliteDb = require('dynalite/db') as {
  checkConditional(data: object, existing: Record<string, AttributeValue> | undefined): Error | null | undefined;
};
const dynaliteValidations = require('dynalite/validations') as {
  validateExpressions(data: object): string | undefined;
};

type Item = Record<string, AttributeValue>;
interface ExprParams {
  TableName: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
}
interface TransactWriteItem {
  Put?: ExprParams & { Item: Item };
  Update?: ExprParams & { Key: Item; UpdateExpression: string };
  Delete?: ExprParams & { Key: Item };
  ConditionCheck?: ExprParams & { Key: Item; ConditionExpression: string };
}

const WRITE_OPS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'CreateTable', 'DeleteTable']);

/**
 * What the front saw since it started, for `local.metrics()` and the cost model. Capacity units are estimated from
 * wire sizes (DynamoDB JSON, larger than the stored item): a write is 1 unit per started KB of its request, a
 * transactional write 2 per item (plus 1 per index key an item carries, the index's copy), a read 1 unit
 * (strongly consistent) per started 4 KB of the response, a transactional read 2 per item.
 */
export interface DynamoDbMetrics {
  /** requests by operation (GetItem, Query, PutItem, UpdateItem, TransactWriteItems, Scan, …) */
  requests: Record<string, number>;
  /** items written inside TransactWriteItems (Put, Update, Delete, ConditionCheck) */
  transactItems: number;
  writeUnits: number;
  readUnits: number;
  scans: number;
}

export interface LocalDynamoDb {
  endpoint: string;
  metrics(): DynamoDbMetrics;
  close(): Promise<void>;
}

const READS = new Set(['GetItem', 'Query', 'BatchGetItem', 'Scan']);
/** How long DynamoDB remembers a transaction's ClientRequestToken. */
const IDEMPOTENCY_MS = 10 * 60 * 1000;
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);

export async function startLocalDynamoDb(opts: { path?: string; port?: number } = {}): Promise<LocalDynamoDb> {
  const inner = dynalite({ path: opts.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await listen(inner, 0);
  const innerEndpoint = `http://127.0.0.1:${(inner.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({
    endpoint: innerEndpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const lock = new Mutex();
  const journal: TransactionJournal | undefined = opts.path ? openJournal(`${opts.path}-transactions`) : undefined;
  const tokens = new Map<string, { digest: string; at: number }>();
  const m: DynamoDbMetrics = { requests: {}, transactItems: 0, writeUnits: 0, readUnits: 0, scans: 0 };
  const count = (op: string) => {
    m.requests[op] = (m.requests[op] ?? 0) + 1;
    if (op === 'Scan') m.scans++;
  };
  const keyNames = new Map<string, string[]>();

  async function keyOf(table: string, item: Item): Promise<Item> {
    let names = keyNames.get(table);
    if (!names) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
      names = (Table?.KeySchema ?? []).map((k) => k.AttributeName as string);
      keyNames.set(table, names);
    }
    return Object.fromEntries(names.map((n) => [n, item[n] as AttributeValue]));
  }

  /** A transaction cut short by a crash: every item it touched back as it was. Idempotent. */
  async function rollBack(items: BeforeImage[]) {
    for (const { TableName, Key, before } of items) {
      if (before) await client.send(new PutItemCommand({ TableName, Item: before }));
      else await client.send(new DeleteItemCommand({ TableName, Key }));
    }
  }

  async function transactWrite(body: { TransactItems?: TransactWriteItem[]; ClientRequestToken?: string }) {
    const ops = body.TransactItems ?? [];
    if (ops.length === 0 || ops.length > 100) {
      throw awsError('ValidationException', 'TransactItems must have length between 1 and 100');
    }
    const token = body.ClientRequestToken;
    const digest = createHash('sha256').update(JSON.stringify(ops)).digest('hex');
    if (token) {
      const now = Date.now();
      // oldest first (a Map keeps insertion order): stop at the first still remembered — the SDK gives every
      // transaction a token, so a busy run holds tens of thousands, and looking at all of them on every transaction
      // was an eighth of a national run's CPU
      for (const [t, seen] of tokens) {
        if (now - seen.at <= IDEMPOTENCY_MS) break;
        tokens.delete(t);
      }
      const seen = tokens.get(token);
      if (seen && seen.digest !== digest) {
        throw awsError(
          'IdempotentParameterMismatchException',
          'The request uses the same client token as a previous, but non-identical request.',
        );
      }
      if (seen) return {}; // applied already: the same answer, nothing written again
    }
    // a conflict with another transaction, injected by the conflict tests only (`crash.ts`): nothing is checked or written
    const conflicting = conflictPoint(
      ops.map((op) => {
        const key = op.Put?.Item ?? (op.Update ?? op.Delete ?? op.ConditionCheck)?.Key;
        return { pk: key?.pk?.S, sk: key?.sk?.S };
      }),
    );
    if (conflicting >= 0) {
      throw cancelled(
        ops.map((_, i) =>
          i === conflicting
            ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }
            : { Code: 'None' },
        ),
      );
    }
    const reasons: { Code: string; Message?: string }[] = [];
    /** the items read to check conditions: the before-images of those operations */
    const read = new Map<TransactWriteItem, { Key: Item; existing?: Item }>();
    for (const op of ops) {
      const params = op.Put ?? op.Update ?? op.Delete ?? op.ConditionCheck;
      if (!params) throw awsError('ValidationException', 'Each TransactItem needs exactly one operation');
      if (!params.ConditionExpression) {
        reasons.push({ Code: 'None' });
        continue;
      }
      const key = op.Put ? await keyOf(params.TableName, op.Put.Item) : (params as { Key: Item }).Key;
      const { Item: existing } = await client.send(
        new GetItemCommand({ TableName: params.TableName, Key: key, ConsistentRead: true }),
      );
      read.set(op, { Key: key, ...(existing ? { existing } : {}) });
      const parsed: Record<string, unknown> = {
        ConditionExpression: params.ConditionExpression,
        ExpressionAttributeNames: params.ExpressionAttributeNames,
        ExpressionAttributeValues: params.ExpressionAttributeValues,
        UpdateExpression: op.Update?.UpdateExpression,
      };
      const invalid = dynaliteValidations.validateExpressions(parsed);
      if (invalid) throw awsError('ValidationException', invalid);
      const failed = dynaliteDb.checkConditional(parsed, existing);
      reasons.push(
        failed ? { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' } : { Code: 'None' },
      );
    }
    m.transactItems += ops.length;
    for (const op of ops) {
      const item = op.Put?.Item ?? op.Update?.ExpressionAttributeValues ?? {};
      const kb = Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(op)) / 1024));
      const indexed = (i: string) => i in item || new RegExp(i).test(op.Update?.UpdateExpression ?? '');
      m.writeUnits += 2 * kb + (indexed('gsi1pk') ? kb : 0) + (indexed('gsi2pk') ? kb : 0);
    }
    if (reasons.some((r) => r.Code !== 'None')) throw cancelled(reasons);
    // Every condition holds and nothing else can write meanwhile. First what each written item was: journalled
    // durably with a data folder (a crash part-way is rolled back on the next start), and kept to undo a write
    // that fails part-way.
    const id = `${Date.now().toString().padStart(15, '0')}-${randomUUID()}`;
    const images: BeforeImage[] = [];
    for (const op of ops) {
      if (op.ConditionCheck) continue;
      const params = (op.Put ?? op.Update ?? op.Delete) as ExprParams;
      const seen = read.get(op);
      const Key =
        seen?.Key ?? (op.Put ? await keyOf(params.TableName, op.Put.Item) : ((op.Update ?? op.Delete)?.Key as Item));
      const before = seen
        ? seen.existing
        : (await client.send(new GetItemCommand({ TableName: params.TableName, Key, ConsistentRead: true }))).Item;
      images.push({ TableName: params.TableName, Key, ...(before ? { before } : {}) });
    }
    journal?.begin(id, images);
    // Apply in order (conditions kept, they pass).
    try {
      for (const op of ops) {
        if (op.Put) await client.send(new PutItemCommand(op.Put));
        else if (op.Update) await client.send(new UpdateItemCommand(op.Update));
        else if (op.Delete) await client.send(new DeleteItemCommand(op.Delete));
        else continue;
        crashPoint('dynamodb-transaction-write'); // crash tests only
      }
    } catch (e) {
      await rollBack(images);
      journal?.done(id);
      // dynalite's refusal (say, a ValidationException only an applied write reveals) goes back as it came
      const refusal = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
      if (refusal.$metadata?.httpStatusCode === 400 && refusal.name)
        throw awsError(refusal.name, String(refusal.message));
      throw e;
    }
    journal?.done(id);
    if (token) {
      // re-inserted, not updated in place: the map stays oldest first, which the expiry above relies on
      tokens.delete(token);
      tokens.set(token, { digest, at: Date.now() });
    }
    return {};
  }

  async function transactGet(body: { TransactItems?: { Get: { TableName: string; Key: Item } }[] }) {
    const responses = [];
    m.readUnits += 2 * (body.TransactItems ?? []).length;
    for (const { Get } of body.TransactItems ?? []) {
      const { Item } = await client.send(new GetItemCommand({ ...Get, ConsistentRead: true }));
      responses.push(Item ? { Item } : {});
    }
    return { Responses: responses };
  }

  // Transactions a crash cut short are undone before anything is served.
  for (const { id, items } of journal?.unfinished() ?? []) {
    await rollBack(items);
    journal?.done(id);
  }

  const front = http.createServer(async (req, res) => {
    const op = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    count(op);
    if (WRITES.has(op)) m.writeUnits += Math.max(1, Math.ceil(Number(req.headers['content-length'] ?? 0) / 1024));
    if (READS.has(op)) {
      res.once('finish', () => {
        m.readUnits += Math.max(1, Math.ceil(Number(res.getHeader('content-length') ?? 0) / 4096));
      });
    }
    try {
      if (op === 'TransactWriteItems' || op === 'TransactGetItems') {
        const body = JSON.parse(await readBody(req));
        const result = await lock.run(() => (op === 'TransactWriteItems' ? transactWrite(body) : transactGet(body)));
        return send(res, 200, result);
      }
      if (WRITE_OPS.has(op)) {
        const release = await lock.acquire();
        res.once('close', release);
      } else {
        await lock.idle();
      }
      inner.emit('request', req, res);
    } catch (e) {
      const err = e as AwsError;
      send(res, err.statusCode ?? 500, err.body ?? { __type: 'InternalFailure', message: String(e) });
    }
  });
  await listen(front, opts.port ?? 0);
  return {
    endpoint: `http://127.0.0.1:${(front.address() as AddressInfo).port}`,
    metrics: () => structuredClone(m),
    async close() {
      client.destroy();
      await new Promise<void>((r) => front.close(() => r()));
      await new Promise<void>((r) => inner.close(() => r()));
    },
  };
}

/**
 * Creates the table, or brings an existing one (a data folder from an earlier version) up to its definition. On AWS a
 * new global secondary index is added in place (UpdateTable, as CDK does) and back-filled by DynamoDB from the items
 * that carry its key attributes; dynalite cannot create an index on an existing table, so here the table is rebuilt:
 * its items are read (the one Scan, at startup only), saved to `backupFile`, the table is created again with every
 * index, and the items are written back — the new index then holds the items that carry its keys, as on AWS (items
 * written before the code set those keys carry none, on AWS as here). A rebuild cut short is finished from the backup
 * on the next start.
 */
export async function ensureTable(
  endpoint: string,
  definition: Omit<CreateTableCommandInput, 'TableName'> & { TableName: string },
  backupFile?: string,
): Promise<{ created: boolean; rebuilt: boolean }> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const TableName = definition.TableName;
  const restore = async (items: Item[]) => {
    for (let i = 0; i < items.length; i += 25) {
      let RequestItems: BatchWriteItemCommandInput['RequestItems'] = {
        [TableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
      };
      while (RequestItems && Object.keys(RequestItems).length > 0) {
        ({ UnprocessedItems: RequestItems } = await client.send(new BatchWriteItemCommand({ RequestItems })));
      }
    }
    if (backupFile) rmSync(backupFile, { force: true });
  };
  try {
    let created = true;
    try {
      await client.send(new CreateTableCommand(structuredClone(definition)));
    } catch (e) {
      if (!(e instanceof ResourceInUseException)) throw e;
      created = false;
    }
    if (backupFile && existsSync(backupFile)) {
      await restore(JSON.parse(readFileSync(backupFile, 'utf8')));
      return { created, rebuilt: true };
    }
    if (created) return { created, rebuilt: false };
    const { Table } = await client.send(new DescribeTableCommand({ TableName }));
    const have = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    if ((definition.GlobalSecondaryIndexes ?? []).every((i) => have.has(i.IndexName))) {
      return { created: false, rebuilt: false };
    }
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName, ExclusiveStartKey, ConsistentRead: true }));
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    if (backupFile) {
      writeFileSync(`${backupFile}.tmp`, JSON.stringify(items));
      renameSync(`${backupFile}.tmp`, backupFile); // whole or absent
    }
    await client.send(new DeleteTableCommand({ TableName }));
    await client.send(new CreateTableCommand(structuredClone(definition)));
    await restore(items);
    return { created: false, rebuilt: true };
  } finally {
    client.destroy();
  }
}

interface AwsError extends Error {
  statusCode?: number;
  body: Record<string, unknown>;
}
function awsError(type: string, message: string): AwsError {
  const err = new Error(message) as AwsError;
  err.statusCode = 400;
  err.body = { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message };
  return err;
}

/** A cancelled transaction as DynamoDB answers it: one reason per item, in the items' order. */
function cancelled(reasons: { Code: string; Message?: string }[]): AwsError {
  const err = awsError(
    'TransactionCanceledException',
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
  );
  err.body.CancellationReasons = reasons;
  return err;
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}
