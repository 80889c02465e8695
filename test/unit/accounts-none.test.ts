import { describe, expect, it } from 'vitest';

/** `SIFPM_ACCOUNTS=none` (an external OIDC issuer; the local default): the port does nothing and knows no subject. */
describe('provisioning accounts with SIFPM_ACCOUNTS=none', () => {
  it('answers {} and calls nothing', async () => {
    Object.assign(process.env, {
      SIFPM_TABLE: 't',
      SIFPM_BUCKET: 'b',
      SIFPM_STATE_MACHINE_PREFIX: 'arn:aws:states:cn-north-1:000000000000:stateMachine:sifpm-',
      SIFPM_MAIL_FROM: 'noreply@sifpm.example.cn',
      SIFPM_CONSOLE_URL: 'https://sifpm.example.cn',
      SIFPM_JWT_ISSUER: 'https://issuer.example.cn',
      SIFPM_JWT_AUDIENCE: 'sifpm',
      SIFPM_JWKS_URL: 'https://issuer.example.cn/jwks.json',
      SIFPM_ACCOUNTS: 'none',
      // would fail the test if anything were called
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: 'http://127.0.0.1:9',
    });
    const { provisionAccount, disableAccount } = await import('#shared/platform/accounts');
    expect(
      await provisionAccount({ id: 'p-0a1b2c3d4e5f', email: 'zhao.lei@hrss.example.gov.cn', name: '赵磊' }),
    ).toEqual({});
    await expect(disableAccount({ email: 'zhao.lei@hrss.example.gov.cn' })).resolves.toBeUndefined();
  });
});
