import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '#functions/manifest';
import { buildApp } from '#infra/app';
import { UPLOAD_PREFIX } from '#shared/documents/documents';
import { quickApp } from './app.ts';

/** The documents bucket's wiring: uploads under uploads/ notify the inspecting function (DESIGN §5). */
describe('the documents bucket in the CDK stack', () => {
  let template: Template;

  beforeAll(() => {
    // No bundling: the wiring is what is asserted; cdk-nag still runs on synth.
    const app = buildApp(quickApp());
    app.synth();
    template = Template.fromStack(app.node.findChild('Sifpm') as Stack);
  });

  it('deploys documents-uploaded as the handler of uploads', () => {
    expect(FUNCTIONS['documents-uploaded']).toMatchObject({ entry: 'functions/documents/uploaded.ts', onUpload: true });
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'sifpm-documents-uploaded' });
  });

  it("sends the bucket's ObjectCreated events under uploads/ to documents-uploaded", () => {
    const [fnId] = Object.keys(
      template.findResources('AWS::Lambda::Function', {
        Properties: { FunctionName: 'sifpm-documents-uploaded' },
      }),
    );
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: UPLOAD_PREFIX }] } },
            LambdaFunctionArn: { 'Fn::GetAtt': [fnId, 'Arn'] },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 's3.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
      SourceAccount: Match.anyValue(),
    });
  });

  it('lets the console POST to the versioned bucket from its own origin only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({ AllowedMethods: ['POST'], AllowedOrigins: [Match.stringLikeRegexp('^https://')] }),
        ],
      },
    });
  });
});
