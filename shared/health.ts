import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetAccountCommand } from '@aws-sdk/client-sesv2';
import { DescribeStateMachineCommand } from '@aws-sdk/client-sfn';
import { aws } from '#shared/aws';
import { config, stateMachineArn } from '#shared/config';
import { KICKOFF_MACHINE } from '#shared/cycles';

/** Readiness: each service the system depends on answers a cheap call. */
export async function checkHealth(): Promise<{ ok: boolean; services: Record<string, 'up' | 'down'> }> {
  const { raw, s3, sfn, ses } = aws();
  const probes = {
    dynamodb: () => raw.send(new DescribeTableCommand({ TableName: config().SIFPM_TABLE })),
    s3: () => s3.send(new HeadBucketCommand({ Bucket: config().SIFPM_BUCKET })),
    stepfunctions: () =>
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: stateMachineArn(KICKOFF_MACHINE) })),
    ses: () => ses.send(new GetAccountCommand({})),
  };
  const results = await Promise.all(
    Object.entries(probes).map(
      async ([name, probe]) =>
        [
          name,
          await probe().then(
            () => 'up' as const,
            () => 'down' as const,
          ),
        ] as const,
    ),
  );
  return { ok: results.every(([, s]) => s === 'up'), services: Object.fromEntries(results) };
}
