import type { Bilingual } from '#shared/platform/errors';

/** The tasks wing's mail text (bilingual, Chinese first): the link every task mail ends with. */
export function taskLink(url: string): { label: Bilingual; url: string } {
  return { label: { zh: '打开待办事项', en: 'Open the task' }, url };
}
