import type { z } from 'zod';
import type { MonitoringConfig } from '#shared/monitoring/compare';
import { type Counts, delta, findingCounts, monitorCounts, periodCounts, sum } from '#shared/monitoring/counts';
import {
  ArrangedBudget,
  type Correction,
  CorrectionNotice,
  CycleYear,
  FindingRecord,
  IssuedTarget,
  MonitoringConfigRecord,
  MonitorRecord,
  noticeWake,
  PeriodRecord,
  SubmissionRecord,
  TaxCollectionRecord,
  type UploadError,
  UploadRecord,
  type UploadStatus,
} from '#shared/monitoring/records';
import { now } from '#shared/platform/clock';
import { config } from '#shared/platform/config';
import {
  type Actor,
  auditPut,
  createRecord,
  getRecord,
  getRecords,
  isConditionFailure,
  queryAll,
  type TransactItems,
  transactWrite,
  updateRecord,
  updateWrites,
  versionConflict,
} from '#shared/platform/records';
import {
  indexKeys,
  type Key,
  keys,
  monitoringItemKind,
  patterns,
  provinceMonitoringItemKind,
} from '#shared/platform/table';

/**
 * The monitoring wing's store: the cycle's monitoring settings, monitors, periods, submissions, findings and
 * template uploads — every read parsed by its schema in `records.ts` — and the hand-built transactions: a period
 * flagged as missed with its timeliness finding, and a submission with its period, its new findings and the findings
 * it resolves, each all or nothing.
 */
const SYSTEM: Actor = { id: 'system:monitoring' };

/** A consistent read, parsed by the item's schema (unknown fields, such as GSI keys, are dropped). */
async function read<S extends z.ZodType>(schema: S, key: Key): Promise<z.infer<S> | undefined> {
  const item = await getRecord(key);
  return item === undefined ? undefined : schema.parse(item);
}

/**
 * The province's counters changed by `counts` (`counts.ts`), as one `ADD` on its counter record: put in the same
 * transaction as the change counted. Derived data, so not audited (the records it counts are).
 */
