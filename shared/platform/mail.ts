import { GetAccountCommand, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { aws } from '#shared/platform/aws';
import { config } from '#shared/platform/config';
import type { Bilingual } from '#shared/platform/errors';
import { sendSmtp, smtpReady } from '#shared/platform/mail-smtp';

/**
 * The mail port: `sendMail` is the one entry. Every message is Chinese first, English below; links are plain URLs to
 * pages of the console (a link opens a page, it never acts: mail scanners prefetch links). The transport is an
 * adapter chosen by `SIFPM_MAIL_TRANSPORT`: `ses` (SES v2, the default) or `smtp` (a relay, `mail-smtp.ts`; the
 * China regions have no SES).
 */
export interface Mail {
  to: string;
  subject: Bilingual;
  paragraphs: Bilingual[];
  links?: { label: Bilingual; url: string }[];
}

export function renderMail(mail: Mail): { subject: string; text: string; html: string } {
  const subject = `${mail.subject.zh} | ${mail.subject.en}`;
  const links = mail.links ?? [];
  const text = [
    ...mail.paragraphs.map((p) => p.zh),
    ...links.map((l) => `${l.label.zh}：${l.url}`),
    '',
    '——',
    ...mail.paragraphs.map((p) => p.en),
    ...links.map((l) => `${l.label.en}: ${l.url}`),
  ].join('\n');
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = [
    '<div lang="zh-CN">',
    ...mail.paragraphs.map((p) => `<p>${esc(p.zh)}</p>`),
    ...links.map((l) => `<p><a href="${esc(l.url)}">${esc(l.label.zh)}</a></p>`),
    '</div><hr><div lang="en">',
    ...mail.paragraphs.map((p) => `<p>${esc(p.en)}</p>`),
    ...links.map((l) => `<p><a href="${esc(l.url)}">${esc(l.label.en)}</a></p>`),
    '</div>',
  ].join('\n');
  return { subject, text, html };
}

export async function sendMail(mail: Mail): Promise<void> {
  const { subject, text, html } = renderMail(mail);
  const from = config().SIFPM_MAIL_FROM;
  if (config().SIFPM_MAIL_TRANSPORT === 'smtp') return sendSmtp({ from, to: mail.to, subject, text, html });
  await aws().ses.send(
    new SendEmailCommand({
      FromEmailAddress: from,
      Destination: { ToAddresses: [mail.to] },
      Content: {
        Simple: {
          Subject: { Data: subject, Charset: 'UTF-8' },
          Body: { Text: { Data: text, Charset: 'UTF-8' }, Html: { Data: html, Charset: 'UTF-8' } },
        },
      },
    }),
  );
}

/** The health probe of the configured transport, under its name (`ses` or `smtp`). */
export function mailProbe(): { name: 'ses' | 'smtp'; probe: () => Promise<unknown> } {
  return config().SIFPM_MAIL_TRANSPORT === 'smtp'
    ? { name: 'smtp', probe: smtpReady }
    : { name: 'ses', probe: () => aws().ses.send(new GetAccountCommand({})) };
}
