import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Access, FUNCTIONS, type FunctionId, STATE_MACHINES } from '#functions/manifest';
import { SifpmStack } from '#infra/stack';
import { quickApp } from './app.ts';

/**
 * Every function's IAM policy equals what its manifest declaration implies — actions and resources, pair by pair —
 * written out here independently of the stack's own translation (infra/stack.ts `accessStatements`).
 */

const REGION = 'ap-southeast-1';
const ACCOUNT = '123456789012';
const MAIL_FROM = 'noreply@sifpm.example.cn';

type Json = unknown;
/** A resource as text: `<Logical.Arn>` for Fn::GetAtt, `<Ref>` for Ref, joins concatenated (cdk-nag's notation). */
function render(value: Json): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, Json>;
  if ('Ref' in v) return `<${v.Ref as string}>`;
  if ('Fn::GetAtt' in v) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  if ('Fn::Join' in v) {
    const [sep, parts] = v['Fn::Join'] as [string, Json[]];
    return parts.map(render).join(sep);
  }
  throw new Error(`unexpected intrinsic ${JSON.stringify(value)}`);
}
const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** What a declaration implies, as "action resource" pairs. */
function implied(access: Access, ids: { table: string; documents: string; pool?: string }): Set<string> {
  const pairs = new Set<string>();
  const add = (actions: string[], resources: string[]) => {
    for (const a of actions) for (const r of resources) pairs.add(`${a} ${r}`);
  };
  const arn = (service: string, resource: string) => `arn:<AWS::Partition>:${service}:${REGION}:${ACCOUNT}:${resource}`;
  const table = `<${ids.table}.Arn>`;
  const bucket = `<${ids.documents}.Arn>`;
  const read = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'];
  const write = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'];
  if (access.table) {
    add(access.table === 'write' ? [...read, ...write] : read, [table, `${table}/index/gsi1`, `${table}/index/gsi2`]);
  }
  if (access.scan) add(['dynamodb:Scan'], [table]);
  if (access.documents || access.probe) add(['s3:ListBucket'], [bucket]);
  if (access.documents) {
    add(
      ['s3:GetObject', 's3:GetObjectVersion', ...(access.documents === 'write' ? ['s3:PutObject'] : [])],
      [`${bucket}/*`],
    );
  }
  for (const m of access.start ?? []) add(['states:StartExecution'], [arn('states', `stateMachine:sifpm-${m}`)]);
  for (const m of access.observe ?? []) {
    add(['states:DescribeExecution', 'states:GetExecutionHistory'], [arn('states', `execution:sifpm-${m}:*`)]);
  }
  if (access.tokens) add(['states:SendTaskSuccess'], ['*']);
  if (access.mail)
    add(['ses:SendEmail'], [arn('ses', `identity/${MAIL_FROM}`), arn('ses', 'identity/sifpm.example.cn')]);
  if (access.probe) {
    add(['ses:GetAccount'], ['*']);
    add(['dynamodb:DescribeTable'], [table]);
    add(['states:DescribeStateMachine'], [arn('states', 'stateMachine:sifpm-kickoff')]);
  }
  if (access.accounts && ids.pool) {
    add(
      [
        'cognito-idp:AdminCreateUser',
        'cognito-idp:AdminGetUser',
        'cognito-idp:AdminEnableUser',
        'cognito-idp:AdminDisableUser',
      ],
      [`<${ids.pool}.Arn>`],
    );
  }
  return pairs;
}

