import { z } from 'zod';

/**
 * Runtime configuration, read from the environment once and validated.
 * In AWS the CDK stack sets these variables on every function; locally `local/` sets them before it loads
 * any handler. Endpoints are the only thing that differ, and the AWS SDK itself reads them
 * (`AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_SFN`, `AWS_ENDPOINT_URL_SESV2`,
 * `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`, `AWS_ENDPOINT_URL_SECRETS_MANAGER`).
 */
const ConfigSchema = z
  .object({
    SIFPM_TABLE: z.string().min(1),
    SIFPM_BUCKET: z.string().min(1),
    SIFPM_STATE_MACHINE_PREFIX: z.string().min(1),
    SIFPM_MAIL_FROM: z.string().email(),
    SIFPM_CONSOLE_URL: z.string().url(),
    SIFPM_JWT_ISSUER: z.string().url(),
    SIFPM_JWT_AUDIENCE: z.string().min(1),
    SIFPM_JWKS_URL: z.string().url(),
    /** S3 emulators want path-style URLs; AWS wants virtual-hosted. */
    SIFPM_S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
    AWS_REGION: z.string().min(1).default('cn-north-1'),
    /**
     * Sign-in accounts (shared/platform/accounts.ts): `cognito` provisions them in `SIFPM_USER_POOL_ID`; `none` — an
     * external OIDC issuer manages its own accounts, and the local provider signs in exactly the directory's people.
     */
    SIFPM_ACCOUNTS: z.enum(['cognito', 'none', 'directory']).default('none'),
    SIFPM_USER_POOL_ID: z.string().min(1).optional(),
    /**
     * The kinds of task mail that wait for the person's daily digest (`shared/tasks/digest.ts`) instead of going at
     * once: `task` (a new task), `reminder` (before its deadline), `overdue` (after it). Comma-separated; empty: none.
     */
    SIFPM_MAIL_DIGEST: z
      .string()
      .default('reminder,overdue')
      .transform((s) =>
        s
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(['task', 'reminder', 'overdue']))),
    /** Mail transport (shared/platform/mail.ts): SES v2, or an SMTP relay. */
    SIFPM_MAIL_TRANSPORT: z.enum(['ses', 'smtp']).default('ses'),
    /** The relay as a URL (`smtps://user:password@host:465`); holds a password: never logged. Local and tests. */
    SIFPM_SMTP_URL: z.string().url().optional(),
    /** In AWS: a Secrets Manager secret whose string is that URL, read once per cold start. */
    SIFPM_SMTP_SECRET_ARN: z.string().min(1).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.SIFPM_ACCOUNTS === 'cognito' && !c.SIFPM_USER_POOL_ID) {
      ctx.addIssue({ code: 'custom', path: ['SIFPM_USER_POOL_ID'], message: 'required with SIFPM_ACCOUNTS=cognito' });
    }
    if (c.SIFPM_MAIL_TRANSPORT === 'smtp' && !c.SIFPM_SMTP_URL && !c.SIFPM_SMTP_SECRET_ARN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SIFPM_SMTP_URL'],
        message: 'SIFPM_SMTP_URL or SIFPM_SMTP_SECRET_ARN is required with SIFPM_MAIL_TRANSPORT=smtp',
      });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

let cached: Config | undefined;

export function config(): Config {
  cached ??= ConfigSchema.parse(process.env);
  return cached;
}

/** ARN of a phase machine by its short name, e.g. `stateMachineArn('kickoff')`. */
export function stateMachineArn(name: string): string {
  return `${config().SIFPM_STATE_MACHINE_PREFIX}${name}`;
}
