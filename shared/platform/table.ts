/**
 * The single table: its key schema and every access pattern, in one place (DESIGN §4).
 * The CDK stack and the local default both create the table from `TABLE_DEFINITION`.
 *
 * | entity            | pk                         | sk                                   | gsi1pk          | gsi1sk                              |
 * |-------------------|----------------------------|--------------------------------------|-----------------|-------------------------------------|
 * | cycle             | CYCLE#<year>               | CYCLE                                | CYCLES          | <year>                              |
 * | work item         | CYCLE#<year>               | ITEM#<org>#<kind>#<fund>             | ORG#<org>       | CYCLE#<year>#<kind>#<fund>          |
 * | notice (sent mail)| CYCLE#<year>               | NOTICE#<kind>#<org>                  | —               | —                                   |
 * | digest entry      | DIGESTS                    | <person>#<at>#<action hash>          | —               | —                                   |
 * | audit entry       | AUDIT#<entity pk>#<entity sk> | ENTRY#<seq, 10 digits>             | —               | —                                   |
 * | audit chain head  | AUDIT#<entity pk>#<entity sk> | HEAD                               | —               | —                                   |
 * | document          | DOC#<object key>           | DOC                                  | —               | —                                   |
 * | monitoring config | CYCLE#<year>               | MONITORCONFIG                        | —               | —                                   |
 * | monitor (region×fund) | MON#<year>#<org>#<fund> | MONITOR                             | MON#<year>#<P>  | MONITOR#<org>#<fund>                |
 * | monitoring period | MON#<year>#<org>#<fund>    | PERIOD#<asOf>                        | MON#<year>#<P>  | PERIOD#<state>#<due>#<org>#<fund>#<asOf> |
 * | submission        | MON#<year>#<org>#<fund>    | SUBMISSION#<asOf>                    | —               | —                                   |
 * | tax collection    | MON#<year>#<org>#<fund>    | TAX#<asOf>                           | —               | —                                   |
 * | finding           | MON#<year>#<org>#<fund>    | FINDING#<asOf>#<code>                | MON#<year>#<P>  | FINDING#<org>#<fund>#<asOf>#<code>  |
 * | monitoring counts | MON#<year>#<P>             | COUNTS                               | —               | —                                   |
 * | correction notice | MON#<year>#<org>#<fund>    | CORRNOTICE#<asOf>                    | MON#<year>#<P>  | CORRNOTICE#<wake>#<org>#<fund>#<asOf> (open only) |
 * | publication       | CYCLE#<year>               | PUBLICATION                          | PUBLICATIONS    | <year>                              |
 * | province's publication | CYCLE#<year>          | PUBLICATION#<province>               | PUBLICATIONS    | <year>#<province>                   |
 *
 * A second index, gsi2, holds a provincial unit's items of one kind in a cycle: a self-evaluation (a work item above)
 * also carries gsi2pk `CYCLE#<year>#PROV#<P>`, gsi2sk `<kind>#<org>#<fund>`; a monitoring submission carries gsi2sk
 * `submission#<fund>#<asOf>#<org>`, so that one period's submissions of a fund across a province are one Query.
 *
 * Access patterns (each a GetItem or a Query; no Scan on a request path):
 * - a cycle by year: GetItem(CYCLE#y, CYCLE)
 * - all cycles: Query gsi1 CYCLES
 * - the years that have published (the public page): Query gsi1 PUBLICATIONS
 * - a cycle's work items (central dashboard): Query CYCLE#y begins_with ITEM#
 * - one organisation's work items in a cycle: Query gsi1 ORG#o begins_with CYCLE#y#
 * - a province's self-evaluations (its regions' and its own; the provincial evaluation, assessment, publication):
 *   Query gsi2 CYCLE#y#PROV#P begins_with self-evaluation#
 * - an entity's audit trail (timeline): Query AUDIT#<pk>#<sk>
 * - the task mails waiting for the daily digest: Query DIGESTS
 * - monitoring of one region and fund (periods, submissions, findings; later the self-evaluation reads it):
 *   Query MON#y#org#fund (begins_with PERIOD# / SUBMISSION# / FINDING#<asOf>#)
 * - a province's monitoring summary: GetItem(MON#y#P, COUNTS) (counters kept in the transactions they count)
 * - a province's monitors, and its findings: Query gsi1 MON#y#P begins_with MONITOR# / FINDING#
 * - a province's periods past due without a submission (the tick): Query gsi1 MON#y#P,
 *   gsi1sk BETWEEN PERIOD#open# AND PERIOD#open#<now> (<state> is open → late | done once flagged or submitted)
 * - a province's open correction notices whose reminder or deadline has come (the tick): Query gsi1 MON#y#P,
 *   gsi1sk BETWEEN CORRNOTICE# AND CORRNOTICE#<now> (sparse: a closed notice leaves the index)
 *   (<P> = the provincial unit; <asOf> = the period's YYYY-MM-DD as-of date)
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  gsi2: { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
} as const;

export const TABLE_DEFINITION = {
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
    { AttributeName: 'gsi1pk', AttributeType: 'S' },
    { AttributeName: 'gsi1sk', AttributeType: 'S' },
    { AttributeName: 'gsi2pk', AttributeType: 'S' },
    { AttributeName: 'gsi2sk', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: 'gsi1',
      KeySchema: [
        { AttributeName: 'gsi1pk', KeyType: 'HASH' },
        { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
    {
      IndexName: 'gsi2',
      KeySchema: [
        { AttributeName: 'gsi2pk', KeyType: 'HASH' },
        { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
  BillingMode: 'PAY_PER_REQUEST',
} as const;

export interface Key {
  pk: string;
  sk: string;
}

/** What a named query hands to `queryAll`: the key condition and its values (no table name). */
export interface QueryPattern {
  IndexName?: 'gsi1' | 'gsi2';
  KeyConditionExpression: string;
  ExpressionAttributeValues: Record<string, string>;
  ScanIndexForward?: boolean;
}

