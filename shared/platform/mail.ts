import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { aws } from '#shared/platform/aws';
import { config } from '#shared/platform/config';
import type { Bilingual } from '#shared/platform/errors';

/**
 * Outgoing mail through SES v2. Every message is Chinese first, English below; links are plain URLs to
 * pages of the console (a link opens a page, it never acts: mail scanners prefetch links).
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
  await aws().ses.send(
    new SendEmailCommand({
      FromEmailAddress: config().SIFPM_MAIL_FROM,
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
