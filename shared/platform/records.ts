import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { chain, pending, type TransactItems } from '#shared/platform/audit';
import { aws } from '#shared/platform/aws';
import { nowMs } from '#shared/platform/clock';
import { config } from '#shared/platform/config';
import { AppError } from '#shared/platform/errors';
import { type Key, keys, patterns } from '#shared/platform/table';

/**
 * Record changes and their audit entries, written together in one transaction (DESIGN §4):
 * every create is conditional on absence, every update on the version the writer read.
 */
export type { TransactItems } from '#shared/platform/audit';

/**
 * Write all or nothing; a failed condition surfaces as `TransactionCanceledException` (see `isConditionFailure`).
 * The transaction's audit entries are chained here (platform/audit.ts), in the same transaction.
 *
 * DynamoDB cancels a transaction that meets another one on an item (`TransactionConflict`: the per-province counters
 * are such an item) and the SDK does not retry it; nothing was written, so it is sent again — chained afresh, since the
 * other transaction may have extended a chain — after a jittered, growing pause, up to `CONFLICT_RETRIES` times.
 */
export async function transactWrite(items: TransactItems): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await aws().ddb.send(new TransactWriteCommand({ TransactItems: await chain(items) }));
      return;
    } catch (e) {
      if (!isConflictOnly(e) || attempt >= CONFLICT_RETRIES) throw e;
    }
    await new Promise((r) => setTimeout(r, Math.random() * 25 * 2 ** attempt));
  }
}

const CONFLICT_RETRIES = 4;

export interface Actor {
  /** user id, or `system:<machine>` for workflow steps */
  id: string;
  orgCode?: string;
}

export interface AuditEntry {
  at: string;
  actor: Actor;
  action: string;
  entity: Key;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  comment?: string;
}

/**
 * An audit entry as a transaction item: every record change is written together with one. `transactWrite` gives it
 * its place in the entity's chain (`seq`, `prev`, `hash`) when the transaction is sent.
 */
export function auditPut(entry: Omit<AuditEntry, 'at'>) {
  const at = new Date(nowMs()).toISOString();
  const Item = { pk: keys.auditPartition(entry.entity), sk: '', at, ...entry };
  const item = { Put: { TableName: config().SIFPM_TABLE, Item } };
  pending.set(item, Item);
  return item;
}

/** A consistent read of one item, as stored: the wing's store parses it with the item's schema. */
export async function getRecord(key: Key): Promise<Record<string, unknown> | undefined> {
  const { Item } = await aws().ddb.send(
    new GetCommand({ TableName: config().SIFPM_TABLE, Key: key, ConsistentRead: true }),
  );
  return Item;
}

/** Consistent reads of many items by key, 100 to a request (what the table leaves unprocessed is asked again). */
export async function getRecords(wanted: Key[]): Promise<Record<string, unknown>[]> {
  const TableName = config().SIFPM_TABLE;
  const found: Record<string, unknown>[] = [];
  let rest: Record<string, unknown>[] = wanted.map((k) => ({ pk: k.pk, sk: k.sk }));
  while (rest.length) {
    const batch = rest.slice(0, 100);
    rest = rest.slice(100);
    const out = await aws().ddb.send(
      new BatchGetCommand({ RequestItems: { [TableName]: { Keys: batch, ConsistentRead: true } } }),
    );
    found.push(...(out.Responses?.[TableName] ?? []));
    rest.push(...((out.UnprocessedKeys?.[TableName]?.Keys ?? []) as Record<string, unknown>[]));
  }
  return found;
}

/**
 * Create a record that must not exist yet. Returns false (and writes nothing) when it already exists,
 * so that a retried step is idempotent; callers that must refuse a duplicate turn that into a 409.
 */