/** The "action resource" pairs a function's role is granted, apart from X-Ray (active tracing adds it to every one). */
function granted(template: Template, fnId: FunctionId): { pairs: Set<string>; managed: string[] } {
  const functions = template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: `sifpm-${fnId}` } });
  const [fn] = Object.values(functions);
  if (!fn) throw new Error(`no function sifpm-${fnId}`);
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const pairs = new Set<string>();
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
    if (!JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`)) continue;
    for (const st of policy.Properties.PolicyDocument.Statement as { Action: Json; Resource: Json; Effect: string }[]) {
      expect(st.Effect).toBe('Allow');
      for (const a of list(st.Action as string | string[])) {
        if (a.startsWith('xray:')) continue;
        for (const r of list(st.Resource)) pairs.add(`${a} ${render(r)}`);
      }
    }
  }
  const role = template.findResources('AWS::IAM::Role')[roleId];
  return { pairs, managed: list(role?.Properties.ManagedPolicyArns).map(render) };
}

describe('least privilege: each function is granted exactly its declaration', () => {
  let template: Template;
  let stack: SifpmStack;
  let ids: { table: string; documents: string; pool: string };

  beforeAll(() => {
    const app = quickApp();
    stack = new SifpmStack(app, 'Sifpm', { env: { account: ACCOUNT, region: REGION }, mailFrom: MAIL_FROM });
    template = Template.fromStack(stack);
    const logical = (path: string) => stack.getLogicalId(stack.node.findChild(path).node.defaultChild as CfnElement);
    ids = { table: logical('Table'), documents: logical('Documents'), pool: logical('Users') };
  }, 120_000);

  it.each(Object.keys(FUNCTIONS) as FunctionId[])('%s', (fnId) => {
    const access: Access = FUNCTIONS[fnId].access;
    const { pairs, managed } = granted(template, fnId);
    expect([...pairs].sort()).toEqual([...implied(access, ids)].sort());
    expect(managed).toEqual(['arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
    const actions = [...pairs].map((p) => p.split(' ')[0] as string);
    if (access.table !== 'write') {
      expect(actions.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite|ConditionCheck)/.test(a))).toEqual([]);
    }
    if (!access.table && !access.scan && !access.probe) {
      expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
    }
    if (!access.documents && !access.probe) expect(actions.filter((a) => a.startsWith('s3:'))).toEqual([]);
    if (!access.start) expect(actions).not.toContain('states:StartExecution');
  });

  it('gives public reference handlers exactly what they read, and the OpenAPI document nothing', () => {
    expect(FUNCTIONS['api-openapi'].access).toEqual({});
    expect(granted(template, 'api-openapi').pairs.size).toBe(0);
    expect(FUNCTIONS['api-public-cycle'].access).toEqual({ documents: 'read' });
  });

  it('declares only machines that exist, and each machine-invoked function is a machine step', () => {
    for (const spec of Object.values(FUNCTIONS)) {
      const access: Access = spec.access;
      for (const m of [...(access.start ?? []), ...(access.observe ?? [])]) expect(STATE_MACHINES).toHaveProperty(m);
    }
  });

  it('grants the provisioning actions on the user pool only to a function that declares accounts', () => {
    // the roles of the functions that declare accounts, and the roles a policy naming Cognito is attached to
    const roleOf = (fnId: string) => {
      const [fn] = Object.values(
        template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: `sifpm-${fnId}` } }),
      );
      if (!fn) throw new Error(`no function sifpm-${fnId}`);
      return (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    };
    const declaring = new Set(
      Object.entries(FUNCTIONS)
        .filter(([, s]) => (s.access as Access).accounts)
        .map(([id]) => roleOf(id)),
    );
    const withCognito = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p).includes('cognito-idp:'),
    );
    const attached = new Set(withCognito.flatMap((p) => (p.Properties.Roles as { Ref: string }[]).map((r) => r.Ref)));
    expect(declaring.size).toBeGreaterThan(0);
    expect(attached).toEqual(declaring);
    // The option itself, on a function of this stack's translation.
    const statements = (
      stack as unknown as { accessStatements: (a: Access, d: unknown) => { toStatementJson(): unknown }[] }
    ).accessStatements(
      { accounts: true },
      {
        table: stack.node.findChild('Table'),
        documents: stack.node.findChild('Documents'),
        userPool: stack.node.findChild('Users'),
        mail: { transport: 'ses' },
        mailFrom: MAIL_FROM,
      },
    );
    expect(statements.map((s) => stack.resolve(s.toStatementJson()))).toEqual([
      {
        Effect: 'Allow',
        Action: [
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminGetUser',
          'cognito-idp:AdminEnableUser',
          'cognito-idp:AdminDisableUser',
        ],
        Resource: { 'Fn::GetAtt': [ids.pool, 'Arn'] },
      },
    ]);
  });

  it('lets no client write an authorization attribute: no custom attributes, explicit client attributes', () => {
    const [pool] = Object.values(template.findResources('AWS::Cognito::UserPool'));
    const schema = (pool?.Properties.Schema ?? []) as { Name: string }[];
    expect(schema.filter((a) => !['email', 'name'].includes(a.Name))).toEqual([]);
    const [client] = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
    const write = client?.Properties.WriteAttributes as string[];
    const read = client?.Properties.ReadAttributes as string[];
    expect(write?.length).toBeGreaterThan(0); // an empty list would mean "every standard attribute"
    expect(write.filter((a) => a.startsWith('custom:'))).toEqual([]);
    for (const authorizing of ['email', 'email_verified', 'custom:org_code', 'custom:tier', 'custom:department']) {
      expect(write).not.toContain(authorizing);
    }
    expect([...read].sort()).toEqual(['email', 'email_verified', 'name']);
  });
});
