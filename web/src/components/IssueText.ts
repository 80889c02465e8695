import type { I18n } from '../i18n/i18n.tsx';

/**
 * A field refusal's text in the reader's language: the domain's checks answer `{ zh, en }`, zod's bilingual
 * messages are one string `中文 / English` (journey-central; the words helper's field-error helper can replace it).
 */
export function issueText(i18n: Pick<I18n, 'pick' | 'lang'>, message: unknown): string {
  if (typeof message === 'string') {
    const [zh, en] = message.split(' / ');
    return (i18n.lang === 'zh' ? zh : (en ?? zh)) ?? message;
  }
  return i18n.pick(message as { zh: string; en: string });
}
