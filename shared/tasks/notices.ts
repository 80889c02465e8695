import { formatInstant } from '#shared/platform/dates';
import type { Bilingual } from '#shared/platform/errors';
import type { Mail } from '#shared/platform/mail';

/** The tasks wing's mail text (bilingual, Chinese first): the link every task mail ends with. */
export function taskLink(url: string): { label: Bilingual; url: string } {
  return { label: { zh: '打开待办事项', en: 'Open the task' }, url };
}

/** The mail of a task a lead handed to one member (the link is fresh; earlier links are superseded). */
export function assignedMail(
  title: Bilingual,
  lead: string,
  due: string | undefined,
): { subject: Bilingual; paragraphs: Bilingual[] } {
  return {
    subject: { zh: `【指派】${title.zh}`, en: `[Assigned] ${title.en}` },
    paragraphs: [
      { zh: `${lead}将此待办事项交由您办理。`, en: `${lead} assigned this task to you.` },
      ...(due ? [{ zh: `办理期限：${formatInstant(due, 'zh')}。`, en: `Due by ${formatInstant(due, 'en')}.` }] : []),
    ],
  };
}

/** A person's daily digest: each task mail put aside for it (its subject), each with its link. */
export function digestMail(entries: { subject: Bilingual; url: string; kind: string }[]): Omit<Mail, 'to'> {
  const overdue = entries.filter((e) => e.kind === 'overdue').length;
  return {
    subject: {
      zh: `【每日待办汇总】${entries.length}项待办事项${overdue ? `，其中${overdue}项已逾期` : ''}`,
      en: `[Daily digest] ${entries.length} task(s)${overdue ? `, ${overdue} overdue` : ''}`,
    },
    paragraphs: [
      { zh: '以下待办事项请及时办理（各附链接）：', en: 'These tasks wait for you (each with its link):' },
      ...entries.map((e, i) => ({ zh: `${i + 1}．${e.subject.zh}`, en: `${i + 1}. ${e.subject.en}` })),
    ],
    links: entries.map((e, i) => ({
      label: { zh: `${i + 1}．打开待办事项`, en: `${i + 1}. Open the task` },
      url: e.url,
    })),
  };
}
