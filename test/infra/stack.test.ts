import { readFileSync } from 'node:fs';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, STATE_MACHINES } from '#functions/manifest';
import { buildApp } from '#infra/app';
import { SifpmStack } from '#infra/stack';
import { functionArn, partitionOf } from '#local/lambda';
import { LOCAL_REGION, localDefinition } from '#local/stack';
import { bundledApp, quickApp } from './app.ts';

describe('the CDK stack', () => {
  let template: Template;

  beforeAll(() => {
    const app = buildApp(bundledApp());
    app.synth(); // cdk-nag runs as a validation plugin: an unacknowledged finding throws here
    template = Template.fromStack(app.node.findChild('Sifpm') as Stack);
  }, 180_000); // bundles every function: slow on a loaded 2-core machine

  it('passes cdk-nag AwsSolutions with every acknowledgement explained', () => {
    const app = buildApp(quickApp());
    expect(() => app.synth()).not.toThrow();
  });

  it('fails the synth when cdk-nag finds an unacknowledged problem', () => {
    const app = buildApp(quickApp());
    // an unencrypted-in-transit bucket without access logs: two AwsSolutions errors
    new s3.Bucket(app.node.findChild('Sifpm') as Stack, 'Careless');
    expect(() => app.synth()).toThrow();
  });

  it('keeps records in one table with the access-pattern indexes and point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'gsi1' }), Match.objectLike({ IndexName: 'gsi2' })],
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('stores documents versioned, encrypted, private and TLS-only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: Match.anyValue(),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('serves the console from a private bucket through CloudFront, /api/* to the HTTP API, with its own config', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        CacheBehaviors: [Match.objectLike({ PathPattern: '/api/*', AllowedMethods: Match.arrayWith(['POST']) })],
        Origins: Match.arrayWith([Match.objectLike({ OriginAccessControlId: Match.anyValue() })]),
      }),
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const [deployment] = Object.values(template.findResources('Custom::CDKBucketDeployment'));
    expect(JSON.stringify(deployment)).toContain('config.json');
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://sifpm.example.cn/auth/callback'],
    });
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  it('configures the console for OIDC sign-in against the Cognito issuer, and lets the CSP reach it', () => {
    const app = quickApp();
    const stack = new SifpmStack(app, 'Cognito', { env: { account: '123456789012', region: 'ap-southeast-1' } });
    const [poolId] = Object.keys(Template.fromStack(stack).findResources('AWS::Cognito::UserPool'));
    expect(stack.resolve(stack.consoleConfig)).toEqual({
      auth: {
        mode: 'oidc',
        issuer: { 'Fn::Join': ['', ['https://cognito-idp.ap-southeast-1.amazonaws.com/', { Ref: poolId }]] },
        clientId: { Ref: expect.any(String) },
      },
      apiBase: '',
    });
    const csp = JSON.stringify(
      Object.values(Template.fromStack(stack).findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0],
    );
    expect(csp).toMatch(/connect-src[^;]*https:\/\/cognito-idp\.ap-southeast-1\.amazonaws\.com /);
    expect(csp).toMatch(/form-action[^;]*https:\/\/cognito-idp\.ap-southeast-1\.amazonaws\.com /);
    expect(csp).toContain('.auth.ap-southeast-1.amazoncognito.com');
  });

  it('falls back to the console only on console paths, never rewriting /api/* errors', () => {
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    const config = distribution?.Properties.DistributionConfig;
    // No distribution-wide error pages: they would turn an API's 403/404 into index.html with 200.
    expect(config.CustomErrorResponses).toBeUndefined();
    const [fnId] = Object.keys(template.findResources('AWS::CloudFront::Function'));
    const [fn] = Object.values(template.findResources('AWS::CloudFront::Function'));
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [fnId, 'FunctionARN'] } },
    ]);
    const [api] = config.CacheBehaviors;
    expect(api.PathPattern).toBe('/api/*');
    expect(api.FunctionAssociations).toBeUndefined();
    // The function rewrites extension-less paths only.
    const code = fn?.Properties.FunctionCode as string;
    const handler = new Function(`${code}; return handler;`)() as (e: unknown) => { uri: string };
    expect(handler({ request: { uri: '/cycles/2026' } }).uri).toBe('/index.html');
    expect(handler({ request: { uri: '/assets/index-abc.js' } }).uri).toBe('/assets/index-abc.js');
  });

  it('answers every behaviour with the security headers (CSP frame-ancestors none, nosniff, referrer policy)', () => {
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    const config = distribution?.Properties.DistributionConfig;
    const [policyId] = Object.keys(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    for (const behaviour of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
      expect(behaviour.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    }
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: Match.objectLike({
            ContentSecurityPolicy: Match.anyValue(),
            Override: true,
          }),
          ContentTypeOptions: { Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
      }),
    });
    const csp = JSON.stringify(
      Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0]?.Properties,
    );
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
  });

  it('deploys one function per manifest entry on a current Node.js runtime', () => {
    for (const id of Object.keys(FUNCTIONS)) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: `sifpm-${id}`,
        Runtime: Match.stringLikeRegexp('^nodejs(2[2-9]|[3-9]\\d)\\.x$'),
      });
    }
  });

  it('routes every manifest route through the HTTP API, behind the JWT authorizer unless public', () => {
    for (const spec of Object.values(FUNCTIONS)) {
      if (!('route' in spec)) continue;
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: spec.route,
        AuthorizationType: 'public' in spec && spec.public ? 'NONE' : 'JWT',
      });
    }
  });

  it('deploys exactly the definitions the local engine runs', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const nameOf = (logicalId: string) => functions[logicalId]?.Properties.FunctionName as string;
    for (const [machine, spec] of Object.entries(STATE_MACHINES)) {
      const [resource] = Object.values(
        template.findResources('AWS::StepFunctions::StateMachine', {
          Properties: { StateMachineName: `sifpm-${machine}` },
        }),
      );
      const deployed: string = resource?.Properties.DefinitionString;
      expect(JSON.parse(deployed)).toEqual(JSON.parse(readFileSync(spec.definition, 'utf8')));
      // Resolve the deployed substitutions the way the local default does: function → its local ARN.
      let resolved = deployed;
      for (const [placeholder, value] of Object.entries(resource?.Properties.DefinitionSubstitutions ?? {})) {
        if (placeholder === 'StatesPartition') {
          expect(value).toEqual({ Ref: 'AWS::Partition' });
          resolved = resolved.replaceAll(`\${StatesPartition}`, partitionOf(LOCAL_REGION));
          continue;
        }
        const logicalId = (value as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
        const fnId = nameOf(logicalId).replace(/^sifpm-/, '') as keyof typeof FUNCTIONS;
        resolved = resolved.replaceAll(`\${${placeholder}}`, functionArn(LOCAL_REGION, fnId));
      }
      expect(JSON.parse(localDefinition(machine as keyof typeof STATE_MACHINES))).toEqual(JSON.parse(resolved));
    }
  });

  it('can be built standalone for other accounts and regions', () => {
    const app = quickApp();
    const stack = new SifpmStack(app, 'Other', {
      env: { account: '123456789012', region: 'cn-northwest-1' },
      // no Cognito and no SES in the China regions (test/infra/regions.test.ts)
      identity: { kind: 'oidc', issuer: 'https://iam.example.gov.cn/oidc', clientId: 'sifpm-console' },
      mail: {
        transport: 'smtp',
        smtpSecretArn: 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:s-AbCdEf',
      },
    });
    expect(
      Template.fromStack(stack).resourceCountIs('AWS::StepFunctions::StateMachine', Object.keys(STATE_MACHINES).length),
    );
  });
});
