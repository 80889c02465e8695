// first: the X-Ray SDK's mode must be set before the tracer loads it
import '#shared/platform/xray-mode';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
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

/** Each built on its first use (issue 19: a handler's start builds none of them). */
interface Clients {
  readonly ddb: DynamoDBDocumentClient;
  readonly s3: S3Client;
  readonly sfn: SFNClient;
  readonly ses: SESv2Client;
  readonly raw: DynamoDBClient;
  /** only the functions that provision accounts (`SIFPM_ACCOUNTS=cognito`) use it */
  readonly cognito: CognitoIdentityProviderClient;
  /** only the SMTP transport reads its relay secret */
  readonly secrets: SecretsManagerClient;
}

/**
 * The one AWS client factory. Clients are built once per process (Lambda container) from configuration;
 * endpoints come from the standard `AWS_ENDPOINT_URL_<SERVICE>` variables, so nothing here knows where it runs.
 */
let clients: Clients | undefined;

export function aws(): Clients {
  if (!clients) {
    const { AWS_REGION: region, SIFPM_S3_FORCE_PATH_STYLE } = config();
    // each client is built on its first use: a function that never sends mail never builds the SES client
    const built: Partial<Clients> = {};
    const once = <K extends keyof Clients>(key: K, make: () => Clients[K]): Clients[K] => {
      built[key] ??= make();
      return built[key] as Clients[K];
    };
    clients = {
      get raw() {
        return once('raw', () => tracer.captureAWSv3Client(new DynamoDBClient({ region })));
      },
      get ddb() {
        return once('ddb', () =>
          DynamoDBDocumentClient.from(this.raw, { marshallOptions: { removeUndefinedValues: true } }),
        );
      },
      get s3() {
        return once('s3', () =>
          tracer.captureAWSv3Client(
            new S3Client({
              region,
              forcePathStyle: SIFPM_S3_FORCE_PATH_STYLE === 'true',
              // Checksums only where S3 requires them: presigned uploads from browsers carry none.
              requestChecksumCalculation: 'WHEN_REQUIRED',
            }),
          ),
        );
      },
      get sfn() {
        return once('sfn', () => tracer.captureAWSv3Client(new SFNClient({ region })));
      },
      get ses() {
        return once('ses', () => tracer.captureAWSv3Client(new SESv2Client({ region })));
      },
      get cognito() {
        return once('cognito', () => tracer.captureAWSv3Client(new CognitoIdentityProviderClient({ region })));
      },
      get secrets() {
        return once('secrets', () => tracer.captureAWSv3Client(new SecretsManagerClient({ region })));
      },
    };
  }
  return clients;
}
