import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, describe, expect, it } from 'vitest';
import { type LocalMail, startLocalMail } from '#local/mail';

/**
 * The local mailbox (SES v2 on loopback): each recipient's messages in the order sent, and only those a reader has
 * not seen (`from`), from a per-recipient index — also over messages reloaded from the data folder after a restart.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'sifpm-mail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function send(mail: LocalMail, to: string[], subject: string) {
  const ses = new SESv2Client({
    endpoint: mail.endpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ses.send(
    new SendEmailCommand({
      FromEmailAddress: 'noreply@sifpm.example.cn',
      Destination: { ToAddresses: to },
      Content: {
        Simple: { Subject: { Data: subject }, Body: { Text: { Data: `${subject} http://x/tasks/${subject}` } } },
      },
    }),
  );
  ses.destroy();
}

const subjects = (list: { subject: string }[]) => list.map((m) => m.subject);

describe('the local mailbox', () => {
  it('lists one recipient’s messages in order, and from a count on only the ones after it', async () => {
    const mail = await startLocalMail(dir);
    try {
      await send(mail, ['a@sifpm.example.cn'], 'one');
      await send(mail, ['b@sifpm.example.cn', 'a@sifpm.example.cn'], 'two');
      await send(mail, ['b@sifpm.example.cn'], 'three');
      expect(subjects(mail.list({ to: 'a@sifpm.example.cn' }))).toEqual(['one', 'two']);
      expect(subjects(mail.list({ to: 'b@sifpm.example.cn' }))).toEqual(['two', 'three']);
      expect(subjects(mail.list({ to: 'a@sifpm.example.cn', from: 1 }))).toEqual(['two']);
      expect(subjects(mail.list({ to: 'a@sifpm.example.cn', from: 2 }))).toEqual([]);
      expect(mail.list({ to: 'nobody@sifpm.example.cn' })).toEqual([]);
      // a message sent after a look is found by the next look from where the reader stopped
      await send(mail, ['a@sifpm.example.cn'], 'four');
      expect(subjects(mail.list({ to: 'a@sifpm.example.cn', from: 2 }))).toEqual(['four']);
      expect(mail.list({ to: 'a@sifpm.example.cn', from: 2 })[0]?.links).toEqual(['http://x/tasks/four']);
      expect(subjects(mail.list())).toEqual(['one', 'two', 'three', 'four']);
    } finally {
      await mail.close();
    }
  });

  it('indexes the messages reloaded from the data folder after a restart', async () => {
    const mail = await startLocalMail(dir);
    try {
      expect(mail.count()).toBe(4);
      expect(subjects(mail.list({ to: 'a@sifpm.example.cn' }))).toEqual(['one', 'two', 'four']);
      await send(mail, ['a@sifpm.example.cn'], 'five');
      expect(subjects(mail.list({ to: 'a@sifpm.example.cn', from: 3 }))).toEqual(['five']);
      // the emulator's own reset empties the mailbox; what is sent after it is indexed afresh
      expect((await fetch(`${mail.endpoint}/clear-store`, { method: 'POST' })).status).toBe(200);
      await send(mail, ['b@sifpm.example.cn'], 'six');
      expect(mail.list({ to: 'a@sifpm.example.cn' })).toEqual([]);
      expect(subjects(mail.list({ to: 'b@sifpm.example.cn' }))).toEqual(['six']);
    } finally {
      await mail.close();
    }
  });
});