export async function createRecord(
  item: Key & Record<string, unknown>,
  audit: { actor: Actor; action: string; comment?: string },
): Promise<boolean> {
  const record = { ...item, version: 1 };
  try {
    await transactWrite([
      { Put: { TableName: config().SIFPM_TABLE, Item: record, ConditionExpression: 'attribute_not_exists(pk)' } },
      auditPut({ ...audit, entity: { pk: item.pk, sk: item.sk }, after: record }),
    ]);
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/**
 * The transaction items that set fields of a record at the version the caller read (bumping it) and audit the
 * change — for callers that add writes of their own to the same transaction.
 */
/**
 * Create records that must not exist yet, together: one transaction per 30 (each with its audit entry and chain
 * head). When one of them exists already (a retried step), that transaction writes nothing and its records are
 * created one by one, so the missing ones still are. Returns how many were created.
 */
export async function createRecords(
  items: (Key & Record<string, unknown>)[],
  audit: { actor: Actor; action: string; comment?: string },
): Promise<number> {
  let created = 0;
  for (let i = 0; i < items.length; i += 30) {
    const batch = items.slice(i, i + 30);
    try {
      await transactWrite(
        batch.flatMap((item) => {
          const record = { ...item, version: 1 };
          return [
            { Put: { TableName: config().SIFPM_TABLE, Item: record, ConditionExpression: 'attribute_not_exists(pk)' } },
            auditPut({ ...audit, entity: { pk: item.pk, sk: item.sk }, after: record }),
          ];
        }),
      );
      created += batch.length;
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      for (const item of batch) if (await createRecord(item, audit)) created++;
    }
  }
  return created;
}

export function updateWrites<T extends Record<string, unknown>>(
  current: Key & { version: number } & T,
  changes: Partial<T>,
  audit: { actor: Actor; action: string; comment?: string },
) {
  const names: Record<string, string> = { '#version': 'version' };
  const values: Record<string, unknown> = { ':expected': current.version, ':next': current.version + 1 };
  const sets = ['#version = :next'];
  // a field set to undefined is removed from the record
  const removes: string[] = [];
  Object.entries(changes).forEach(([field, value], i) => {
    names[`#f${i}`] = field;
    if (value === undefined) {
      removes.push(`#f${i}`);
      return;
    }
    values[`:v${i}`] = value;
    sets.push(`#f${i} = :v${i}`);
  });
  const before = Object.fromEntries(Object.keys(changes).map((f) => [f, current[f]]));
  return [
    {
      Update: {
        TableName: config().SIFPM_TABLE,
        Key: { pk: current.pk, sk: current.sk },
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    auditPut({ ...audit, entity: { pk: current.pk, sk: current.sk }, before, after: changes }),
  ];
}

/**
 * Set fields of a record at the version the caller read; bumps the version. A concurrent change in between
 * makes it refuse with 409 VERSION_CONFLICT and write nothing.
 */
export async function updateRecord<T extends Record<string, unknown>>(
  current: Key & { version: number } & T,
  changes: Partial<T>,
  audit: { actor: Actor; action: string; comment?: string },
): Promise<T & { version: number }> {
  try {
    await transactWrite(updateWrites(current, changes, audit));
  } catch (e) {
    if (isConditionFailure(e)) throw versionConflict(current, e);
    throw e;
  }
  return { ...current, ...changes, version: current.version + 1 };
}

/** 409 VERSION_CONFLICT: the record is no longer at the version the caller read (`cause`: the refused write). */
export const versionConflict = (current: Key & { version?: number | undefined }, cause?: unknown) =>
  new AppError(
    409,
    'VERSION_CONFLICT',
    { zh: '记录已被他人修改，请刷新后重试', en: 'The record was changed meanwhile; reload and try again' },
    { entity: { pk: current.pk, sk: current.sk }, expectedVersion: current.version },
    cause === undefined ? undefined : { cause },
  );

/** A Query on the table or an index, all pages. */
export async function queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await aws().ddb.send(
      new QueryCommand({ TableName: config().SIFPM_TABLE, ...input, ExclusiveStartKey }),
    );
    out.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

const StoredAuditEntry = z.object({
  at: z.string(),
  actor: z.object({ id: z.string(), orgCode: z.string().optional() }),
  action: z.string(),
  entity: z.object({ pk: z.string(), sk: z.string() }),
  before: z.record(z.string(), z.unknown()).optional(),
  after: z.record(z.string(), z.unknown()).optional(),
  comment: z.string().optional(),
  seq: z.number(),
});

/** An entity's audit trail, in the order of its chain. */
export async function auditTrail(entity: Key): Promise<AuditEntry[]> {
  return (await queryAll(patterns.auditTrail(entity))).map((e) => StoredAuditEntry.parse(e));
}

export function isConditionFailure(e: unknown): boolean {
  return (
    e instanceof TransactionCanceledException &&
    (e.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed')
  );
}

/** Cancelled only because another transaction was on one of its items: no condition failed. */
function isConflictOnly(e: unknown): boolean {
  if (!(e instanceof TransactionCanceledException)) return false;
  const codes = (e.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
  return codes.includes('TransactionConflict') && codes.every((c) => c === 'None' || c === 'TransactionConflict');
}