function countWrites(year: number, province: string, counts: Counts): TransactItems {
  const entries = Object.entries(counts);
  if (!entries.length) return [];
  return [
    {
      Update: {
        TableName: config().SIFPM_TABLE,
        Key: keys.monitoringCounts(year, province),
        UpdateExpression: `ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#c${i}`, k])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:c${i}`, v])),
      },
    },
  ];
}

/** What a finding's change does to the counters. */
const findingDelta = (f: FindingRecord, to: Partial<FindingRecord>) =>
  delta(findingCounts(f), findingCounts({ ...f, ...to }));
/** The counters of findings raised and resolved together (all of one province). */
const raisedAndResolved = (fresh: FindingRecord[], stale: FindingRecord[]) =>
  sum(...fresh.map(findingCounts), ...stale.map((f) => findingDelta(f, { status: 'resolved' })));

/** The province's counters (`counts.ts`); undefined for a cycle from before them. */
export async function readMonitoringCounts(year: number, province: string): Promise<Counts | undefined> {
  const item = await getRecord(keys.monitoringCounts(year, province));
  if (!item) return undefined;
  return Object.fromEntries(
    Object.entries(item).filter((e): e is [string, number] => e[0].includes('#') && typeof e[1] === 'number'),
  );
}

// --- the cycle's settings, and what the wing reads of other wings --------------------------------------------------

/** The cycle's monitoring settings, if central finance has set them. */
export async function readMonitoringConfig(year: number): Promise<MonitoringConfig | undefined> {
  return (await read(MonitoringConfigRecord, keys.monitorConfig(year)))?.config;
}

export async function saveMonitoringConfig(year: number, body: MonitoringConfig, actor: Actor): Promise<void> {
  const key = keys.monitorConfig(year);
  const audit = { actor, action: 'monitoring.config' };
  const current = await read(MonitoringConfigRecord, key);
  if (current) await updateRecord(current, { config: body }, audit);
  else await createRecord({ ...key, year, config: body }, audit);
}

/** The years of every cycle, oldest first. */
export async function cycleYears(): Promise<number[]> {
  return (await queryAll(patterns.everyCycle())).map((item) => CycleYear.parse(item).year);
}

/** The targets work items of a cycle whose organisation code starts with `orgPrefix` — one Query. */
export async function targetItems(year: number, orgPrefix: string): Promise<IssuedTarget[]> {
  return (await queryAll(patterns.cycleItems(year, orgPrefix)))
    .filter((item) => item.kind === 'targets')
    .map((item) => IssuedTarget.parse(item));
}

/** A region's targets work item of a fund, if any. */
export const readTarget = (year: number, org: string, fund: string) =>
  read(IssuedTarget, keys.workItem(year, org, 'targets', fund));

// --- monitors and periods ------------------------------------------------------------------------------------------

/** A provincial unit's monitors (of one organisation if given). */
export async function provinceMonitors(year: number, unit: string, org?: string): Promise<MonitorRecord[]> {
  return (await queryAll(patterns.provinceMonitors(year, unit, org))).map((item) => MonitorRecord.parse(item));
}

/** The region's arranged budget, as monitoring reads it (undefined while none is arranged). */
export const readArrangedBudget = (year: number, org: string, fund: string) =>
  read(ArrangedBudget, keys.budget(year, org, fund));

export const readMonitor = (year: number, org: string, fund: string) =>
  read(MonitorRecord, keys.monitor(year, org, fund));

/** Start monitoring a region × fund; `created` is false when it already was (nothing written). */
export async function createMonitor(
  fields: Omit<MonitorRecord, 'pk' | 'sk' | 'version' | 'openedThrough'> & { createdAt: string },
): Promise<{ created: boolean; monitor: MonitorRecord }> {
  const { year, org, fund, province } = fields;
  const key = keys.monitor(year, org, fund);
  const item = { ...key, ...indexKeys.monitor(year, province, org, fund), ...fields, version: 1 };
  let created = true;
  try {
    await transactWrite([
      { Put: { TableName: config().SIFPM_TABLE, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
      auditPut({ entity: key, actor: SYSTEM, action: 'monitoring.start', after: item }),
      ...countWrites(year, province, monitorCounts({ org, fund })),
    ]);
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    created = false;
  }
  return { created, monitor: { ...key, ...fields, version: 1 } };
}

/** Open a period (in its provincial unit's index as `open` until due); false when it already was. */
export async function openPeriod(
  fields: Omit<PeriodRecord, 'pk' | 'sk' | 'version' | 'status' | 'submittedAt' | 'late' | 'missedAt'>,
): Promise<boolean> {
  const { year, org, fund, province, asOf, due } = fields;
  return createRecord(
    {
      ...keys.period(year, org, fund, asOf),
      ...indexKeys.periodIn(year, province),
      ...indexKeys.period('open', due, org, fund, asOf),
      ...fields,
      status: 'open',
    },
    { actor: SYSTEM, action: 'monitoring.period.open' },
  );
}

/** Remember the latest as-of date whose period the monitor has opened. */
export async function markOpenedThrough(monitor: MonitorRecord, openedThrough: string): Promise<void> {
  await updateRecord(monitor, { openedThrough }, { actor: SYSTEM, action: 'monitoring.period.opened' });
}

/** A provincial unit's periods due by `until` and still open. */
export async function overduePeriods(year: number, unit: string, until: string): Promise<PeriodRecord[]> {
  return (await queryAll(patterns.overduePeriods(year, unit, until))).map((item) => PeriodRecord.parse(item));
}

export const readPeriod = (year: number, org: string, fund: string, asOf: string) =>
  read(PeriodRecord, keys.period(year, org, fund, asOf));

// --- submissions and findings --------------------------------------------------------------------------------------

export const readSubmission = (year: number, org: string, fund: string, asOf: string) =>
  read(SubmissionRecord, keys.submission(year, org, fund, asOf));

/** 409 VERSION_CONFLICT unless `expected` (if given) is the version of the submission there is. */
export function expectSubmissionVersion(
  where: { year: number; org: string; fund: string; asOf: string },
  existing: SubmissionRecord | undefined,
  expected: number | undefined,
): void {
  if (expected !== undefined && expected !== existing?.version) {
    throw versionConflict({ ...keys.submission(where.year, where.org, where.fund, where.asOf), version: expected });
  }
}

/** The key of a finding (its correction's execution name is derived from it). */
export const findingKey = (year: number, org: string, fund: string, asOf: string, code: string): Key =>
  keys.finding(year, org, fund, asOf, code);

export async function periodFindings(year: number, org: string, fund: string, asOf: string): Promise<FindingRecord[]> {
  return (await queryAll(patterns.periodFindings(year, org, fund, asOf))).map((item) => FindingRecord.parse(item));
}

export const readFinding = (ref: { year: number; org: string; fund: string; asOf: string; code: string }) =>
  read(FindingRecord, keys.finding(ref.year, ref.org, ref.fund, ref.asOf, ref.code));

/** The finding a task is about (its subject's record). */
export const readFindingAt = (key: Key) => read(FindingRecord, key);

/** A finding's new item (in its provincial unit's index) and its audit entry. */
function raiseWrites(finding: FindingRecord): TransactItems {
  const item = {
    ...finding,
    ...indexKeys.finding(finding.year, finding.province, finding.org, finding.fund, finding.asOf, finding.code),
  };
  return [
    { Put: { TableName: config().SIFPM_TABLE, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    auditPut({ entity: { pk: finding.pk, sk: finding.sk }, actor: SYSTEM, action: 'finding.raise', after: item }),
  ];
}

/** Flag a period missed and raise its finding; `false` when another tick got there first (nothing written). */
export async function saveMissedPeriod(
  period: PeriodRecord,
  missedAt: string,
  finding: FindingRecord,
): Promise<boolean> {
  const changes = {
    status: 'missed' as const,
    missedAt,
    ...indexKeys.period('late', period.due, period.org, period.fund, period.asOf),
  };
  try {
    await transactWrite([
      ...updateWrites(period, changes, {
        actor: SYSTEM,
        action: 'monitoring.period.missed',
      }),
      ...raiseWrites(finding),
      ...noticeWrites([finding], missedAt),
      ...countWrites(
        period.year,
        period.province,
        sum(delta(periodCounts(period), periodCounts({ ...period, status: 'missed' })), findingCounts(finding)),
      ),
    ]);
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/**
 * One region's submissions of one fund in a cycle, oldest first, read consistently: a submission finds its period's
 * earlier version among them (and the previous years' serve the reserve projection).
 */
export async function yearSubmissions(year: number, org: string, fund: string): Promise<SubmissionRecord[]> {
  return (await queryAll({ ...patterns.submissions(year, org, fund), ConsistentRead: true })).map((item) =>
    SubmissionRecord.parse(item),
  );
}

/** A provincial unit's submissions of one fund for one period: one Query (the outlier check). */
export async function periodSubmissionsIn(
  year: number,
  province: string,
  fund: string,
  asOf: string,
): Promise<SubmissionRecord[]> {
  return (await queryAll(patterns.periodSubmissions(year, province, fund, asOf))).map((item) =>
    SubmissionRecord.parse(item),
  );
}

export const readTaxCollection = (year: number, org: string, fund: string, asOf: string) =>
  read(TaxCollectionRecord, keys.taxCollection(year, org, fund, asOf));

/**
 * The tax department's collection figure (created, or replacing `expectedVersion`) with the findings it raises and
 * resolves, all or nothing; a concurrent report is a 409 VERSION_CONFLICT that writes nothing.
 */
export async function saveTaxCollection(input: {
  record: Omit<TaxCollectionRecord, 'pk' | 'sk'>;
  expectedVersion: number | undefined;
  actor: Actor;
  fresh: FindingRecord[];
  stale: FindingRecord[];
}): Promise<void> {
  const { record, expectedVersion, actor, fresh, stale } = input;
  const key = keys.taxCollection(record.year, record.org, record.fund, record.asOf);
  try {
    await transactWrite([
      {
        Put: {
          TableName: config().SIFPM_TABLE,
          Item: { ...key, ...record },
          ConditionExpression: expectedVersion !== undefined ? 'version = :v' : 'attribute_not_exists(pk)',
          ...(expectedVersion !== undefined ? { ExpressionAttributeValues: { ':v': expectedVersion } } : {}),
        },
      },
      auditPut({ entity: key, actor, action: 'monitoring.tax-collection', after: record }),
      ...fresh.flatMap(raiseWrites),
      ...noticeWrites(fresh, now().toISOString()),
      ...stale.flatMap((f) => updateWrites(f, { status: 'resolved' }, { actor: SYSTEM, action: 'finding.resolve' })),
      ...((fresh[0] ?? stale[0])
        ? countWrites(record.year, (fresh[0] ?? stale[0])?.province as string, raisedAndResolved(fresh, stale))
        : []),
    ]);
  } catch (e) {
    if (isConditionFailure(e)) throw versionConflict({ ...key, version: expectedVersion ?? 0 }, e);
    throw e;
  }
}

/** Raise a finding on its own (an outlier the province is to verify); `false` when it was raised before. */
async function raiseFinding(finding: FindingRecord): Promise<boolean> {
  try {
    await transactWrite([
      ...raiseWrites(finding),
      ...noticeWrites([finding], finding.raisedAt),
      ...countWrites(finding.year, finding.province, findingCounts(finding)),
    ]);
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/**
 * Raise findings on their own, each once (outliers the province is to verify): one read finds those raised before,
 * which are not written again — a province's outliers are looked for on each of its regions' submissions.
 */
export async function raiseNewFindings(findings: FindingRecord[]): Promise<FindingRecord[]> {
  if (findings.length === 0) return [];
  const raisedBefore = new Set((await getRecords(findings)).map((item) => `${item.pk}|${item.sk}`));
  const raised: FindingRecord[] = [];
  for (const f of findings) if (!raisedBefore.has(`${f.pk}|${f.sk}`) && (await raiseFinding(f))) raised.push(f);
  return raised;
}

/**
 * A submission (created, or replacing `expectedVersion`), its period at the version read (marked submitted), the
 * findings it raises and those it resolves. A concurrent submission makes it a 409 VERSION_CONFLICT that writes
 * nothing.
 */
export async function saveSubmission(input: {
  period: PeriodRecord;
  late: boolean;
  action: string;
  actor: Actor;
  submission: Omit<SubmissionRecord, 'pk' | 'sk'>;
  expectedVersion: number | undefined;
  fresh: FindingRecord[];
  stale: FindingRecord[];
}): Promise<void> {
  const { period, late, action, actor, submission, expectedVersion, fresh, stale } = input;
  const { year, org, fund, asOf } = submission;
  const key = keys.submission(year, org, fund, asOf);
  const periodChanges = {
    status: 'submitted' as const,
    submittedAt: submission.submittedAt,
    late,
    ...indexKeys.period('done', period.due, org, fund, asOf),
  };
  const TableName = config().SIFPM_TABLE;
  try {
    await transactWrite([
      ...updateWrites(period, periodChanges, { actor, action }),
      {
        Put: {
          TableName,
          Item: {
            ...key,
            ...submission,
            ...indexKeys.submission(year, period.province, fund, asOf, org),
          },
          ConditionExpression: expectedVersion !== undefined ? 'version = :v' : 'attribute_not_exists(pk)',
          ...(expectedVersion !== undefined ? { ExpressionAttributeValues: { ':v': expectedVersion } } : {}),
        },
      },
      auditPut({ entity: key, actor, action: 'monitoring.submission', after: { version: submission.version } }),
      ...fresh.flatMap(raiseWrites),
      ...noticeWrites(fresh, now().toISOString()),
      ...stale.flatMap((f) => updateWrites(f, { status: 'resolved' }, { actor: SYSTEM, action: 'finding.resolve' })),
      ...countWrites(
        year,
        period.province,
        sum(
          delta(periodCounts(period), periodCounts({ ...period, status: 'submitted', late })),
          raisedAndResolved(fresh, stale),
        ),
      ),
    ]);
  } catch (e) {
    if (isConditionFailure(e)) throw versionConflict(period, e);
    throw e;
  }
}

// --- correction notices (整改通知) ---------------------------------------------------------------------------------

/**
 * The notice writes of findings being raised: each period's notice, created or (closed) opened again or (open) joined,
 * lists the new findings that go to correction. One Update per notice, in the transaction that raises the findings;
 * its deadline and wake are the first round's (`if_not_exists`), so a finding joining an open notice moves neither.
 */
function noticeWrites(findings: FindingRecord[], at: string): TransactItems {
  const byPeriod = new Map<string, FindingRecord[]>();
  for (const f of findings) {
    if (!f.correction || f.status !== 'correcting') continue;
    const k = `${f.pk}|${f.asOf}`;
    byPeriod.set(k, [...(byPeriod.get(k) ?? []), f]);
  }
  return [...byPeriod.values()].flatMap((group) => {
    const f = group[0] as FindingRecord;
    const key = keys.correctionNotice(f.year, f.org, f.fund, f.asOf);
    const due = group.map((g) => g.correction?.due as string).sort()[0] as string;
    const wake = noticeWake(due, Date.parse(at));
    const index = indexKeys.correctionNotice(f.year, f.province, wake, f.org, f.fund, f.asOf);
    const codes = group.map((g) => g.code);
    return [
      {
        Update: {
          TableName: config().SIFPM_TABLE,
          Key: key,
          UpdateExpression:
            'SET #codes = list_append(if_not_exists(#codes, :empty), :codes), #status = :open, #due = if_not_exists(#due, :due), #wake = if_not_exists(#wake, :wake), gsi1pk = :gpk, gsi1sk = if_not_exists(gsi1sk, :gsk), #year = :year, #org = :org, #fund = :fund, #province = :province, #asOf = :asOf ADD #version :one',
          ExpressionAttributeNames: {
            '#codes': 'codes',
            '#status': 'status',
            '#due': 'due',
            '#wake': 'wake',
            '#year': 'year',
            '#org': 'org',
            '#fund': 'fund',
            '#province': 'province',
            '#asOf': 'asOf',
            '#version': 'version',
          },
          ExpressionAttributeValues: {
            ':codes': codes,
            ':empty': [],
            ':open': 'open',
            ':due': due,
            ':wake': wake,
            ':gpk': index.gsi1pk,
            ':gsk': index.gsi1sk,
            ':year': f.year,
            ':org': f.org,
            ':fund': f.fund,
            ':province': f.province,
            ':asOf': f.asOf,
            ':one': 1,
          },
        },
      },
      auditPut({ entity: key, actor: SYSTEM, action: 'correction-notice.list', after: { codes } }),
    ];
  });
}

export const readNotice = (year: number, org: string, fund: string, asOf: string) =>
  read(CorrectionNotice, keys.correctionNotice(year, org, fund, asOf));
export const readNoticeAt = (key: Key) => read(CorrectionNotice, key);

/** A provincial unit's open notices whose wake has come by `until` (the tick). */
export async function dueNotices(year: number, unit: string, until: string): Promise<CorrectionNotice[]> {
  return (await queryAll(patterns.dueNotices(year, unit, until))).map((item) => CorrectionNotice.parse(item));
}

/**
 * A round of the notice closed (every finding it listed closed): it leaves the tick's index; its next finding opens a
 * new round. `false` when the notice changed meanwhile (a finding joined): the caller reads again.
 */
export async function closeNotice(notice: CorrectionNotice): Promise<boolean> {
  try {
    await transactWrite(
      updateWrites(
        notice,
        {
          status: 'closed',
          closes: (notice.closes ?? 0) + 1,
          codes: undefined,
          due: undefined,
          wake: undefined,
          escalatedAt: undefined,
          gsi1pk: undefined,
          gsi1sk: undefined,
        },
        { actor: SYSTEM, action: 'correction-notice.close' },
      ),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/**
 * The tick woke an open notice: its next wake, and — when it is escalated now — the escalation on the notice and on
 * each of its findings still uncorrected, all at the versions read. `false` when another tick got there first.
 */
export async function saveNoticeWake(
  notice: CorrectionNotice,
  wake: string,
  escalated: { at: string; findings: FindingRecord[] } | undefined,
): Promise<boolean> {
  const index = indexKeys.correctionNotice(notice.year, notice.province, wake, notice.org, notice.fund, notice.asOf);
  const actor = { id: 'system:monitoring-correction' };
  try {
    await transactWrite([
      ...updateWrites(
        notice,
        { wake, gsi1sk: index.gsi1sk, ...(escalated ? { escalatedAt: escalated.at } : {}) },
        { actor, action: escalated ? 'correction-notice.escalate' : 'correction-notice.remind' },
      ),
      ...(escalated?.findings ?? []).flatMap((f) =>
        updateWrites(
          f,
          { correction: { ...(f.correction as Correction), escalatedAt: escalated?.at } },
          { actor, action: 'finding.escalate' },
        ),
      ),
      ...countWrites(
        notice.year,
        notice.province,
        sum(
          ...(escalated?.findings ?? []).map((f) =>
            findingDelta(f, { correction: { ...(f.correction as Correction), escalatedAt: escalated?.at } }),
          ),
        ),
      ),
    ]);
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/** An evidence file arrived for a correction response: the correction with it, audited as its uploader's act. */
export async function saveCorrectionEvidence(finding: FindingRecord, correction: Correction, actor: Actor) {
  await updateRecord(finding, { correction }, { actor, action: 'finding.evidence' });
}

/** The writes of a decision on a notice: each finding's new status and correction at the version read, and the counters. */
export function findingDecisionWrites(
  changes: {
    finding: FindingRecord;
    to: Pick<FindingRecord, 'status' | 'correction'>;
    audit: { actor: Actor; action: string; comment?: string };
  }[],
): TransactItems {
  const first = changes[0]?.finding;
  return [
    ...changes.flatMap((c) => updateWrites(c.finding, c.to, c.audit)),
    ...(first
      ? countWrites(first.year, first.province, sum(...changes.map((c) => findingDelta(c.finding, c.to))))
      : []),
  ];
}

// --- everything of a region's monitoring, and a province's -------------------------------------------------------

/** Everything of one region's monitoring of one fund, by kind (in the partition's order). */
export async function readMonitoring(year: number, org: string, fund: string) {
  const items = await queryAll(patterns.monitoring(year, org, fund));
  const of = (kind: ReturnType<typeof monitoringItemKind>) =>
    items.filter((item) => monitoringItemKind(String(item.sk)) === kind);
  return {
    monitor: of('monitor').map((item) => MonitorRecord.parse(item))[0],
    periods: of('period').map((item) => PeriodRecord.parse(item)),
    submissions: of('submission').map((item) => SubmissionRecord.parse(item)),
    findings: of('finding').map((item) => FindingRecord.parse(item)),
    notices: of('notice').map((item) => CorrectionNotice.parse(item)),
  };
}

/** Everything in a provincial unit's monitoring index, by kind (in the index's order). */
export async function readProvinceMonitoring(year: number, province: string) {
  const items = await queryAll(patterns.provinceMonitoring(year, province));
  const of = (kind: ReturnType<typeof provinceMonitoringItemKind>) =>
    items.filter((item) => provinceMonitoringItemKind(String(item.gsi1sk)) === kind);
  return {
    monitors: of('monitor').map((item) => MonitorRecord.parse(item)),
    periods: of('period').map((item) => PeriodRecord.parse(item)),
    findings: of('finding').map((item) => FindingRecord.parse(item)),
  };
}

// --- template uploads ----------------------------------------------------------------------------------------------

type UploadRef = { year: number; org: string; fund: string; asOf: string; id: string };
const uploadKey = (u: UploadRef) => keys.monitoringUpload(u.year, u.org, u.fund, u.asOf, u.id);

/** Remember an upload slot's object key and its uploader, waiting for the upload. */
export async function createUpload(
  ref: UploadRef,
  fields: { key: string; uploader: string; createdAt: string },
  actor: Actor,
) {
  await createRecord(
    { ...uploadKey(ref), key: fields.key, uploader: fields.uploader, status: 'waiting', createdAt: fields.createdAt },
    { actor, action: 'monitoring.upload-slot' },
  );
}

export const readUpload = (ref: UploadRef) => read(UploadRecord, uploadKey(ref));

/** An upload's outcome: accepted, or refused with its errors. */
export async function settleUpload(
  upload: UploadRecord,
  outcome: { status: Exclude<UploadStatus, 'waiting'>; errors: UploadError[] },
): Promise<void> {
  await updateRecord(upload, outcome, { actor: { id: 'system:monitoring-upload' }, action: 'monitoring.upload' });
}

/** A period's template uploads. */
export async function periodUploads(year: number, org: string, fund: string, asOf: string): Promise<UploadRecord[]> {
  return (await queryAll(patterns.periodUploads(year, org, fund, asOf))).map((item) => UploadRecord.parse(item));
}