const actionSortKey = (state: string, at: string) => `${state}#${at}`;
const CYCLES = 'CYCLES';
const PUBLICATIONS = 'PUBLICATIONS';
const DIGESTS = 'DIGESTS';
const orgPartition = (org: string) => `ORG#${org}`;
/** the prefix of every audit partition (the audit check scans for it) */
export const AUDIT = 'AUDIT#';
const monitorPartition = (year: number, org: string, fund: string) => `MON#${year}#${org}#${fund}`;
const provinceMonitoring = (year: number, province: string) => `MON#${year}#${province}`;
const provinceItems = (year: number, province: string) => `CYCLE#${year}#PROV#${province}`;

/** Every key of every entity: the only place a key prefix is written. */
export const keys = {
  cycle: (year: number): Key => ({ pk: `CYCLE#${year}`, sk: 'CYCLE' }),
  workItem: (year: number, org: string, kind: string, fund: string): Key => ({
    pk: `CYCLE#${year}`,
    sk: `ITEM#${org}#${kind}#${fund}`,
  }),
  notice: (year: number, kind: string, org: string): Key => ({ pk: `CYCLE#${year}`, sk: `NOTICE#${kind}#${org}` }),
  /** a notice kept beside its record (`<entity pk>` / `NOTICE#<what>`), e.g. feedback on one self-evaluation */
  noticeOn: (entity: Key, what: string): Key => ({ pk: entity.pk, sk: `NOTICE#${what}` }),
  auditPartition: (entity: Key): string => `${AUDIT}${entity.pk}#${entity.sk}`,
  /** entry `seq` of an entity's audit chain (platform/audit.ts) */
  auditEntry: (partition: string, seq: number): Key => ({
    pk: partition,
    sk: `ENTRY#${String(seq).padStart(10, '0')}`,
  }),
  /** the head of an entity's audit chain: its last `seq` and `hash` */
  auditHead: (partition: string): Key => ({ pk: partition, sk: 'HEAD' }),
  /** an uploaded document's inspection, by its object key */
  document: (objectKey: string): Key => ({ pk: `DOC#${objectKey}`, sk: 'DOC' }),
  monitorConfig: (year: number): Key => ({ pk: `CYCLE#${year}`, sk: 'MONITORCONFIG' }),
  monitor: (year: number, org: string, fund: string): Key => ({ pk: monitorPartition(year, org, fund), sk: 'MONITOR' }),
  period: (year: number, org: string, fund: string, asOf: string): Key => ({
    pk: monitorPartition(year, org, fund),
    sk: `PERIOD#${asOf}`,
  }),
  submission: (year: number, org: string, fund: string, asOf: string): Key => ({
    pk: monitorPartition(year, org, fund),
    sk: `SUBMISSION#${asOf}`,
  }),
  finding: (year: number, org: string, fund: string, asOf: string, code: string): Key => ({
    pk: monitorPartition(year, org, fund),
    sk: `FINDING#${asOf}#${code}`,
  }),
  /** a provincial unit's monitoring counters (the summary reads this one record; `monitoring/counts.ts`) */
  monitoringCounts: (year: number, province: string): Key => ({ pk: provinceMonitoring(year, province), sk: 'COUNTS' }),
  /** the correction notice (整改通知) of one region × fund × period: the findings it lists are answered inside it */
  correctionNotice: (year: number, org: string, fund: string, asOf: string): Key => ({
    pk: monitorPartition(year, org, fund),
    sk: `CORRNOTICE#${asOf}`,
  }),
  /** the contributions the tax department collected in a region × fund by a period's as-of date (第五条) */
  taxCollection: (year: number, org: string, fund: string, asOf: string): Key => ({
    pk: monitorPartition(year, org, fund),
    sk: `TAX#${asOf}`,
  }),
  /** a monitoring template upload's outcome */
  monitoringUpload: (year: number, org: string, fund: string, asOf: string, id: string): Key => ({
    pk: monitorPartition(year, org, fund),
    sk: `UPLOAD#${asOf}#${id}`,
  }),
  /** an approved target version, locked when issued */
  targetVersion: (target: Key, org: string, fund: string, version: number): Key => ({
    pk: target.pk,
    sk: `TARGETVERSION#${org}#${fund}#${String(version).padStart(3, '0')}`,
  }),
  centralTarget: (year: number, fund: string): Key => ({ pk: `CYCLE#${year}`, sk: `CENTRALTARGET#${fund}` }),
  budget: (year: number, org: string, fund: string): Key => ({ pk: `CYCLE#${year}`, sk: `BUDGET#${org}#${fund}` }),
  publication: (year: number): Key => ({ pk: `CYCLE#${year}`, sk: 'PUBLICATION' }),
  /** a province's own publication of a year (第二十一条: every level discloses) */
  provincePublication: (year: number, province: string): Key => ({
    pk: `CYCLE#${year}`,
    sk: `PUBLICATION#${province}`,
  }),
  /** a third party's delegation of one item */
  delegation: (delegate: string, year: number, org: string, fund: string): Key => ({
    pk: `DELEGATE#${delegate}`,
    sk: `${year}#${org}#${fund}`,
  }),
  /** a person of the staff directory */
  person: (id: string): Key => ({ pk: `PERSON#${id}`, sk: 'PERSON' }),
  /** the claim of an e-mail address by one person (addresses are unique in the directory) */
  personEmail: (email: string): Key => ({ pk: `EMAIL#${email.toLowerCase()}`, sk: 'EMAIL' }),
  /** the record that the directory's seed was written (the local default) */
  directorySeed: (): Key => ({ pk: 'DIRECTORY', sk: 'SEED' }),
  /** the record of one completed import of an Excel staff list, by the SHA-256 of the file */
  directoryImport: (sha: string): Key => ({ pk: `DIRECTORY#IMPORT#${sha}`, sk: 'IMPORT' }),
  /** a task mail waiting for its person's daily digest (one partition: the digest run reads it whole, then empties it) */
  digestEntry: (person: string, at: string, hash: string): Key => ({ pk: DIGESTS, sk: `${person}#${at}#${hash}` }),
  /** a human task's action, by the SHA-256 of its id */
  action: (hash: string): Key => ({ pk: `ACTION#${hash}`, sk: 'ACTION' }),
  /** the pointer from a record to its open task */
  openTask: (record: Key): Key => ({ pk: record.pk, sk: `OPENTASK#${record.sk}` }),
  /** a workflow's token waiting for a record, kept beside it */
  wait: (record: Key, purpose: string): Key => ({ pk: record.pk, sk: `WAIT#${purpose}#${record.sk}` }),
  /** gsi1 partition of a provincial unit's monitoring */
  provinceMonitoring,
  /** how a cycle's results inform the next arrangement (结果应用规则, 第二十条) */
  resultsRules: (year: number): Key => ({ pk: `CYCLE#${year}`, sk: 'RESULTSRULES' }),
  /** the use of one region × fund's result of a cycle: the administration's proposal, finance's decision */
  resultUse: (year: number, org: string, fund: string): Key => ({
    pk: `CYCLE#${year}`,
    sk: `RESULTUSE#${org}#${fund}`,
  }),
  /** gsi2 partition of a provincial unit's items in a cycle */
  provinceItems,
  /** a province's implementation rules for a cycle (第二十四条): the working record */
  provincialRules: (year: number, province: string): Key => ({ pk: `CYCLE#${year}`, sk: `RULES#${province}` }),
  /** an issued version of a province's rules, locked */
  provincialRulesVersion: (year: number, province: string, version: number): Key => ({
    pk: `CYCLE#${year}`,
    sk: `RULESVERSION#${province}#${String(version).padStart(3, '0')}`,
  }),
};

