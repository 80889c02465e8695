/**
 * The embedded local default: every AWS service the system uses, on loopback, from real wire-protocol emulators,
 * running the same handlers and state-machine definitions the CDK stack deploys. Used by `npm start`, by the
 * integration tests (in memory, on free ports), by the simulation and the benchmarks.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateStateMachineCommand,
  SFNClient,
  StateMachineAlreadyExists,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { FUNCTIONS, type FunctionId, SCHEDULES, STATE_MACHINES } from '#functions/manifest';
import { type ApiServerDeps, createApiServer } from '#local/api-server';
import { seedDirectory } from '#local/directory-seed';
import { ensureTable, listen, startLocalDynamoDb } from '#local/dynamodb';
import { createLocalIssuer, LOCAL_AUDIENCE, type LocalIssuer } from '#local/identity';
import { functionArn, invokeFunction, LOCAL_ACCOUNT, lambdaCounts, localTimeoutMs, partitionOf } from '#local/lambda';
import { startLocalMail } from '#local/mail';
import { type LocalMetrics, lambdaSince } from '#local/metrics';
import { createLocalOidc } from '#local/oidc';
import { startLocalS3 } from '#local/s3';
import { type S3PostFront, startS3PostFront } from '#local/s3-post';
import { type LocalScheduler, startLocalScheduler } from '#local/scheduler';
import { startLocalStepFunctions } from '#local/stepfunctions/index';
import { UPLOAD_PREFIX } from '#shared/documents/documents';
import { nowMs } from '#shared/platform/clock';
import { TABLE_DEFINITION } from '#shared/platform/table';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const LOCAL_REGION = 'cn-north-1';
export const TABLE_NAME = 'sifpm';
export const BUCKET_NAME = 'sifpm-documents';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }; // s3rver accepts only these

export interface LocalDefaultOptions {
  /** HTTP port of the console and API; 0 picks a free one. */
  port?: number;
  /** Where data persists; omitted → in memory (tests). */
  dataDir?: string;
  /** ID token lifetime of the local OpenID provider in seconds (default 1 hour); tests shorten it */
  idTokenTtlSeconds?: number;
}

export interface LocalDefault {
  url: string;
  endpoints: { dynamodb: string; s3: string; stepfunctions: string; ses: string };
  stepFunctions: Awaited<ReturnType<typeof startLocalStepFunctions>>;
  /** EventBridge Scheduler's stand-in: `check()` after moving the clock, like `stepFunctions.checkTimers()` */
  scheduler: LocalScheduler;
  /** the development token issuer (`/local/token` signs with it; tests forge tokens with `signClaims`) */
  issuer: LocalIssuer;
  /** the S3 endpoint before s3rver: verified POST uploads and their ObjectCreated notifications (`idle()`) */
  s3Front: S3PostFront;
  /** Operations per service since this local default started (the benchmark and the cost model read them). */
  metrics(): LocalMetrics;
  close(): Promise<void>;
}

/** Substitute a definition's `${Placeholders}` as CDK's `definitionSubstitutions` does. */
export function localDefinition(machine: keyof typeof STATE_MACHINES): string {
  const spec = STATE_MACHINES[machine];
  let text = readFileSync(path.join(ROOT, spec.definition), 'utf8').replaceAll(
    `\${StatesPartition}`,
    partitionOf(LOCAL_REGION),
  );
  for (const [placeholder, fn] of Object.entries(spec.functions)) {
    text = text.replaceAll(`\${${placeholder}}`, functionArn(LOCAL_REGION, fn));
  }
  return text;
}

