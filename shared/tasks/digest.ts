import { config } from '#shared/platform/config';
import { sendMail } from '#shared/platform/mail';
import { digestMail } from '#shared/tasks/notices';
import type { DigestEntry, MailKind } from '#shared/tasks/records';
import { clearDigest, pendingDigest, queueDigest, readAction } from '#shared/tasks/store';

/**
 * The daily digest (issue 19 point 2): a person gets one mail a day listing the task mails put aside for it —
 * by default the reminders before a deadline and after it (`SIFPM_MAIL_DIGEST`, per kind) — each with its link;
 * what cannot wait (a new task, by default) goes at once. The daily monitoring tick sends the digests last
 * (`statemachines/monitoring-tick.asl.json`, `DailyDigest`). An entry whose task is no longer open by then (decided,
 * or superseded by a newer link) is dropped; a person with none left gets no mail.
 */
export async function deliverTaskMail(
  people: { id: string; email: string }[],
  kind: MailKind,
  mail: { subject: DigestEntry['subject']; paragraphs: DigestEntry['subject'][] },
  link: { label: DigestEntry['subject']; url: string },
  hash: string,
  at: string,
): Promise<void> {
  if (config().SIFPM_MAIL_DIGEST.includes(kind)) {
    await queueDigest(
      people.map((p) => ({
        pk: 'DIGESTS',
        sk: `${p.id}#${at}#${hash}`,
        person: p.id,
        email: p.email,
        kind,
        subject: mail.subject,
        url: link.url,
        hash,
        at,
      })),
    );
    return;
  }
  for (const p of people) await sendMail({ to: p.email, ...mail, links: [link] });
}

/** Send each person's digest of what is waiting, then empty the queue of what was sent or dropped. */
export async function sendDigests(
  timeLeft: () => boolean = () => true,
): Promise<{ people: number; items: number; dropped: number; more: boolean }> {
  const byPerson = new Map<string, DigestEntry[]>();
  for (const e of await pendingDigest()) byPerson.set(e.person, [...(byPerson.get(e.person) ?? []), e]);
  let items = 0;
  let dropped = 0;
  let people = 0;
  for (const entries of byPerson.values()) {
    // a person's digest is sent and cleared together: the next invocation starts with the people left
    if (people + dropped > 0 && !timeLeft()) return { people, items, dropped, more: true };
    const open: DigestEntry[] = [];
    for (const e of entries) {
      if ((await readAction(e.hash))?.status === 'open') open.push(e);
      else dropped++;
    }
    if (open.length) {
      await sendMail({ to: (open[0] as DigestEntry).email, ...digestMail(open) });
      people++;
      items += open.length;
    }
    await clearDigest(entries);
  }
  return { people, items, dropped, more: false };
}