/** The secondary-index keys an entity carries: the only place a GSI key is written. */
export const indexKeys = {
  cycle: (year: number) => ({ gsi1pk: CYCLES, gsi1sk: String(year) }),
  publication: (year: number) => ({ gsi1pk: PUBLICATIONS, gsi1sk: String(year) }),
  provincePublication: (year: number, province: string) => ({ gsi1pk: PUBLICATIONS, gsi1sk: `${year}#${province}` }),
  /** a work item in its organisation's list (`fund` is `ALL` for items of the whole unit) */
  workItem: (year: number, org: string, kind: string, fund: string) => ({
    gsi1pk: orgPartition(org),
    gsi1sk: `CYCLE#${year}#${kind}#${fund}`,
  }),
  /** a work item in its provincial unit's list of one kind (gsi2) */
  provinceItem: (year: number, province: string, kind: string, org: string, fund: string) => ({
    gsi2pk: provinceItems(year, province),
    gsi2sk: `${kind}#${org}#${fund}`,
  }),
  monitor: (year: number, province: string, org: string, fund: string) => ({
    gsi1pk: provinceMonitoring(year, province),
    gsi1sk: `MONITOR#${org}#${fund}`,
  }),
  /** a period's sort key by state: `open` until due, then `late` once flagged, `done` once submitted */
  period: (state: 'open' | 'late' | 'done', due: string, org: string, fund: string, asOf: string) => ({
    gsi1sk: `PERIOD#${state}#${due}#${org}#${fund}#${asOf}`,
  }),
  periodIn: (year: number, province: string) => ({ gsi1pk: provinceMonitoring(year, province) }),
  /** a submission among its provincial unit's submissions of the same fund and period (gsi2) */
  submission: (year: number, province: string, fund: string, asOf: string, org: string) => ({
    gsi2pk: provinceItems(year, province),
    gsi2sk: `submission#${fund}#${asOf}#${org}`,
  }),
  finding: (year: number, province: string, org: string, fund: string, asOf: string, code: string) => ({
    gsi1pk: provinceMonitoring(year, province),
    gsi1sk: `FINDING#${org}#${fund}#${asOf}#${code}`,
  }),
  /** an open correction notice in its provincial unit's index, by when the tick next wakes it (reminder, deadline) */
  correctionNotice: (year: number, province: string, wake: string, org: string, fund: string, asOf: string) => ({
    gsi1pk: provinceMonitoring(year, province),
    gsi1sk: `CORRNOTICE#${wake}#${org}#${fund}#${asOf}`,
  }),
  /** a person in their organisation's staff list (gsi1), and under the subject their issuer signs in as (gsi2) */
  person: (org: string, department: string, id: string, subject?: string) => ({
    gsi1pk: orgPartition(org),
    gsi1sk: `STAFF#${department}#${id}`,
    ...(subject ? { gsi2pk: `SUBJECT#${subject}`, gsi2sk: 'PERSON' } : {}),
  }),
  /** an open action in its candidate group's list */
  openAction: (group: string, at: string) => ({ gsi1pk: `TASKS#${group}`, gsi1sk: actionSortKey('open', at) }),
  /** an action's sort key in its group's list once it is no longer open */
  closedAction: (state: 'used' | 'superseded', at: string) => ({ gsi1sk: actionSortKey(state, at) }),
};