export async function startLocalDefault(opts: LocalDefaultOptions = {}): Promise<LocalDefault> {
  const dataDir = opts.dataDir ? path.resolve(opts.dataDir) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const sub = (name: string) => (dataDir ? path.join(dataDir, name) : undefined);

  localTimeoutMs(); // a bad SIFPM_LOCAL_LAMBDA_TIMEOUT_S stops the start with its message, not each invocation
  const lambdaBase = lambdaCounts();
  const [dynamodb, s3, mail] = await Promise.all([
    startLocalDynamoDb({ path: sub('dynamodb') }),
    startLocalS3({ dataDir, buckets: [BUCKET_NAME] }),
    startLocalMail(dataDir),
  ]);
  const stepFunctions = await startLocalStepFunctions({
    dataDir,
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT,
    invokeFunction,
    clock: nowMs,
  });
  // The SDK's S3 endpoint: verifies POST policies, keeps version ids, notifies the manifest's `onUpload` functions.
  const s3Front = await startS3PostFront({
    upstream: s3.endpoint,
    region: LOCAL_REGION,
    partition: partitionOf(LOCAL_REGION),
    credentials: CREDENTIALS,
    clock: nowMs,
    notification: {
      prefix: UPLOAD_PREFIX,
      deliver: (event) =>
        Promise.all(
          Object.entries(FUNCTIONS)
            .filter(([, spec]) => 'onUpload' in spec && spec.onUpload)
            .map(([id]) => invokeFunction(functionArn(LOCAL_REGION, id as FunctionId), event)),
        ),
      // notifications a crash left undelivered are delivered on the next start (S3 delivers at least once)
      ...(dataDir ? { outbox: path.join(dataDir, 's3-notifications') } : {}),
    },
    corsOrigin: () => url,
  });

  // The issuer's URL is the server's own, known once it listens; requests read `deps` when they arrive.
  const deps = { mail, uploadOrigin: s3Front.endpoint } as ApiServerDeps;
  const server: http.Server = createApiServer(deps);
  await listen(server, opts.port ?? 0);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  deps.issuer = await createLocalIssuer(`${url}/local`, dataDir);
  deps.oidc = createLocalOidc({
    url,
    issuer: deps.issuer,
    ...(opts.idTokenTtlSeconds ? { idTokenTtlSeconds: opts.idTokenTtlSeconds } : {}),
  });

  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
    AWS_ENDPOINT_URL_S3: s3Front.endpoint,
    AWS_ENDPOINT_URL_SFN: stepFunctions.endpoint,
    AWS_ENDPOINT_URL_SESV2: mail.endpoint,
    SIFPM_TABLE: TABLE_NAME,
    SIFPM_BUCKET: BUCKET_NAME,
    SIFPM_STATE_MACHINE_PREFIX: `arn:${partitionOf(LOCAL_REGION)}:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:sifpm-`,
    SIFPM_MAIL_FROM: 'noreply@sifpm.example.cn',
    SIFPM_CONSOLE_URL: url,
    SIFPM_JWT_ISSUER: `${url}/local`,
    SIFPM_JWT_AUDIENCE: LOCAL_AUDIENCE,
    SIFPM_JWKS_URL: `${url}/local/.well-known/jwks.json`,
    SIFPM_S3_FORCE_PATH_STYLE: 'true',
    // the local OIDC provider signs in the directory's people with their id as subject
    SIFPM_ACCOUNTS: 'directory',
  });

  await ensureTable(
    dynamodb.endpoint,
    { TableName: TABLE_NAME, ...structuredClone(TABLE_DEFINITION) } as never,
    sub('dynamodb-rebuild.json'),
  );
  await seedDirectory();
  await registerStateMachines(stepFunctions.endpoint);
  const scheduler = startLocalScheduler({
    schedules: SCHEDULES,
    clock: nowMs,
    endpoint: stepFunctions.endpoint,
    region: LOCAL_REGION,
    machinePrefix: process.env.SIFPM_STATE_MACHINE_PREFIX as string,
    ...(dataDir ? { dataDir } : {}),
  });
  // Everything the upload handler needs is wired: deliver what a crash left in the outbox.
  await s3Front.resume();

  return {
    url,
    endpoints: {
      dynamodb: dynamodb.endpoint,
      s3: s3Front.endpoint,
      stepfunctions: stepFunctions.endpoint,
      ses: mail.endpoint,
    },
    stepFunctions,
    s3Front,
    scheduler,
    issuer: deps.issuer,
    metrics() {
      const lambda = lambdaSince(lambdaCounts(), lambdaBase);
      const apiRequests = Object.entries(lambda)
        .filter(([id]) => id.startsWith('api-'))
        .reduce((n, [, c]) => n + c.invocations, 0);
      return {
        dynamodb: dynamodb.metrics(),
        lambda,
        stepFunctions: stepFunctions.metrics(),
        s3: s3Front.metrics(),
        ses: { emails: mail.count() },
        api: { requests: apiRequests },
      };
    },
    async close() {
      scheduler.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await stepFunctions.close();
      await s3Front.close();
      await Promise.all([dynamodb.close(), s3.close(), mail.close()]);
    },
  };
}

async function registerStateMachines(endpoint: string) {
  const client = new SFNClient({ endpoint, region: LOCAL_REGION, credentials: CREDENTIALS });
  try {
    for (const machine of Object.keys(STATE_MACHINES) as (keyof typeof STATE_MACHINES)[]) {
      const definition = localDefinition(machine);
      const name = `sifpm-${machine}`;
      try {
        await client.send(
          new CreateStateMachineCommand({
            name,
            definition,
            roleArn: `arn:${partitionOf(LOCAL_REGION)}:iam::${LOCAL_ACCOUNT}:role/${name}`,
            type: 'STANDARD',
          }),
        );
      } catch (e) {
        // A data folder from an earlier start holds the machine: bring its definition up to date.
        if (!(e instanceof StateMachineAlreadyExists)) throw e;
        const arn = `arn:${partitionOf(LOCAL_REGION)}:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;
        await client.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition }));
      }
    }
  } finally {
    client.destroy();
  }
}
