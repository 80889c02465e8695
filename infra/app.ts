import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type IdentityProps, type MailProps, SifpmStack } from '#infra/stack';

/**
 * `npx cdk synth` / `npx cdk deploy`. cdk-nag's AwsSolutions pack runs on every synth: an unacknowledged error fails
 * it. The deployment is chosen by context (`-c key=value`, docs/DEPLOY.md), falling back to the environment:
 *
 * - `region`, `account` (default `CDK_DEFAULT_REGION` / `CDK_DEFAULT_ACCOUNT`)
 * - `identity=cognito` (default; `domainPrefix`) or `identity=oidc` with `issuer`, `clientId`, optional `jwksUrl`
 * - `mail=ses` (default) or `mail=smtp` with `smtpSecretArn` (a Secrets Manager secret whose string is the relay URL)
 * - `mailFrom`, `consoleUrl` (default `SIFPM_MAIL_FROM` / `SIFPM_CONSOLE_URL`), `domainNames` (comma-separated) with
 *   `certificateArn` (ACM, us-east-1) or, in China, `iamCertificateId`
 */
export function buildApp(app = new App()): App {
  const ctx = (key: string): string | undefined => {
    const value = app.node.tryGetContext(key);
    return value === undefined || value === '' ? undefined : String(value);
  };
  const need = (key: string, why: string): string => {
    const value = ctx(key);
    if (!value) throw new Error(`-c ${key}=… is required ${why}`);
    return value;
  };
  const identity: IdentityProps =
    ctx('identity') === 'oidc'
      ? {
          kind: 'oidc',
          issuer: need('issuer', 'with identity=oidc'),
          clientId: need('clientId', 'with identity=oidc'),
          ...(ctx('jwksUrl') ? { jwksUrl: ctx('jwksUrl') } : {}),
        }
      : { kind: 'cognito', ...(ctx('domainPrefix') ? { domainPrefix: ctx('domainPrefix') } : {}) };
  const mail: MailProps =
    ctx('mail') === 'smtp'
      ? { transport: 'smtp', smtpSecretArn: need('smtpSecretArn', 'with mail=smtp') }
      : { transport: 'ses' };
  const domainNames = ctx('domainNames');
  new SifpmStack(app, 'Sifpm', {
    env: {
      account: ctx('account') ?? process.env.CDK_DEFAULT_ACCOUNT,
      region: ctx('region') ?? process.env.CDK_DEFAULT_REGION,
    },
    mailFrom: ctx('mailFrom') ?? process.env.SIFPM_MAIL_FROM,
    consoleUrl: ctx('consoleUrl') ?? process.env.SIFPM_CONSOLE_URL,
    identity,
    mail,
    ...(domainNames
      ? {
          domain: {
            names: domainNames.split(','),
            ...(ctx('iamCertificateId')
              ? { iamCertificateId: need('iamCertificateId', '') }
              : { certificateArn: need('certificateArn', 'with domainNames (or iamCertificateId in China)') }),
          },
        }
      : {}),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) buildApp().synth();
