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
 *
 * Access patterns (each a GetItem or a Query; no Scan on a request path):
 * - a cycle by year: GetItem(CYCLE#y, CYCLE)
 * - all cycles: Query gsi1 CYCLES
 * - a cycle's work items (central dashboard): Query CYCLE#y begins_with ITEM#
 * - one organisation's work items in a cycle: Query gsi1 ORG#o begins_with CYCLE#y#
 * - an entity's audit trail (timeline): Query AUDIT#<pk>#<sk>
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
} as const;

export const TABLE_DEFINITION = {
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
    { AttributeName: 'gsi1pk', AttributeType: 'S' },
    { AttributeName: 'gsi1sk', AttributeType: 'S' },
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
};
