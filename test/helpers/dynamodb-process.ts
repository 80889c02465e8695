/**
 * The local DynamoDB front alone, as a process of its own on a data folder (argv[2]): for the crash tests, which kill
 * it with `SIFPM_LOCAL_CRASH_AT` and start it again. Prints its endpoint once it listens.
 */
import { startLocalDynamoDb } from '#local/dynamodb';

const db = await startLocalDynamoDb({ path: process.argv[2] as string });
console.log(`endpoint ${db.endpoint}`);
process.on('SIGTERM', async () => {
  await db.close();
  process.exit(0);
});
