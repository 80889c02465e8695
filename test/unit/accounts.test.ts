import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeCall, fakeAwsJson } from '../helpers/fake-aws-json.ts';

/**
 * The provisioning port's Cognito adapter against a fake Cognito endpoint (the JSON protocol the SDK speaks,
 * `AWSCognitoIdentityProviderService.<Operation>`), pointed to by `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`.
 */

const POOL = 'cn-north-1_TESTPOOL';
const users = new Map<string, { sub: string; enabled: boolean }>();
let fake: Awaited<ReturnType<typeof fakeAwsJson>>;
let calls: FakeCall[];

beforeAll(async () => {
  fake = await fakeAwsJson((operation, input) => {
    if (input.UserPoolId !== POOL)
      return { status: 400, body: { __type: 'ResourceNotFoundException', message: 'pool' } };
    const name = input.Username as string;
    const user = users.get(name);
    const notFound = { status: 400, body: { __type: 'UserNotFoundException', message: 'User does not exist.' } };
    switch (operation) {
      case 'AdminCreateUser': {
        if (user) return { status: 400, body: { __type: 'UsernameExistsException', message: 'exists' } };
        const sub = `sub-${users.size + 1}`;
        users.set(name, { sub, enabled: true });
        const attrs = [...(input.UserAttributes as { Name: string; Value: string }[]), { Name: 'sub', Value: sub }];
        return {
          body: { User: { Username: name, Attributes: attrs, Enabled: true, UserStatus: 'FORCE_CHANGE_PASSWORD' } },
        };
      }
      case 'AdminEnableUser':
        if (!user) return notFound;
        user.enabled = true;
        return { body: {} };
      case 'AdminDisableUser':
        if (!user) return notFound;
        user.enabled = false;
        return { body: {} };
      case 'AdminGetUser':
        if (!user) return notFound;
        return { body: { Username: name, Enabled: user.enabled, UserAttributes: [{ Name: 'sub', Value: user.sub }] } };
      default:
        return { status: 400, body: { __type: 'InvalidParameterException', message: operation } };
    }
  });
  calls = fake.calls;
  Object.assign(process.env, {
    SIFPM_TABLE: 't',
    SIFPM_BUCKET: 'b',
    SIFPM_STATE_MACHINE_PREFIX: 'arn:aws:states:cn-north-1:000000000000:stateMachine:sifpm-',
    SIFPM_MAIL_FROM: 'noreply@sifpm.example.cn',
    SIFPM_CONSOLE_URL: 'https://sifpm.example.cn',
    SIFPM_JWT_ISSUER: 'https://issuer.example.cn',
    SIFPM_JWT_AUDIENCE: 'sifpm',
    SIFPM_JWKS_URL: 'https://issuer.example.cn/jwks.json',
    SIFPM_ACCOUNTS: 'cognito',
    SIFPM_USER_POOL_ID: POOL,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: fake.url,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
});

afterAll(() => fake.close());

describe('provisioning accounts in Cognito', () => {
  it('creates a new person with the invitation mail and a verified address, answering their sub', async () => {
    const { provisionAccount } = await import('#shared/platform/accounts');
    expect(
      await provisionAccount({ id: 'p-0a1b2c3d4e5f', email: 'wang.fang@hrss.example.gov.cn', name: '王芳' }),
    ).toEqual({
      subject: 'sub-1',
    });
    expect(calls.at(-1)).toEqual({
      operation: 'AdminCreateUser',
      input: {
        UserPoolId: POOL,
        Username: 'wang.fang@hrss.example.gov.cn',
        UserAttributes: [
          { Name: 'email', Value: 'wang.fang@hrss.example.gov.cn' },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: '王芳' },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      },
    });
  });

  it('disables a deactivated person, and re-enables them (same sub) when they are added again', async () => {
    const { provisionAccount, disableAccount } = await import('#shared/platform/accounts');
    await disableAccount({ email: 'wang.fang@hrss.example.gov.cn' });
    expect(users.get('wang.fang@hrss.example.gov.cn')?.enabled).toBe(false);
    const before = calls.length;
    expect(
      await provisionAccount({ id: 'p-0a1b2c3d4e5f', email: 'wang.fang@hrss.example.gov.cn', name: '王芳' }),
    ).toEqual({
      subject: 'sub-1',
    });
    expect(calls.slice(before).map((c) => c.operation)).toEqual(['AdminCreateUser', 'AdminEnableUser', 'AdminGetUser']);
    expect(users.get('wang.fang@hrss.example.gov.cn')?.enabled).toBe(true);
  });

  it('treats disabling an account that does not exist as done', async () => {
    const { disableAccount } = await import('#shared/platform/accounts');
    await expect(disableAccount({ email: 'nobody@hrss.example.gov.cn' })).resolves.toBeUndefined();
  });
});