/** The budget year an entity belongs to, read from its key (`CYCLE#y`, `MON#y#…`, `<y>#…`, `…/y/…`), if any. */
export function yearOfEntity(entity: Key): number | undefined {
  const m = /(?:^|[#/])(\d{4})(?:[#/]|$)/.exec(`${entity.pk}#${entity.sk}`);
  return m ? Number(m[1]) : undefined;
}

/** What an item of a monitoring partition is, by its sort key. */
export function monitoringItemKind(
  sk: string,
): 'monitor' | 'period' | 'submission' | 'finding' | 'upload' | 'tax' | 'notice' | 'other' {
  if (sk === 'MONITOR') return 'monitor';
  if (sk.startsWith('TAX#')) return 'tax';
  if (sk.startsWith('PERIOD#')) return 'period';
  if (sk.startsWith('SUBMISSION#')) return 'submission';
  if (sk.startsWith('FINDING#')) return 'finding';
  if (sk.startsWith('UPLOAD#')) return 'upload';
  if (sk.startsWith('CORRNOTICE#')) return 'notice';
  return 'other';
}

/** What an item of a province's monitoring index is, by its gsi1 sort key. */
export function provinceMonitoringItemKind(gsi1sk: string): 'monitor' | 'period' | 'finding' | 'other' {
  if (gsi1sk.startsWith('MONITOR#')) return 'monitor';
  if (gsi1sk.startsWith('PERIOD#')) return 'period';
  if (gsi1sk.startsWith('FINDING#')) return 'finding';
  return 'other';
}

const partition = (pk: string): QueryPattern => ({
  KeyConditionExpression: 'pk = :p',
  ExpressionAttributeValues: { ':p': pk },
});
const prefixed = (pk: string, prefix: string): QueryPattern => ({
  KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
  ExpressionAttributeValues: { ':p': pk, ':s': prefix },
});
const gsi1 = (pk: string, prefix?: string): QueryPattern =>
  prefix === undefined
    ? { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': pk } }
    : {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :s)',
        ExpressionAttributeValues: { ':p': pk, ':s': prefix },
      };

/** The named queries: every access pattern of the table (the only place a `KeyConditionExpression` is written). */
export const patterns = {
  /** all cycles, newest first */
  cycles: (): QueryPattern => ({ ...gsi1(CYCLES), ScanIndexForward: false }),
  /** every cycle (the monitoring tick), oldest first */
  everyCycle: (): QueryPattern => gsi1(CYCLES),
  /** the years that have published, newest first */
  publications: (): QueryPattern => ({ ...gsi1(PUBLICATIONS), ScanIndexForward: false }),
  /** a cycle's work items; `orgPrefix` narrows them to organisations whose code starts so */
  cycleItems: (year: number, orgPrefix = ''): QueryPattern => prefixed(`CYCLE#${year}`, `ITEM#${orgPrefix}`),
  /** an organisation's work items in a cycle, of one kind if given */
  orgItems: (org: string, year: number, kind?: string): QueryPattern =>
    gsi1(orgPartition(org), kind === undefined ? `CYCLE#${year}#` : `CYCLE#${year}#${kind}#`),
  /** a provincial unit's items of one kind (gsi2) */
  provinceItems: (year: number, province: string, kind: string): QueryPattern => ({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :p AND begins_with(gsi2sk, :s)',
    ExpressionAttributeValues: { ':p': provinceItems(year, province), ':s': `${kind}#` },
  }),
  /** a cycle's result uses (proposals and decisions), of organisations whose code starts with `orgPrefix` */
  resultUses: (year: number, orgPrefix = ''): QueryPattern => prefixed(`CYCLE#${year}`, `RESULTUSE#${orgPrefix}`),
  /** an entity's audit trail */
  auditTrail: (entity: Key): QueryPattern => prefixed(keys.auditPartition(entity), 'ENTRY#'),
  /** everything of one region's monitoring of one fund */
  monitoring: (year: number, org: string, fund: string): QueryPattern => partition(monitorPartition(year, org, fund)),
  /** one region's submissions of one fund in a cycle, oldest first */
  submissions: (year: number, org: string, fund: string): QueryPattern =>
    prefixed(monitorPartition(year, org, fund), 'SUBMISSION#'),
  /** a provincial unit's submissions of one fund for one period (gsi2) */
  periodSubmissions: (year: number, province: string, fund: string, asOf: string): QueryPattern => ({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :p AND begins_with(gsi2sk, :s)',
    ExpressionAttributeValues: { ':p': provinceItems(year, province), ':s': `submission#${fund}#${asOf}#` },
  }),
  /** the findings of one period */
  periodFindings: (year: number, org: string, fund: string, asOf: string): QueryPattern =>
    prefixed(monitorPartition(year, org, fund), `FINDING#${asOf}#`),
  /** the template uploads of one period */
  periodUploads: (year: number, org: string, fund: string, asOf: string): QueryPattern =>
    prefixed(monitorPartition(year, org, fund), `UPLOAD#${asOf}#`),
  /** everything in a provincial unit's monitoring index (the summary) */
  provinceMonitoring: (year: number, province: string): QueryPattern => gsi1(provinceMonitoring(year, province)),
  /** a provincial unit's monitors, of one organisation if given */
  provinceMonitors: (year: number, province: string, org?: string): QueryPattern =>
    gsi1(provinceMonitoring(year, province), org === undefined ? 'MONITOR#' : `MONITOR#${org}#`),
  /** a provincial unit's periods due by `until` and still open (no submission, not yet flagged) */
  overduePeriods: (year: number, province: string, until: string): QueryPattern => ({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :a AND :b',
    ExpressionAttributeValues: {
      ':p': provinceMonitoring(year, province),
      ':a': 'PERIOD#open#',
      ':b': `PERIOD#open#${until}`,
    },
  }),
  /** a provincial unit's open correction notices the tick is to wake by `until` (a reminder, the deadline) */
  dueNotices: (year: number, province: string, until: string): QueryPattern => ({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :a AND :b',
    ExpressionAttributeValues: {
      ':p': provinceMonitoring(year, province),
      ':a': 'CORRNOTICE#',
      ':b': `CORRNOTICE#${until}`,
    },
  }),
  /** an organisation's staff, of one department if given */
  staff: (org: string, department?: string): QueryPattern =>
    gsi1(orgPartition(org), department === undefined ? 'STAFF#' : `STAFF#${department}#`),
  /** the person a subject of the issuer signs in as */
  personBySubject: (subject: string): QueryPattern => ({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :p',
    ExpressionAttributeValues: { ':p': `SUBJECT#${subject}` },
  }),
  /** every task mail waiting for a daily digest, by person and time */
  digests: (): QueryPattern => partition(DIGESTS),
  /** the open tasks of a candidate group, oldest first */
  groupTasks: (group: string): QueryPattern => gsi1(`TASKS#${group}`, 'open#'),
  /** a third party's delegations in a year */
  delegations: (delegate: string, year: number): QueryPattern => prefixed(`DELEGATE#${delegate}`, `${year}#`),
  /** every province's implementation rules of a cycle (第二十四条) */
  provincialRules: (year: number): QueryPattern => prefixed(`CYCLE#${year}`, 'RULES#'),
};
