import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '#infra/app';
import { SifpmStack, type SifpmStackProps } from '#infra/stack';

/**
 * The stack synthesises for a global region and for cn-northwest-1 with no region findings. The check is the
 * CDK's built-in CloudFormation validation (the "CloudFormation Validate" plugin aws-cdk-lib ships, a port of
 * cfn-lint's rules with its per-region resource-type data): rule F3006 reports a resource type that does not exist
 * in the stack's region. With `@aws-cdk/core:validateAgainstDefaultRules` (set in cdk.json) a finding fails the
 * synth. What this proves: every resource type is one CloudFormation offers in that region, as far as the
 * validator's bundled data knows (its version is in the report); not that every property or feature is.
 */

const CN: SifpmStackProps = {
  env: { account: '123456789012', region: 'cn-northwest-1' },
  identity: { kind: 'oidc', issuer: 'https://iam.example.gov.cn/oidc', clientId: 'sifpm-console' },
  mail: {
    transport: 'smtp',
    smtpSecretArn: 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:sifpm-smtp-AbCdEf',
  },
};
const GLOBAL: SifpmStackProps = { env: { account: '123456789012', region: 'ap-southeast-1' } };

function synth(props: SifpmStackProps, extra?: (stack: SifpmStack) => void) {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'sifpm-region-'));
  const app = new App({
    outdir,
    context: { 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:validateAgainstDefaultRules': true },
  });
  const stack = new SifpmStack(app, 'Sifpm', props);
  extra?.(stack);
  const report = () => {
    const file = path.join(outdir, 'validation-report.json');
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  };
  try {
    const assembly = app.synth();
    return { stack, assembly, report: report() };
  } catch (error) {
    return { stack, error, report: report() };
  }
}

const ruleNames = (report: { pluginReports: { violations: { ruleName: string }[] }[] }) =>
  report.pluginReports.flatMap((p) => p.violations.map((v) => v.ruleName));

