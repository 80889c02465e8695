import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CfnElement,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import { type CfnStage, CorsHttpMethod, HttpApi, HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import {
  type Access,
  FUNCTION_TIMEOUT_SECONDS,
  FUNCTIONS,
  type FunctionId,
  SCHEDULES,
  STATE_MACHINES,
  type StateMachineId,
} from '#functions/manifest';
import { ConsoleHosting } from '#infra/console';
import { UPLOAD_PREFIX } from '#shared/documents/documents';
import { TABLE_KEYS } from '#shared/platform/table';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Who signs in. `cognito`: this stack makes the user pool, its console client and the hosted sign-in domain (only
 * where Cognito is offered). `oidc`: an existing OpenID Connect issuer — a province's or the ministry's unified
 * identity platform (统一身份认证) — with a client registered there for the console; no Cognito resources, and its
 * accounts are managed by that platform (`SIFPM_ACCOUNTS=none`). Either way the directory maps the token's subject.
 */
export type IdentityProps =
  | { kind: 'cognito' /** prefix of the hosted sign-in domain (unique per region) */; domainPrefix?: string }
  | {
      kind: 'oidc';
      /** the issuer URL, exactly the tokens' `iss` */
      issuer: string;
      /** the console's client id at the issuer: the tokens' audience */
      clientId: string;
      /** the issuer's `jwks_uri` (its discovery document says it); default `<issuer>/.well-known/jwks.json` */
      jwksUrl?: string;
    };

/**
 * How mail leaves. `ses`: SES v2 in the stack's region. `smtp`: a relay; its URL (`smtps://user:password@host:465`)
 * is the secret string of a Secrets Manager secret, read once per cold start — never an environment variable.
 * The China regions have no SES: there it must be `smtp`.
 */
export type MailProps = { transport: 'ses' } | { transport: 'smtp'; smtpSecretArn: string };

export interface SifpmStackProps extends StackProps {
  /** Sender address (verified in SES, or accepted by the relay). */
  mailFrom?: string;
  /** Where the console is served (CloudFront, under the stage's ICP-filed domain); links in mail point there. */
  consoleUrl?: string;
  /** default: Cognito with the domain prefix `sifpm` */
  identity?: IdentityProps;
  /** default: SES */
  mail?: MailProps;
  /**
   * The console's own domain names and their certificate: in the `aws` partition an ACM certificate in us-east-1
   * (`certificateArn`); in the China partition, where CloudFront takes IAM server certificates, the certificate's
   * IAM id (`iamCertificateId`). Without it CloudFront serves its default certificate.
   */
  domain?: DomainProps;
}

export type DomainProps = { names: string[] } & ({ certificateArn: string } | { iamCertificateId: string });

const READ = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'];
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'];
const ACCOUNTS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminDisableUser',
];

/**
 * sifpm on AWS: the table, the documents bucket, the identity provider (Cognito, or an external OIDC issuer), the HTTP
 * API, the functions of `functions/manifest.ts` — each with an IAM policy of exactly its declared `access` — and the
 * phase machines of `statemachines/`: the same handlers and definitions the local default runs (docs/DEPLOY.md).
 */
