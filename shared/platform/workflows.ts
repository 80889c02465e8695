import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { aws } from '#shared/platform/aws';
import { stateMachineArn } from '#shared/platform/config';

/**
 * The workflow port: starting a state machine's execution and reading where one stands. Execution names are the
 * idempotency keys (the same name and input return the existing execution); the machines are named in the manifest.
 */

/** Start an execution; `ExecutionAlreadyExists` (same name, another input) propagates. */
export async function startExecution(machine: string, name: string, input: unknown): Promise<string> {
  await aws().sfn.send(
    new StartExecutionCommand({ stateMachineArn: stateMachineArn(machine), name, input: JSON.stringify(input) }),
  );
  return name;
}

/** Start an execution unless one of that name exists already. */
export async function startOnce(machine: string, name: string, input: unknown): Promise<string> {
  try {
    await startExecution(machine, name, input);
  } catch (e) {
    if (!(e instanceof ExecutionAlreadyExists)) throw e;
  }
  return name;
}

export async function executionExists(executionArn: string): Promise<boolean> {
  try {
    await aws().sfn.send(new DescribeExecutionCommand({ executionArn }));
    return true;
  } catch (e) {
    if (e instanceof ExecutionDoesNotExist) return false;
    throw e;
  }
}

/** Where an execution stands: its status, and the state it last entered and since when. */
export async function executionState(
  executionArn: string,
): Promise<{ status: string; state?: string | undefined; since?: string | undefined }> {
  const { sfn } = aws();
  const [described, history] = await Promise.all([
    sfn.send(new DescribeExecutionCommand({ executionArn })),
    sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 50 })),
  ]);
  const entered = history.events?.find((e) => e.type?.endsWith('StateEntered'));
  return {
    status: described.status ?? 'UNKNOWN',
    state: entered?.stateEnteredEventDetails?.name,
    since: entered?.timestamp?.toISOString(),
  };
}