describe('region checks', () => {
  it.each([
    ['ap-southeast-1 (Cognito, SES)', GLOBAL],
    ['cn-northwest-1 (external OIDC issuer, SMTP relay)', CN],
  ])(
    '%s: no resource type missing from the region, no warnings',
    (_, props) => {
      const { assembly, error, report } = synth(props);
      expect(error).toBeUndefined();
      const validate = report?.pluginReports.find(
        (p: { pluginName: string }) => p.pluginName === 'CloudFormation Validate',
      );
      expect(validate).toBeDefined(); // the check ran
      expect(validate.violations).toEqual([]);
      const messages = assembly?.stacks.flatMap((s) => s.messages).filter((m) => m.level !== 'info') ?? [];
      expect(messages.map((m) => `${m.id}: ${m.entry.data}`)).toEqual([]);
    },
    120_000,
  );

  it('fails the synth on a resource type cn-northwest-1 does not have (the check is live)', () => {
    const { error, report } = synth(CN, (stack) => {
      new CfnResource(stack, 'Pool', { type: 'AWS::Cognito::UserPool', properties: {} });
    });
    expect(error).toBeDefined();
    expect(ruleNames(report)).toContain('F3006');
  }, 120_000);

  it('in China: no Cognito, no SES, an origin access identity, the console calling the API across origins', () => {
    const { stack } = synth(CN);
    const template = Template.fromStack(stack);
    for (const type of [
      'AWS::Cognito::UserPool',
      'AWS::Cognito::UserPoolClient',
      'AWS::CloudFront::Function',
      'AWS::CloudFront::OriginAccessControl',
    ]) {
      template.resourceCountIs(type, 0);
    }
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 1);
    expect(JSON.stringify(template.toJSON())).not.toContain('ses:');
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(fn?.Properties.Environment.Variables).toMatchObject({
      SIFPM_JWT_ISSUER: 'https://iam.example.gov.cn/oidc',
      SIFPM_JWT_AUDIENCE: 'sifpm-console',
      SIFPM_JWKS_URL: 'https://iam.example.gov.cn/oidc/.well-known/jwks.json',
      SIFPM_ACCOUNTS: 'none',
      SIFPM_MAIL_TRANSPORT: 'smtp',
      SIFPM_SMTP_SECRET_ARN: CN.mail?.transport === 'smtp' ? CN.mail.smtpSecretArn : '',
    });
    // mail through the relay: its one secret, for the functions that send mail (and the health probe) only
    const policyOf = (fnId: string) => {
      const [f] = Object.values(
        template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: `sifpm-${fnId}` } }),
      );
      const roleId = f?.Properties.Role['Fn::GetAtt'][0] as string;
      return JSON.stringify(
        Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
          JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`),
        ),
      );
    };
    expect(policyOf('targets-step')).toContain(
      '{"Action":"secretsmanager:GetSecretValue","Effect":"Allow","Resource":"arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:sifpm-smtp-AbCdEf"}',
    );
    expect(policyOf('api-health')).toContain('secretsmanager:GetSecretValue');
    expect(policyOf('api-tasks-get')).not.toContain('secretsmanager');
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Issuer: 'https://iam.example.gov.cn/oidc', Audience: ['sifpm-console'] },
    });
    expect(stack.resolve(stack.consoleConfig)).toEqual({
      auth: { mode: 'oidc', issuer: 'https://iam.example.gov.cn/oidc', clientId: 'sifpm-console' },
      apiBase: { 'Fn::GetAtt': [expect.any(String), 'ApiEndpoint'] },
    });
    const csp = JSON.stringify(Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0]);
    expect(csp).toMatch(/connect-src[^;]*https:\/\/iam\.example\.gov\.cn/);
    expect(csp).toMatch(/form-action[^;]*https:\/\/iam\.example\.gov\.cn/);
  }, 120_000);

  it('is chosen by context as `cdk synth -c …` passes it, cdk-nag included', () => {
    const app = buildApp(
      new App({
        outdir: mkdtempSync(path.join(os.tmpdir(), 'sifpm-region-')),
        context: {
          'aws:cdk:bundling-stacks': [],
          '@aws-cdk/core:validateAgainstDefaultRules': true,
          region: 'cn-northwest-1',
          account: '123456789012',
          identity: 'oidc',
          issuer: 'https://iam.example.gov.cn/oidc',
          clientId: 'sifpm-console',
          mail: 'smtp',
          smtpSecretArn: 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:sifpm-smtp-AbCdEf',
        },
      }),
    );
    expect(() => app.synth()).not.toThrow();
    const stack = app.node.findChild('Sifpm') as SifpmStack;
    expect(stack.region).toBe('cn-northwest-1');
    Template.fromStack(stack).resourceCountIs('AWS::Cognito::UserPool', 0);
    expect(() => buildApp(new App({ context: { identity: 'oidc' } }))).toThrow(/issuer/);
  }, 120_000);

  it('in China: serves the ICP-filed domain with its IAM server certificate, TLSv1.2_2021', () => {
    const { stack, error } = synth({
      ...CN,
      domain: { names: ['sifpm.example.cn'], iamCertificateId: 'ASCAEXAMPLEEXAMPLE1234' },
    });
    expect(error).toBeUndefined();
    const [distribution] = Object.values(Template.fromStack(stack).findResources('AWS::CloudFront::Distribution'));
    expect(distribution?.Properties.DistributionConfig).toMatchObject({
      Aliases: ['sifpm.example.cn'],
      ViewerCertificate: {
        IamCertificateId: 'ASCAEXAMPLEEXAMPLE1234',
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: 'TLSv1.2_2021',
      },
    });
  }, 120_000);

  it('refuses Cognito and SES where they are not offered', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(() => new SifpmStack(app, 'A', { env: CN.env })).toThrow(/Cognito/);
    expect(() => new SifpmStack(app, 'B', { env: CN.env, identity: CN.identity ?? { kind: 'cognito' } })).toThrow(
      /SES/,
    );
  });
});
