import type { FindingRecord, PeriodRecord } from '#shared/monitoring/submissions';
import { config } from '#shared/platform/config';
import {
  type Actor,
  auditPut,
  isConditionFailure,
  transactWrite,
  updateWrites,
  versionConflict,
} from '#shared/platform/records';
import type { Key } from '#shared/platform/table';

/**
 * The monitoring wing's hand-built transactions: a period flagged as missed with its timeliness finding, and a
 * submission with its period, its new findings and the findings it resolves — each all or nothing.
 */
const SYSTEM: Actor = { id: 'system:monitoring' };

/** Flag a period missed and raise its finding; `false` when another tick got there first (nothing written). */
export async function saveMissedPeriod(
  period: PeriodRecord,
  changes: Partial<PeriodRecord>,
  finding: FindingRecord & Key,
): Promise<boolean> {
  try {
    await transactWrite([
      ...updateWrites(period, changes, { actor: SYSTEM, action: 'monitoring.period.missed' }),
      { Put: { TableName: config().SIFPM_TABLE, Item: finding, ConditionExpression: 'attribute_not_exists(pk)' } },
      auditPut({ entity: { pk: finding.pk, sk: finding.sk }, actor: SYSTEM, action: 'finding.raise', after: finding }),
    ]);
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/**
 * A submission (created, or replacing `expectedVersion`), its period at the version read, the findings it raises and
 * those it resolves. A concurrent submission makes it a 409 VERSION_CONFLICT that writes nothing.
 */
export async function saveSubmission(input: {
  period: PeriodRecord;
  periodChanges: Partial<PeriodRecord>;
  action: string;
  actor: Actor;
  submission: Key & { version: number } & Record<string, unknown>;
  expectedVersion: number | undefined;
  fresh: (FindingRecord & Key)[];
  stale: FindingRecord[];
}): Promise<void> {
  const { period, periodChanges, action, actor, submission, expectedVersion, fresh, stale } = input;
  const TableName = config().SIFPM_TABLE;
  try {
    await transactWrite([
      ...updateWrites(period, periodChanges, { actor, action }),
      {
        Put: {
          TableName,
          Item: submission,
          ConditionExpression: expectedVersion !== undefined ? 'version = :v' : 'attribute_not_exists(pk)',
          ...(expectedVersion !== undefined ? { ExpressionAttributeValues: { ':v': expectedVersion } } : {}),
        },
      },
      auditPut({
        entity: { pk: submission.pk, sk: submission.sk },
        actor,
        action: 'monitoring.submission',
        after: { version: submission.version },
      }),
      ...fresh.flatMap((f) => [
        { Put: { TableName, Item: f, ConditionExpression: 'attribute_not_exists(pk)' } },
        auditPut({ entity: { pk: f.pk, sk: f.sk }, actor: SYSTEM, action: 'finding.raise', after: f }),
      ]),
      ...stale.flatMap((f) => updateWrites(f, { status: 'resolved' }, { actor: SYSTEM, action: 'finding.resolve' })),
    ]);
  } catch (e) {
    if (isConditionFailure(e)) throw versionConflict(period, e);
    throw e;
  }
}
