import { Tracer } from '@aws-lambda-powertools/tracer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/platform/config';

/**
 * Powertools Tracer: each client is captured, so an X-Ray trace (active tracing is on in the stack) shows every
 * DynamoDB, S3, Step Functions and SES call as a subsegment. Outside Lambda (no `AWS_EXECUTION_ENV`: the local default,
 * the tests, the CLI) or with `POWERTOOLS_TRACE_ENABLED=false` the tracer is disabled and capturing returns the
 * client untouched.
 */
export const tracer = new Tracer({ serviceName: 'sifpm' });

/**
 * The one AWS client factory. Clients are built once per process (Lambda container) from configuration;
 * endpoints come from the standard `AWS_ENDPOINT_URL_<SERVICE>` variables, so nothing here knows where it runs.
 */
let clients:
  | { ddb: DynamoDBDocumentClient; s3: S3Client; sfn: SFNClient; ses: SESv2Client; raw: DynamoDBClient }
  | undefined;

export function aws() {
  if (!clients) {
    const { AWS_REGION: region, SIFPM_S3_FORCE_PATH_STYLE } = config();
    const raw = tracer.captureAWSv3Client(new DynamoDBClient({ region }));
    clients = {
      raw,
      ddb: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
      s3: tracer.captureAWSv3Client(
        new S3Client({
          region,
          forcePathStyle: SIFPM_S3_FORCE_PATH_STYLE === 'true',
          // Checksums only where S3 requires them: presigned uploads from browsers carry none.
          requestChecksumCalculation: 'WHEN_REQUIRED',
        }),
      ),
      sfn: tracer.captureAWSv3Client(new SFNClient({ region })),
      ses: tracer.captureAWSv3Client(new SESv2Client({ region })),
    };
  }
  return clients;
}
