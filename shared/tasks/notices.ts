import { formatInstant } from '#shared/platform/dates';
import type { Bilingual } from '#shared/platform/errors';

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
