import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { SifpmStack, type SifpmStackProps } from '#infra/stack';
import { quickApp } from './app.ts';

/**
 * Every cdk-nag acknowledgement of the stack matches a finding that exists, at or below the construct it is made
 * on. The findings are cdk-nag's own, collected with acknowledgements ignored (the pack's `isAcknowledged` answers
 * false), so an acknowledgement made "in advance" — for a finding no resource has — fails here.
 */

interface Finding {
  rule: string;
  path: string;
}

function findings(stack: SifpmStack): Finding[] {
  const pack = new AwsSolutionsChecks();
  (pack as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
  const report = pack.validateScope(stack);
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => ({ rule: v.ruleName, path: (r as { constructPath: string }).constructPath })),
  );
}

function acknowledgements(scope: IConstruct): { rule: string; path: string; reason: string }[] {
  const out: { rule: string; path: string; reason: string }[] = [];
  for (const c of scope.node.findAll()) {
    for (const m of c.node.metadata) {
      if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(m.data as Record<string, string>)) {
        const rule = id.replace(/^(Annotation|AwsSolutions)::/, '');
        if (rule.startsWith('AwsSolutions-')) out.push({ rule, path: c.node.path, reason });
      }
    }
  }
  return out;
}

const matches = (ack: { rule: string; path: string }, f: Finding) =>
  (f.rule === ack.rule || f.rule.startsWith(`${ack.rule}[`)) &&
  (f.path === ack.path || f.path.startsWith(`${ack.path}/`));

const china: SifpmStackProps = {
  env: { account: '123456789012', region: 'cn-northwest-1' },
  identity: { kind: 'oidc', issuer: 'https://iam.example.gov.cn/oidc', clientId: 'sifpm-console' },
  mail: {
    transport: 'smtp',
    smtpSecretArn: 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:sifpm-smtp-AbCdEf',
  },
};

const variants: [string, SifpmStackProps][] = [
  ['environment-agnostic (npm run synth)', {}],
  ['a global region with Cognito and SES', { env: { account: '123456789012', region: 'ap-southeast-1' } }],
  ['cn-northwest-1 with an external OIDC issuer and an SMTP relay', china],
  [
    'a configured domain and certificate',
    {
      env: { account: '123456789012', region: 'ap-southeast-1' },
      domain: {
        names: ['sifpm.example.cn'],
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
      },
    },
  ],
  [
    'cn-northwest-1 with its ICP-filed domain and an IAM server certificate',
    { ...china, domain: { names: ['sifpm.example.cn'], iamCertificateId: 'ASCAEXAMPLEEXAMPLE1234' } },
  ],
];

describe('cdk-nag acknowledgements', () => {
  it.each(variants)('each matches a finding that exists: %s', (_, props) => {
    const app: App = quickApp();
    const stack = new SifpmStack(app, 'Sifpm', props);
    app.synth();
    const all = findings(stack);
    const acks = acknowledgements(stack);
    expect(acks.length).toBeGreaterThan(0);
    const unmatched = acks.filter((a) => !all.some((f) => matches(a, f))).map((a) => `${a.path}: ${a.rule}`);
    expect(unmatched).toEqual([]);
    for (const a of acks) expect(a.reason.length).toBeGreaterThan(20);
  });

  it('fails on an acknowledgement made in advance', () => {
    const app: App = quickApp();
    const stack = new SifpmStack(app, 'Sifpm', { env: { account: '123456789012', region: 'ap-southeast-1' } });
    // the kind the review found: a version/alias wildcard for a function no machine invokes
    Validations.of(stack).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(stack.functions['api-openapi'].node.defaultChild as never)}.Arn>:*]`,
      reason: 'Step Functions invokes the function (it does not).',
    });
    app.synth();
    const all = findings(stack);
    const unmatched = acknowledgements(stack).filter((a) => !all.some((f) => matches(a, f)));
    expect(unmatched.map((a) => a.rule)).toEqual([expect.stringContaining('Fnapiopenapi')]);
  });

  it('acknowledges CFR4 (default certificate) only while no domain is configured', () => {
    const rulesOf = (props: SifpmStackProps) => {
      const app: App = quickApp();
      const stack = new SifpmStack(app, 'Sifpm', props);
      return acknowledgements(stack).map((a) => a.rule);
    };
    expect(rulesOf(variants[1]?.[1] ?? {})).toContain('AwsSolutions-CFR4');
    expect(rulesOf(variants[3]?.[1] ?? {})).not.toContain('AwsSolutions-CFR4');
    expect(rulesOf(variants[1]?.[1] ?? {})).not.toContain('AwsSolutions-CFR3');
  });
});
