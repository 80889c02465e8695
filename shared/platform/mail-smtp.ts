import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { createTransport, type Transporter } from 'nodemailer';
import { aws } from '#shared/platform/aws';
import { config } from '#shared/platform/config';
import { internal } from '#shared/platform/errors';

/**
 * The SMTP adapter of the mail port, through nodemailer: the relay's URL (`smtps://user:password@host:465`,
 * `smtp://host:587` with STARTTLS) comes from `SIFPM_SMTP_URL` or, in AWS, from the Secrets Manager secret
 * `SIFPM_SMTP_SECRET_ARN`, read once per process. The URL holds a password: it is never logged, and nodemailer's
 * own logger is off by default and not turned on here.
 */
let transporter: Promise<Transporter> | undefined;

async function relayUrl(): Promise<string> {
  const c = config();
  if (c.SIFPM_SMTP_URL) return c.SIFPM_SMTP_URL;
  const secret = await aws().secrets.send(new GetSecretValueCommand({ SecretId: c.SIFPM_SMTP_SECRET_ARN }));
  if (!secret.SecretString) {
    throw internal('SMTP_SECRET_EMPTY', {
      zh: '邮件中继的密钥没有字符串值。',
      en: 'The SMTP relay secret has no string value.',
    });
  }
  return secret.SecretString.trim();
}

function transport(): Promise<Transporter> {
  transporter ??= relayUrl().then((url) => createTransport(url));
  // A failed secret read is not kept: the next message tries again.
  transporter.catch(() => {
    transporter = undefined;
  });
  return transporter;
}

export async function sendSmtp(message: { from: string; to: string; subject: string; text: string; html: string }) {
  await (await transport()).sendMail(message);
}

/** The health probe: the relay answers and accepts the credentials. */
export async function smtpReady(): Promise<void> {
  await (await transport()).verify();
}
