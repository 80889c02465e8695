import { createHash } from 'node:crypto';
import { BatchGetCommand, ScanCommand, type TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { aws } from '#shared/platform/aws';
import { config } from '#shared/platform/config';
import { AUDIT, type Key, keys, yearOfEntity } from '#shared/platform/table';

/**
 * The tamper-evident audit trail (issue 14): one hash chain **per entity**. Entry n of an entity carries `seq` = n,
 * `prev` = the hash of entry n − 1 (or 64 zeros), and `hash` = SHA-256 of its canonical JSON without `hash`; the
 * entity's chain head (`AUDIT#<entity>` / `HEAD`) holds the last `seq` and `hash`.
 *
 * Why per entity, not per cycle: every write already serialises on its record's version; a chain per entity adds
 * no contention between records (a per-cycle chain would make every write of a national year wait on one item),
 * and a chain is verified with the one Query its timeline already makes.
 *
 * The chain is kept in one place: `transactWrite` hands every pending audit entry of a transaction to `chain`,
 * which reads the heads, numbers and hashes the entries and adds the conditional head writes — all in the same
 * transaction, so an entry, its record change and its head are written together or not at all. Two writers on one
 * entity cannot both extend its chain: the head's condition refuses the second (a version conflict, as before).
 */
export const GENESIS = '0'.repeat(64);

/** The writes of one `TransactWriteItems` (conditional Put/Update/Delete/ConditionCheck and audit entries). */
export type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

/** The entries `auditPut` built and `transactWrite` has not yet chained: transaction item → the entry it puts. */
export const pending = new WeakMap<object, Record<string, unknown> & { pk: string; entity: Key }>();

/** JSON with keys sorted at every level and undefined members dropped: the bytes a hash is taken over. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The hash of a stored entry: over everything but `hash` itself. */
export function entryHash(entry: Record<string, unknown>): string {
  const { hash: _hash, ...rest } = entry;
  return createHash('sha256').update(canonical(rest)).digest('hex');
}

const EntityKey = z.object({ pk: z.string(), sk: z.string() });
const Head = z.object({
  pk: z.string(),
  sk: z.literal('HEAD'),
  entity: EntityKey,
  seq: z.number().int().positive(),
  hash: z.string(),
});

type TransactItem = TransactItems[number];

/** The heads of the given audit partitions (consistent reads). */
async function heads(partitions: string[]): Promise<Map<string, z.infer<typeof Head>>> {
  const found = new Map<string, z.infer<typeof Head>>();
  const TableName = config().SIFPM_TABLE;
  let wanted: Record<string, unknown>[] = partitions.map((pk) => ({ ...keys.auditHead(pk) }));
  while (wanted.length > 0) {
    const batch = wanted.slice(0, 100);
    wanted = wanted.slice(100);
    const out = await aws().ddb.send(
      new BatchGetCommand({ RequestItems: { [TableName]: { Keys: batch, ConsistentRead: true } } }),
    );
    for (const item of out.Responses?.[TableName] ?? []) {
      const head = Head.parse(item);
      found.set(head.pk, head);
    }
    wanted.push(...((out.UnprocessedKeys?.[TableName]?.Keys ?? []) as Record<string, unknown>[]));
  }
  return found;
}

/**
 * A transaction's items with its pending audit entries chained: numbered and hashed after their entity's head,
 * each conditional on its absence, and one conditional head write per entity.
 */
export async function chain(items: TransactItems): Promise<TransactItems> {
  const entries = items.flatMap((i) => pending.get(i) ?? []);
  if (entries.length === 0) return items;
  const partitions = [...new Set(entries.map((e) => e.pk))];
  const found = await heads(partitions);
  const TableName = config().SIFPM_TABLE;
  const state = new Map(
    partitions.map((pk) => [pk, { seq: found.get(pk)?.seq ?? 0, hash: found.get(pk)?.hash ?? GENESIS }]),
  );
  const chained = items.map((i): TransactItem => {
    const item = pending.get(i);
    if (!item) return i;
    const at = state.get(item.pk) ?? { seq: 0, hash: GENESIS };
    const seq = at.seq + 1;
    const entry: Record<string, unknown> = { ...item, ...keys.auditEntry(item.pk, seq), seq, prev: at.hash };
    entry.hash = entryHash(entry);
    state.set(item.pk, { seq, hash: entry.hash as string });
    return { Put: { TableName, Item: entry, ConditionExpression: 'attribute_not_exists(pk)' } };
  });
  const entityOf = new Map(entries.map((e) => [e.pk, e.entity]));
  const headWrites = partitions.map((pk): TransactItem => {
    const before = found.get(pk);
    const after = state.get(pk) ?? { seq: 0, hash: GENESIS };
    return {
      Put: {
        TableName,
        Item: { ...keys.auditHead(pk), entity: entityOf.get(pk), seq: after.seq, hash: after.hash },
        ...(before
          ? {
              ConditionExpression: 'seq = :seq AND #h = :hash',
              ExpressionAttributeNames: { '#h': 'hash' },
              ExpressionAttributeValues: { ':seq': before.seq, ':hash': before.hash },
            }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    };
  });
  return [...chained, ...headWrites];
}

export interface ChainBreak {
  /** the audited entity */
  entity: Key;
  /** the entry where the chain breaks (its `seq`), or `head` */
  at: number | 'head';
  reason: 'hash' | 'prev' | 'seq' | 'head';
}

export interface VerifyResult {
  ok: boolean;
  chains: number;
  entries: number;
  /** the first broken link, in the order of the entities' keys */
  broken?: ChainBreak;
}

/** One chain's first broken link: entries out of sequence, a changed entry, a removed or added last entry. */
export function verifyChain(entries: Record<string, unknown>[], head: Record<string, unknown> | undefined) {
  const sorted = [...entries].sort((a, b) => Number(a.seq) - Number(b.seq));
  let prev = GENESIS;
  for (const [i, e] of sorted.entries()) {
    const seq = i + 1;
    if (e.seq !== seq) return { at: seq, reason: 'seq' as const };
    if (e.prev !== prev) return { at: seq, reason: 'prev' as const };
    if (e.hash !== entryHash(e)) return { at: seq, reason: 'hash' as const };
    prev = e.hash as string;
  }
  if (!head || head.seq !== sorted.length || head.hash !== prev)
    return { at: 'head' as const, reason: 'head' as const };
  return undefined;
}

/**
 * Walk every audit chain (of one budget year's entities if given) and report the first broken link. An operator's
 * check (`sifpm audit verify`), not a request path: it scans the audit partitions of the table.
 */
export async function verifyAuditChains(year?: number): Promise<VerifyResult> {
  const byPartition = new Map<string, { entries: Record<string, unknown>[]; head?: Record<string, unknown> }>();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await aws().ddb.send(
      new ScanCommand({
        TableName: config().SIFPM_TABLE,
        FilterExpression: 'begins_with(pk, :a)',
        ExpressionAttributeValues: { ':a': AUDIT },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const pk = String(item.pk);
      const entity = EntityKey.safeParse(item.entity);
      if (year !== undefined && (!entity.success || yearOfEntity(entity.data) !== year)) continue;
      const chainOf = byPartition.get(pk) ?? { entries: [] };
      if (item.sk === 'HEAD') chainOf.head = item;
      else chainOf.entries.push(item);
      byPartition.set(pk, chainOf);
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  let entries = 0;
  for (const pk of [...byPartition.keys()].sort()) {
    const c = byPartition.get(pk) ?? { entries: [] };
    entries += c.entries.length;
    const broken = verifyChain(c.entries, c.head);
    if (broken) {
      const entity = EntityKey.parse(c.head?.entity ?? c.entries[0]?.entity);
      return { ok: false, chains: byPartition.size, entries, broken: { entity, ...broken } };
    }
  }
  return { ok: true, chains: byPartition.size, entries };
}
