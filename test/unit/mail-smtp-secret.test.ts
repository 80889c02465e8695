import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAwsJson } from '../helpers/fake-aws-json.ts';

/**
 * In AWS the relay URL is a Secrets Manager secret (`SIFPM_SMTP_SECRET_ARN`), read once per process — here from a
 * fake Secrets Manager endpoint (`secretsmanager.GetSecretValue`), then two messages reach a real SMTP receiver.
 */
let server: SMTPServer;
let fake: Awaited<ReturnType<typeof fakeAwsJson>>;
const received: string[] = [];
const SECRET = 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:sifpm-smtp-AbCdEf';

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let data = '';
      stream.on('data', (c: Buffer) => {
        data += c.toString('utf8');
      });
      stream.on('end', () => {
        received.push(data);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  fake = await fakeAwsJson((operation, input) =>
    operation === 'GetSecretValue' && input.SecretId === SECRET
      ? { body: { ARN: SECRET, Name: 'sifpm-smtp', SecretString: `smtp://127.0.0.1:${port}\n` } }
      : { status: 400, body: { __type: 'ResourceNotFoundException', message: 'no such secret' } },
  );
  Object.assign(process.env, {
    SIFPM_TABLE: 't',
    SIFPM_BUCKET: 'b',
    SIFPM_STATE_MACHINE_PREFIX: 'arn:aws:states:cn-north-1:000000000000:stateMachine:sifpm-',
    SIFPM_MAIL_FROM: 'noreply@sifpm.example.cn',
    SIFPM_CONSOLE_URL: 'https://sifpm.example.cn',
    SIFPM_JWT_ISSUER: 'https://issuer.example.cn',
    SIFPM_JWT_AUDIENCE: 'sifpm',
    SIFPM_JWKS_URL: 'https://issuer.example.cn/jwks.json',
    SIFPM_MAIL_TRANSPORT: 'smtp',
    SIFPM_SMTP_SECRET_ARN: SECRET,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.url,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
});

afterAll(async () => {
  await fake.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the SMTP relay URL from Secrets Manager', () => {
  it('reads the secret once and delivers through the relay it names', async () => {
    const { sendMail } = await import('#shared/platform/mail');
    for (const n of [1, 2]) {
      await sendMail({
        to: 'sun.li@hrss.example.gov.cn',
        subject: { zh: `通知 ${n}`, en: `Notice ${n}` },
        paragraphs: [],
      });
    }
    expect(received).toHaveLength(2);
    expect(fake.calls.map((c) => c.operation)).toEqual(['GetSecretValue']);
  });
});
