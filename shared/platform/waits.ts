import { InvalidToken, SendTaskSuccessCommand, TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { aws } from '#shared/platform/aws';
import { config } from '#shared/platform/config';
import type { Key } from '#shared/platform/table';
import { keys } from '#shared/platform/table';

/**
 * A workflow waiting for a record to change (a callback task with no person behind it: "until the report is
 * uploaded", "until every region has submitted"). The token is kept beside the record, not on it, so that the
 * workflow's waiting never races the record's own versioned changes; whoever changes the record resumes it.
 */
const waitKey = (record: Key, purpose: string): Key => keys.wait(record, purpose);

export async function waitFor(record: Key, purpose: string, token: string): Promise<void> {
  await aws().ddb.send(
    new PutCommand({ TableName: config().SIFPM_TABLE, Item: { ...waitKey(record, purpose), token } }),
  );
}

/** Resume whoever waits on the record for this purpose, if anyone. A token that no longer waits is ignored. */
export async function resumeWaiting(record: Key, purpose: string, output: unknown = {}): Promise<void> {
  const { Item } = await aws().ddb.send(
    new GetCommand({ TableName: config().SIFPM_TABLE, Key: waitKey(record, purpose), ConsistentRead: true }),
  );
  if (!Item) return;
  await resumeToken(Item.token as string, output);
  await aws().ddb.send(new DeleteCommand({ TableName: config().SIFPM_TABLE, Key: waitKey(record, purpose) }));
}

/** Complete a callback task now; the workflow reads its record next, whatever became of the token. */
export async function resumeToken(token: string, output: unknown = {}): Promise<void> {
  try {
    await aws().sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
  } catch (e) {
    if (!(e instanceof TaskDoesNotExist || e instanceof TaskTimedOut || e instanceof InvalidToken)) throw e;
  }
}
