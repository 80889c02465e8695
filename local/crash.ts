/**
 * Fault injection for the crash and conflict tests, and nothing else: `SIFPM_LOCAL_CRASH_AT=<point>:<n>` makes this
 * process SIGKILL itself the n-th time local/ code reaches the named point (never business code: a point marks a moment of
 * the emulated AWS service, where a real crash of the machine could fall). Unset (always, outside those tests), a
 * point is a comparison and nothing more.
 *
 * - `dynamodb-transaction-write`: a write of a TransactWriteItems applied, before the next (`dynamodb.ts`);
 * - `sfn-map-iteration`: a Map iteration succeeded and journalled, before the Map moves on (`stepfunctions/engine.ts`);
 * - `s3-notification`: an upload stored and answered, its ObjectCreated notification not yet delivered (`s3-post.ts`).
 */
export type CrashPoint = 'dynamodb-transaction-write' | 'sfn-map-iteration' | 's3-notification';

const armed = /^([a-z0-9-]+):([1-9]\d*)$/.exec(process.env.SIFPM_LOCAL_CRASH_AT ?? '');
let reached = 0;

export function crashPoint(point: CrashPoint): void {
  if (armed?.[1] === point && ++reached === Number(armed[2])) process.kill(process.pid, 'SIGKILL');
}

/**
 * `SIFPM_LOCAL_CONFLICT=<key prefix>:<n>`: the next n transactions that write an item whose key — `<pk> <sk>`, so a
 * partition key alone is a prefix — starts with the prefix are cancelled with `TransactionConflict` on that item, as
 * DynamoDB cancels a transaction that meets another one on an item (dynalite runs transactions one at a time and
 * never reports it). Read at each transaction, so a test sets it and clears it. Returns the index of the conflicting
 * item, or -1.
 */
let conflict = { spec: '', prefix: '', left: 0 };

export function conflictPoint(keys: readonly ({ pk?: string; sk?: string } | undefined)[]): number {
  const spec = process.env.SIFPM_LOCAL_CONFLICT ?? '';
  if (spec !== conflict.spec) {
    const m = /^(.+):([1-9]\d*)$/.exec(spec);
    conflict = { spec, prefix: m?.[1] ?? '', left: m ? Number(m[2]) : 0 };
  }
  if (conflict.left <= 0) return -1;
  const at = keys.findIndex((k) => k?.pk !== undefined && `${k.pk} ${k.sk ?? ''}`.startsWith(conflict.prefix));
  if (at >= 0) conflict.left--;
  return at;
}
