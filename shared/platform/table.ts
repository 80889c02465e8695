/**
 * The single table: its key schema and every access pattern, in one place (DESIGN §4).
 * The CDK stack and the local default both create the table from `TABLE_DEFINITION`.
 *
 * | entity            | pk                         | sk                                   | gsi1pk          | gsi1sk                              |
 * |-------------------|----------------------------|--------------------------------------|-----------------|-------------------------------------|
 * | cycle             | CYCLE#<year>               | CYCLE                                | CYCLES          | <year>                              |
 * | work item         | CYCLE#<year>               | ITEM#<org>#<kind>#<fund>             | ORG#<org>       | CYCLE#<year>#<kind>#<fund>          |
 * | notice (sent mail)| CYCLE#<year>               | NOTICE#<kind>#<org>                  | —               | —                                   |
 * | audit entry       | AUDIT#<entity pk>#<entity sk> | <ISO instant>#<random>             | —               | —                                   |
 * | document          | DOC#<object key>           | DOC                                  | —               | —                                   |
 * | monitoring config | CYCLE#<year>               | MONITORCONFIG                        | —               | —                                   |
 * | monitor (region×fund) | MON#<year>#<org>#<fund> | MONITOR                             | MON#<year>#<P>  | MONITOR#<org>#<fund>                |
 * | monitoring period | MON#<year>#<org>#<fund>    | PERIOD#<asOf>                        | MON#<year>#<P>  | PERIOD#<state>#<due>#<org>#<fund>#<asOf> |
 * | submission        | MON#<year>#<org>#<fund>    | SUBMISSION#<asOf>                    | —               | —                                   |
 * | finding           | MON#<year>#<org>#<fund>    | FINDING#<asOf>#<code>                | MON#<year>#<P>  | FINDING#<org>#<fund>#<asOf>#<code>  |
 * | publication       | CYCLE#<year>               | PUBLICATION                          | PUBLICATIONS    | <year>                              |
 *
 * A second index, gsi2, holds a provincial unit's items of one kind in a cycle: a self-evaluation (a work item above)
 * also carries gsi2pk `CYCLE#<year>#PROV#<P>`, gsi2sk `<kind>#<org>#<fund>`.
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
 * - monitoring of one region and fund (periods, submissions, findings; later the self-evaluation reads it):
 *   Query MON#y#org#fund (begins_with PERIOD# / SUBMISSION# / FINDING#<asOf>#)
 * - a province's monitors, and its findings (the summary): Query gsi1 MON#y#P begins_with MONITOR# / FINDING#
 * - a province's periods past due without a submission (the tick): Query gsi1 MON#y#P,
 *   gsi1sk BETWEEN PERIOD#open# AND PERIOD#open#<now> (<state> is open → late | done once flagged or submitted)
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

export const keys = {
  cycle: (year: number): Key => ({ pk: `CYCLE#${year}`, sk: 'CYCLE' }),
  workItem: (year: number, org: string, kind: string, fund: string): Key => ({
    pk: `CYCLE#${year}`,
    sk: `ITEM#${org}#${kind}#${fund}`,
  }),
  notice: (year: number, kind: string, org: string): Key => ({ pk: `CYCLE#${year}`, sk: `NOTICE#${kind}#${org}` }),
  auditPartition: (entity: Key): string => `AUDIT#${entity.pk}#${entity.sk}`,
  /** an uploaded document's inspection, by its object key */
  document: (objectKey: string): Key => ({ pk: `DOC#${objectKey}`, sk: 'DOC' }),
  monitorConfig: (year: number): Key => ({ pk: `CYCLE#${year}`, sk: 'MONITORCONFIG' }),
  monitor: (year: number, org: string, fund: string): Key => ({ pk: `MON#${year}#${org}#${fund}`, sk: 'MONITOR' }),
  period: (year: number, org: string, fund: string, asOf: string): Key => ({
    pk: `MON#${year}#${org}#${fund}`,
    sk: `PERIOD#${asOf}`,
  }),
  submission: (year: number, org: string, fund: string, asOf: string): Key => ({
    pk: `MON#${year}#${org}#${fund}`,
    sk: `SUBMISSION#${asOf}`,
  }),
  finding: (year: number, org: string, fund: string, asOf: string, code: string): Key => ({
    pk: `MON#${year}#${org}#${fund}`,
    sk: `FINDING#${asOf}#${code}`,
  }),
  /** gsi1 partition of a provincial unit's monitoring */
  provinceMonitoring: (year: number, province: string): string => `MON#${year}#${province}`,
  /** gsi2 partition of a provincial unit's items in a cycle */
  provinceItems: (year: number, province: string): string => `CYCLE#${year}#PROV#${province}`,
};