export class SifpmStack extends Stack {
  readonly functions = {} as Record<FunctionId, NodejsFunction>;
  readonly machines = {} as Record<StateMachineId, sfn.StateMachine>;
  /** the console's `config.json` as deployed (docs/CONSOLE.md) */
  readonly consoleConfig: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: SifpmStackProps = {}) {
    super(scope, id, props);
    const consoleUrl = props.consoleUrl ?? 'https://sifpm.example.cn';

    const table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      globalSecondaryIndexes: [
        {
          indexName: TABLE_KEYS.gsi1.name,
          partitionKey: { name: TABLE_KEYS.gsi1.partitionKey, type: dynamodb.AttributeType.STRING },
          sortKey: { name: TABLE_KEYS.gsi1.sortKey, type: dynamodb.AttributeType.STRING },
        },
        {
          indexName: TABLE_KEYS.gsi2.name,
          partitionKey: { name: TABLE_KEYS.gsi2.partitionKey, type: dynamodb.AttributeType.STRING },
          sortKey: { name: TABLE_KEYS.gsi2.sortKey, type: dynamodb.AttributeType.STRING },
        },
      ],
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      // CloudFront standard logs are delivered with an ACL (the writer owns them); S3 server access logs need none.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // No AwsSolutions-S1 acknowledgement: cdk-nag does not flag a bucket that receives access logs
    // (test/infra/acknowledgements.test.ts found the old one matching nothing).
    const documents = new s3.Bucket(this, 'Documents', {
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'documents/',
      // Browsers POST uploads straight to the bucket from the console (DESIGN §5).
      cors: [
        {
          allowedMethods: [s3.HttpMethods.POST],
          allowedOrigins: [consoleUrl],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag', 'Location', 'x-amz-version-id'],
          maxAge: 3000,
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const china = !Token.isUnresolved(this.region) && this.region.startsWith('cn-');
    const identity = props.identity ?? { kind: 'cognito' };
    const mail = props.mail ?? { transport: 'ses' };
    if (china && identity.kind === 'cognito') {
      throw new Error(`Cognito user pools are not offered in ${this.region}: use identity { kind: 'oidc', ... }.`);
    }
    if (china && mail.transport === 'ses') {
      throw new Error(`SES is not offered in ${this.region}: use mail { transport: 'smtp', smtpSecretArn }.`);
    }

    let userPool: cognito.UserPool | undefined;
    let issuer: string;
    let clientId: string;
    let jwksUrl: string;
    /** origins the console talks to or navigates to for sign-in (CSP connect-src and form-action) */
    let signInOrigins: string[];
    if (identity.kind === 'cognito') {
      userPool = new cognito.UserPool(this, 'Users', {
        selfSignUpEnabled: false,
        signInAliases: { email: true },
        mfa: cognito.Mfa.REQUIRED,
        mfaSecondFactor: { otp: true, sms: false },
        passwordPolicy: {
          minLength: 12,
          requireDigits: true,
          requireLowercase: true,
          requireUppercase: true,
          requireSymbols: true,
        },
        featurePlan: cognito.FeaturePlan.PLUS,
        standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
        // No custom attributes: what a person may do comes from the directory, keyed by the token's `sub`.
        removalPolicy: RemovalPolicy.RETAIN,
      });
      const client = userPool.addClient('Console', {
        authFlows: { userSrp: true },
        oAuth: {
          flows: { authorizationCodeGrant: true },
          scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
          callbackUrls: [`${consoleUrl}/auth/callback`],
          logoutUrls: [`${consoleUrl}/signin`],
        },
        preventUserExistenceErrors: true,
        // Explicit both ways: the client reads who the person is and may change only their display name; nothing
        // it can write decides what they may do.
        readAttributes: new cognito.ClientAttributes().withStandardAttributes({
          email: true,
          emailVerified: true,
          fullname: true,
        }),
        writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
      });
      const hostedSignIn = userPool.addDomain('HostedSignIn', {
        cognitoDomain: { domainPrefix: identity.domainPrefix ?? 'sifpm' },
      });
      issuer = `https://cognito-idp.${this.region}.amazonaws.com/${userPool.userPoolId}`;
      clientId = client.userPoolClientId;
      jwksUrl = `${issuer}/.well-known/jwks.json`;
      signInOrigins = [`https://cognito-idp.${this.region}.amazonaws.com`, hostedSignIn.baseUrl()];
      new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    } else {
      issuer = identity.issuer;
      clientId = identity.clientId;
      jwksUrl = identity.jwksUrl ?? `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`;
      signInOrigins = [...new Set([new URL(issuer).origin, new URL(jwksUrl).origin])];
    }

    const mailFrom = props.mailFrom ?? 'noreply@sifpm.example.cn';
    const machinePrefix = `arn:${this.partition}:states:${this.region}:${this.account}:stateMachine:sifpm-`;
    const environment = {
      SIFPM_TABLE: table.tableName,
      SIFPM_BUCKET: documents.bucketName,
      SIFPM_STATE_MACHINE_PREFIX: machinePrefix,
      SIFPM_MAIL_FROM: mailFrom,
      SIFPM_CONSOLE_URL: consoleUrl,
      SIFPM_JWT_ISSUER: issuer,
      SIFPM_JWT_AUDIENCE: clientId,
      SIFPM_JWKS_URL: jwksUrl,
      SIFPM_ACCOUNTS: userPool ? 'cognito' : 'none',
      ...(userPool ? { SIFPM_USER_POOL_ID: userPool.userPoolId } : {}),
      SIFPM_MAIL_TRANSPORT: mail.transport,
      ...(mail.transport === 'smtp' ? { SIFPM_SMTP_SECRET_ARN: mail.smtpSecretArn } : {}),
      NODE_OPTIONS: '--enable-source-maps',
    };

    // One log group for every function (each function's streams are named after it, and every line carries its
    // `function_name`): a log group per function put the stack over CloudFormation's 500 resources.
    const functionLogs = new logs.LogGroup(this, 'FunctionLogs', { retention: logs.RetentionDays.ONE_YEAR });
    // One role per distinct access declaration, shared by the functions that declare it: each may do exactly what
    // its declaration says, as before, and a role with its policy per function put the stack over 500 resources.
    const roles = new Map<string, iam.Role>();
    const roleFor = (access: Access): iam.Role => {
      const key = JSON.stringify(Object.entries(access).sort(([a], [b]) => a.localeCompare(b)));
      let role = roles.get(key);
      if (!role) {
        role = new iam.Role(this, `FnRole-${createHash('sha256').update(key).digest('hex').slice(0, 10)}`, {
          assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
          managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
        });
        for (const statement of this.accessStatements(access, { table, documents, userPool, mail, mailFrom })) {
          role.addToPolicy(statement);
        }
        roles.set(key, role);
      }
      return role;
    };
    for (const [fnId, spec] of Object.entries(FUNCTIONS) as [FunctionId, (typeof FUNCTIONS)[FunctionId]][]) {
      const fn = new NodejsFunction(this, `Fn-${fnId}`, {
        role: roleFor(spec.access),
        functionName: `sifpm-${fnId}`,
        entry: path.join(ROOT, spec.entry),
        handler: 'handler',
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 512,
        timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS),
        environment,
        tracing: lambda.Tracing.ACTIVE,
        logGroup: functionLogs,
        projectRoot: ROOT,
        depsLockFilePath: path.join(ROOT, 'package-lock.json'),
        bundling: {
          format: OutputFormat.ESM,
          target: 'node22',
          minify: true,
          sourceMap: true,
          // ESM bundles of CommonJS dependencies need `require`.
          banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
          forceDockerBundling: false,
          // the SDK comes with the runtime; the chart rasteriser is a native addon esbuild cannot bundle (drafts then go without the chart)
          externalModules: ['@aws-sdk/*', '@resvg/resvg-js'],
        },
      });
      this.functions[fnId] = fn;
      if ('onUpload' in spec && spec.onUpload) {
        // Only uploads are inspected: files the system writes itself live outside uploads/.
        documents.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn), {
          prefix: UPLOAD_PREFIX,
        });
      }
    }

    for (const [machine, spec] of Object.entries(STATE_MACHINES)) {
      const fns = Object.values(spec.functions).map((f) => this.functions[f as FunctionId]);
      const sm = new sfn.StateMachine(this, `Machine-${machine}`, {
        stateMachineName: `sifpm-${machine}`,
        stateMachineType: sfn.StateMachineType.STANDARD,
        definitionBody: sfn.DefinitionBody.fromString(readFileSync(path.join(ROOT, spec.definition), 'utf8')),
        definitionSubstitutions: {
          // Service-integration ARNs differ by partition (aws, aws-cn): the definitions say `arn:${StatesPartition}:…`.
          StatesPartition: this.partition,
          ...Object.fromEntries(
            Object.entries(spec.functions).map(([placeholder, fnId]) => [
              placeholder,
              this.functions[fnId as FunctionId].functionArn,
            ]),
          ),
        },
        tracingEnabled: true,
        logs: {
          destination: new logs.LogGroup(this, `MachineLogs-${machine}`, { retention: logs.RetentionDays.ONE_YEAR }),
          level: sfn.LogLevel.ALL,
        },
      });
      for (const fn of fns) fn.grantInvoke(sm);
      this.machines[machine as StateMachineId] = sm;
    }

    // EventBridge Scheduler starts the scheduled machines (the monitoring tick); locally `local/scheduler.ts` runs the
    // same list. The role may start exactly those machines, and only for schedules of this account.
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    });
    for (const [id, spec] of Object.entries(SCHEDULES)) {
      const machine = this.machines[spec.machine];
      machine.grantStartExecution(schedulerRole);
      new scheduler.CfnSchedule(this, `Schedule-${id}`, {
        name: `sifpm-${id}`,
        scheduleExpression: spec.expression,
        scheduleExpressionTimezone: spec.timezone,
        flexibleTimeWindow: { mode: 'OFF' },
        target: {
          arn: machine.stateMachineArn,
          roleArn: schedulerRole.roleArn,
          input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
          retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
        },
      });
    }

    const api = new HttpApi(this, 'Api', {
      defaultAuthorizer: new HttpJwtAuthorizer('Jwt', issuer, { jwtAudience: [clientId] }),
      // In the China partition the console calls the API across origins (docs/DEPLOY.md: no CloudFront Functions).
      ...(china
        ? {
            corsPreflight: {
              allowOrigins: [consoleUrl],
              allowHeaders: ['authorization', 'content-type'],
              allowMethods: [CorsHttpMethod.ANY],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
      createDefaultStage: true,
    });
    const apiLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logs.RetentionDays.ONE_YEAR });
    const stage = api.defaultStage?.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: apiLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        route: '$context.routeKey',
        status: '$context.status',
        ip: '$context.identity.sourceIp',
      }),
    };
    for (const [fnId, spec] of Object.entries(FUNCTIONS) as [FunctionId, (typeof FUNCTIONS)[FunctionId]][]) {
      if (!('route' in spec)) continue;
      const [method, routePath] = spec.route.split(' ') as [keyof typeof HttpMethod, string];
      const [created] = api.addRoutes({
        path: routePath,
        methods: [HttpMethod[method]],
        integration: new HttpLambdaIntegration(`Int-${fnId}`, this.functions[fnId]),
        ...('public' in spec && spec.public ? { authorizer: new HttpNoneAuthorizer() } : {}),
      });
      if ('public' in spec && spec.public && created) {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: 'Public by design: health check / public disclosure.',
        });
      }
    }

    this.acknowledgeScopedWildcards();

    this.consoleConfig = {
      auth: { mode: 'oidc', issuer, clientId },
      // Same origin through CloudFront's /api/* behaviour; in China the API's own endpoint (CORS).
      apiBase: china ? api.apiEndpoint : '',
    };
    const site = new ConsoleHosting(this, 'Console', {
      dist: path.join(ROOT, 'web', 'dist'),
      apiEndpoint: api.apiEndpoint,
      accessLogs,
      uploadOrigin: `https://${documents.bucketRegionalDomainName}`,
      signInOrigins,
      china,
      ...(props.domain ? { domain: props.domain } : {}),
      config: this.consoleConfig,
    });

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'ConsoleDistribution', { value: `https://${site.distribution.distributionDomainName}` });
    new CfnOutput(this, 'ConsoleClientId', { value: clientId });
    new CfnOutput(this, 'DocumentsBucket', { value: documents.bucketName });
    new CfnOutput(this, 'TableName', { value: table.tableName });
  }

  /**
   * The IAM statements of one function's declared access (functions/manifest.ts `Access`), written out rather than
   * taken from `grant*` helpers so that a declaration means exactly these actions on exactly these resources.
   * Machines are named by ARN, not by reference: the machines reference the functions, so a reference back would be
   * a cycle.
   */
  private accessStatements(
    access: Access,
    deps: {
      table: dynamodb.TableV2;
      documents: s3.Bucket;
      userPool?: cognito.UserPool;
      mail: MailProps;
      mailFrom: string;
    },
  ): iam.PolicyStatement[] {
    const { table, documents } = deps;
    const arn = (service: string, resource: string) =>
      `arn:${this.partition}:${service}:${this.region}:${this.account}:${resource}`;
    const machine = (m: StateMachineId) => arn('states', `stateMachine:sifpm-${m}`);
    const statement = (actions: string[], resources: string[]) => new iam.PolicyStatement({ actions, resources });
    const out: iam.PolicyStatement[] = [];
    const tableResources = [
      table.tableArn,
      `${table.tableArn}/index/${TABLE_KEYS.gsi1.name}`,
      `${table.tableArn}/index/${TABLE_KEYS.gsi2.name}`,
    ];
    if (access.table) out.push(statement([...READ, ...(access.table === 'write' ? WRITE : [])], tableResources));
    if (access.scan) out.push(statement(['dynamodb:Scan'], [table.tableArn]));
    if (access.documents) {
      out.push(statement(['s3:ListBucket'], [documents.bucketArn]));
      out.push(
        statement(
          ['s3:GetObject', 's3:GetObjectVersion', ...(access.documents === 'write' ? ['s3:PutObject'] : [])],
          [documents.arnForObjects('*')],
        ),
      );
    }
    if (access.start?.length) out.push(statement(['states:StartExecution'], access.start.map(machine)));
    if (access.observe?.length) {
      out.push(
        statement(
          ['states:DescribeExecution', 'states:GetExecutionHistory'],
          access.observe.map((m) => arn('states', `execution:sifpm-${m}:*`)),
        ),
      );
    }
    // SendTaskSuccess takes no resource-level permission (IAM offers only "*"); the token is the capability.
    if (access.tokens) out.push(statement(['states:SendTaskSuccess'], ['*']));
    if (access.mail || access.probe)
      out.push(...this.mailStatements(deps.mail, deps.mailFrom, !!access.mail, !!access.probe));
    if (access.accounts && deps.userPool) out.push(statement(ACCOUNTS, [deps.userPool.userPoolArn]));
    if (access.probe) {
      out.push(statement(['dynamodb:DescribeTable'], [table.tableArn]));
      out.push(statement(['s3:ListBucket'], [documents.bucketArn]));
      out.push(statement(['states:DescribeStateMachine'], [machine('kickoff')]));
    }
    return out;
  }

  /** Sending from the sender's own identities (the address and its domain); the probe's account check; the relay's secret. */
  private mailStatements(mail: MailProps, from: string, send: boolean, probe: boolean): iam.PolicyStatement[] {
    if (mail.transport === 'smtp') {
      return [new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [mail.smtpSecretArn] })];
    }
    const identity = (name: string) => `arn:${this.partition}:ses:${this.region}:${this.account}:identity/${name}`;
    const domain = from.split('@')[1] ?? from;
    return [
      ...(send
        ? [new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: [identity(from), identity(domain)] })]
        : []),
      // GetAccount has no resource type: IAM offers only "*".
      ...(probe ? [new iam.PolicyStatement({ actions: ['ses:GetAccount'], resources: ['*'] })] : []),
    ];
  }

  /**
   * cdk-nag v3 wants each wildcard finding acknowledged by its exact id. These are the scoped ones the declared access
   * produces, each acknowledged only where it occurs; each reason says why the wildcard is needed.
   * `test/infra/acknowledgements.test.ts` fails on an acknowledgement that matches no finding.
   */
  private acknowledgeScopedWildcards() {
    const specs = Object.values(FUNCTIONS).map((spec) => spec.access as Access);
    const ref = (c: Construct) => `<${this.getLogicalId(c.node.defaultChild as CfnElement)}.Arn>`;
    const region = Token.isUnresolved(this.region) ? '<AWS::Region>' : this.region;
    const account = Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account;
    const states = `arn:<AWS::Partition>:states:${region}:${account}`;
    const iam5 = (finding: string, reason: string) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    const observed = new Set(specs.flatMap((a) => a.observe ?? []));
    const machineInvoked = new Set(Object.values(STATE_MACHINES).flatMap((m) => Object.values(m.functions)));
    const documentsRef = ref(this.node.findChild('Documents'));
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'AWSLambdaBasicExecutionRole is the standard minimal policy for writing function logs.',
      },
      iam5(
        'Resource::*',
        'Actions IAM offers on "*" only: X-Ray segments and sampling (active tracing of functions and machines), the machines\' CloudWatch Logs delivery (CDK-made for Step Functions logging), the BucketDeployment handler\'s CloudFront invalidation, states:SendTaskSuccess (a task token is the capability) and, with SES, ses:GetAccount (health probe).',
      ),
      ...[...observed].map((m) =>
        iam5(
          `Resource::${states}:execution:sifpm-${m}:*`,
          `Executions of the sifpm-${m} machine, whose names are made at run time.`,
        ),
      ),
      ...[...machineInvoked].map((fnId) =>
        iam5(
          `Resource::${ref(this.functions[fnId])}:*`,
          "Step Functions invokes the function's versions and aliases (the machine role's lambda:InvokeFunction).",
        ),
      ),
      ...(specs.some((a) => a.documents)
        ? [iam5(`Resource::${documentsRef}/*`, 'Objects of the documents bucket; keys are fixed by the server.')]
        : []),
    );
  }
}
