import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { DescribeStateMachineCommand } from '@aws-sdk/client-sfn';
import { aws } from '#shared/platform/aws';
import { config, stateMachineArn } from '#shared/platform/config';
import { mailProbe } from '#shared/platform/mail';

/** Readiness: each service the system depends on answers a cheap call; `machine` is the state machine probed. */
export async function checkHealth(machine: string): Promise<{ ok: boolean; services: Record<string, 'up' | 'down'> }> {
  const { raw, s3, sfn } = aws();
  const mail = mailProbe();
  const probes = {
    dynamodb: () => raw.send(new DescribeTableCommand({ TableName: config().SIFPM_TABLE })),
    s3: () => s3.send(new HeadBucketCommand({ Bucket: config().SIFPM_BUCKET })),
    stepfunctions: () => sfn.send(new DescribeStateMachineCommand({ stateMachineArn: stateMachineArn(machine) })),
    [mail.name]: mail.probe,
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
