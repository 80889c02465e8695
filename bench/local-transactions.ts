/**
 * `npx tsx bench/local-transactions.ts [n]`: the local DynamoDB front's TransactWriteItems as the transactions pile
 * up (figures, no assertions). n transactions of two conditional Puts each, 20 at a time, through the SDK (which gives
 * each its ClientRequestToken, remembered 10 minutes); prints transactions per second for each tenth of the run, so a
 * cost that grows with what was written before shows as a falling rate.
 */
import { DynamoDBClient, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { ensureTable, startLocalDynamoDb } from '#local/dynamodb';

const n = Number(process.argv[2] ?? 20_000);
const db = await startLocalDynamoDb();
const TableName = 'bench';
await ensureTable(db.endpoint, {
  TableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
});
const client = new DynamoDBClient({
  endpoint: db.endpoint,
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const put = (pk: string, sk: string) => ({
  Put: { TableName, Item: { pk: { S: pk }, sk: { S: sk } }, ConditionExpression: 'attribute_not_exists(pk)' },
});
const tenth = Math.ceil(n / 10);
let next = 0;
const rates: string[] = [];
let mark = performance.now();
let done = 0;
async function worker() {
  while (next < n) {
    const i = next++;
    await client.send(new TransactWriteItemsCommand({ TransactItems: [put(`P#${i}`, 'A'), put(`P#${i}`, 'B')] }));
    if (++done % tenth === 0) {
      const now = performance.now();
      rates.push(((tenth / (now - mark)) * 1000).toFixed(0));
      mark = now;
    }
  }
}
const t0 = performance.now();
await Promise.all(Array.from({ length: 20 }, worker));
const secs = (performance.now() - t0) / 1000;
console.log(`${n} transactions in ${secs.toFixed(1)} s (${(n / secs).toFixed(0)}/s); per tenth: ${rates.join(' ')} /s`);
await db.close();
