import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SifpmStack } from '#infra/stack';

/** `npx cdk synth` / `npx cdk deploy`. cdk-nag's AwsSolutions pack runs on every synth: an unacknowledged error fails it. */
export function buildApp(app = new App()): App {
  new SifpmStack(app, 'Sifpm', {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    mailFrom: process.env.SIFPM_MAIL_FROM,
    consoleUrl: process.env.SIFPM_CONSOLE_URL,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) buildApp().synth();
