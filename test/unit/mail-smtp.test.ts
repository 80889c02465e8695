import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * The mail port's SMTP adapter against a real SMTP receiver (smtp-server): what arrives is the rendered message —
 * the bilingual subject as a UTF-8 encoded header, the zh and en bodies, the links — and the relay URL, which holds
 * a password, is never written to the log or the console.
 */

const received: Buffer[] = [];
const logins: { username?: string | undefined; password?: string | null | undefined }[] = [];
let server: SMTPServer;
let url: string;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true, // plain SMTP on loopback; production relays use smtps:// or STARTTLS
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push({ username: auth.username, password: auth.password });
      if (auth.username === 'sifpm' && auth.password === 's3cret-p@ss') callback(null, { user: 'sifpm' });
      else callback(new Error('invalid credentials'));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  url = `smtp://sifpm:${encodeURIComponent('s3cret-p@ss')}@127.0.0.1:${port}`;
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
    SIFPM_SMTP_URL: url,
  });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('mail through an SMTP relay', () => {
  it('delivers the bilingual message: UTF-8 subject header, zh and en bodies, links; never logs the URL', async () => {
    const writes: string[] = [];
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      writes.push(String(chunk));
      return true;
    });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      writes.push(String(chunk));
      return true;
    });
    const { sendMail } = await import('#shared/platform/mail');
    const { checkHealth } = await import('#shared/platform/health');
    try {
      await sendMail({
        to: 'li.ming@hrss.example.gov.cn',
        subject: { zh: '待办：绩效目标审核', en: 'To do: performance target review' },
        paragraphs: [
          {
            zh: '广东省 2026 年基本养老保险基金绩效目标待您审核。',
            en: 'Guangdong’s 2026 pension fund targets await your review.',
          },
        ],
        links: [{ label: { zh: '打开任务', en: 'Open the task' }, url: 'https://sifpm.example.cn/tasks/abc?x=1&y=2' }],
      });
      const health = await checkHealth('kickoff');
      expect(health.services.smtp).toBe('up');
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    expect(received).toHaveLength(1);
    const raw = received[0]?.toString('utf8') ?? '';
    expect(raw).toMatch(/^Subject: =\?UTF-8\?/im); // an encoded-word header, not raw bytes
    const mail = await simpleParser(received[0] as Buffer);
    expect(mail.subject).toBe('待办：绩效目标审核 | To do: performance target review');
    expect(mail.from?.text).toBe('noreply@sifpm.example.cn');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('li.ming@hrss.example.gov.cn');
    expect(mail.text).toContain('广东省 2026 年基本养老保险基金绩效目标待您审核。');
    expect(mail.text).toContain('打开任务：https://sifpm.example.cn/tasks/abc?x=1&y=2');
    expect(mail.text).toContain('Open the task: https://sifpm.example.cn/tasks/abc?x=1&y=2');
    expect(mail.html).toContain('<a href="https://sifpm.example.cn/tasks/abc?x=1&#38;y=2">打开任务</a>');
    expect(mail.html).toContain('lang="en"');
    expect(logins[0]).toEqual({ username: 'sifpm', password: 's3cret-p@ss' });
    const logged = writes.join('');
    expect(logged).not.toContain('s3cret');
    expect(logged).not.toContain(encodeURIComponent('s3cret-p@ss'));
  });
});
