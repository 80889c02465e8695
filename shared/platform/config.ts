import { z } from 'zod';

/**
 * Runtime configuration, read from the environment once and validated.
 * In AWS the CDK stack sets these variables on every function; locally `local/` sets them before it loads
 * any handler. Endpoints are the only thing that differ, and the AWS SDK itself reads them
 * (`AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_SFN`, `AWS_ENDPOINT_URL_SESV2`).
 */
const ConfigSchema = z.object({
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
