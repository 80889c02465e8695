import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
import { groupKey } from '#shared/directory/rules';
import { aws } from '#shared/platform/aws';
import { config } from '#shared/platform/config';
import { auditPut, queryAll, type TransactItems, transactWrite } from '#shared/platform/records';
import { indexKeys, type Key, keys, patterns } from '#shared/platform/table';
import { ActionRecord, DigestEntry, OpenTaskPointer } from '#shared/tasks/records';

/**
 * The tasks wing's store: actions (`ACTION#<hash>`), the pointer from a record to its open action, and the two
 * transactions of a human task — opening it (superseding the previous link) and deciding it (the record's writes
 * and the action's use at once).
 */

/** A consistent read, parsed by the item's schema (unknown fields, such as GSI keys, are dropped). */
async function consistentGet<S extends z.ZodType>(schema: S, key: Key): Promise<z.infer<S> | undefined> {
  const { Item } = await aws().ddb.send(
    new GetCommand({ TableName: config().SIFPM_TABLE, Key: key, ConsistentRead: true }),
  );
  return Item === undefined ? undefined : schema.parse(Item);
}

/** The key of an action, by the SHA-256 of its id. */
export const actionKey = (hash: string): Key => keys.action(hash);

/** The action a record's open task points at, if any. */
export async function currentAction(record: Key): Promise<ActionRecord | undefined> {
  const pointer = await consistentGet(OpenTaskPointer, keys.openTask(record));
  return pointer ? consistentGet(ActionRecord, keys.action(pointer.hash)) : undefined;
}

export const readAction = (hash: string) => consistentGet(ActionRecord, keys.action(hash));

/**
 * The new action, the record's pointer to it, the previous open action superseded, and the audit entry. A reminder
 * (the same step in the same hands) leaves the earlier links working: the previous action, and the first of the chain
 * (`root`), forward to the new one.
 */
export async function saveOpenedTask(
  action: ActionRecord,
  record: Key,
  previous: ActionRecord | undefined,
  at: string,
  audit: { after: Record<string, unknown> },
  reminder = false,
): Promise<void> {
  const TableName = config().SIFPM_TABLE;
  const forward = reminder && previous?.status === 'open';
  await transactWrite([
    {
      Put: {
        TableName,
        Item: { ...action, ...indexKeys.openAction(groupKey(action.group), at) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName, Item: { ...keys.openTask(record), hash: action.hash, step: action.step } } },
    ...(previous?.status === 'open'
      ? [
          {
            Update: {
              TableName,
              Key: keys.action(previous.hash),
              UpdateExpression: `SET #s = :superseded, gsi1sk = :g${forward ? ', #f = :f' : ''}`,
              ConditionExpression: '#s = :open',
              ExpressionAttributeNames: { '#s': 'status', ...(forward ? { '#f': 'forward' } : {}) },
              ExpressionAttributeValues: {
                ':superseded': 'superseded',
                ':open': 'open',
                ':g': indexKeys.closedAction('superseded', at).gsi1sk,
                ...(forward ? { ':f': action.hash } : {}),
              },
            },
          },
        ]
      : []),
    ...(forward && previous?.root
      ? [
          {
            Update: {
              TableName,
              Key: keys.action(previous.root),
              UpdateExpression: 'SET #f = :f',
              ExpressionAttributeNames: { '#f': 'forward' },
              ExpressionAttributeValues: { ':f': action.hash },
            },
          },
        ]
      : []),
    auditPut({ entity: record, actor: { id: 'system:tasks' }, action: 'task.open', after: audit.after }),
  ]);
}

/** The decider's writes and the action marked used, in one transaction (the action must still be open). */
export async function saveDecision(
  writes: TransactItems,
  action: ActionRecord,
  decision: string,
  at: string,
  decidedBy: { userId: string; name: string },
) {
  await transactWrite([
    ...writes,
    {
      Update: {
        TableName: config().SIFPM_TABLE,
        Key: keys.action(action.hash),
        UpdateExpression: 'SET #s = :used, usedAt = :at, decision = :d, decidedBy = :by, gsi1sk = :g',
        ConditionExpression: '#s = :open',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':used': 'used',
          ':open': 'open',
          ':at': at,
          ':d': decision,
          ':by': decidedBy,
          ':g': indexKeys.closedAction('used', at).gsi1sk,
        },
      },
    },
  ]);
}

/** The open actions of a candidate group, oldest first. */
export async function openActionsOf(group: string): Promise<ActionRecord[]> {
  return (await queryAll(patterns.groupTasks(group))).map((item) => ActionRecord.parse(item));
}

/** Tell the waiting workflow the outcome; SFN's errors (timed out, no such task, invalid token) propagate. */
export async function completeTask(token: string, output: unknown): Promise<void> {
  await aws().sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
}

// --- the daily digest's queue --------------------------------------------------------------------------------------

/** Task mails put aside for their people's daily digest. */
export async function queueDigest(entries: DigestEntry[]): Promise<void> {
  const TableName = config().SIFPM_TABLE;
  for (let i = 0; i < entries.length; i += 100) {
    await transactWrite(entries.slice(i, i + 100).map((Item) => ({ Put: { TableName, Item } })));
  }
}

/** Every task mail waiting for a digest, by person and time. */
export async function pendingDigest(): Promise<DigestEntry[]> {
  return (await queryAll(patterns.digests())).map((item) => DigestEntry.parse(item));
}

/** The entries a digest carried (or dropped): gone from the queue. */
export async function clearDigest(entries: DigestEntry[]): Promise<void> {
  const TableName = config().SIFPM_TABLE;
  for (let i = 0; i < entries.length; i += 100) {
    await transactWrite(entries.slice(i, i + 100).map((e) => ({ Delete: { TableName, Key: { pk: e.pk, sk: e.sk } } })));
  }
}
