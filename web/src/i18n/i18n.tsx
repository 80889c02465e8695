import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type Key, MESSAGES } from './messages.ts';

/**
 * The console's languages: Chinese (zh-CN) by default, English on request. Every visible string comes from
 * `messages.ts`, where the English table must have every key of the Chinese one (the type checker enforces it).
 * Data that arrives bilingual from the API (`{ zh, en }`) is picked with `pick`.
 */
export type Lang = 'zh' | 'en';
export const HTML_LANG: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };
const STORAGE_KEY = 'sifpm.lang';

export interface Bilingual {
  zh: string;
  en: string;
}

export type Vars = Record<string, string | number>;

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: Key, vars?: Vars): string;
  pick(text: Bilingual | undefined): string;
}

export function translate(lang: Lang, key: Key, vars?: Vars): string {
  const template: string = MESSAGES[lang][key];
  return vars ? template.replace(/\{(\w+)\}/g, (m, name: string) => String(vars[name] ?? m)) : template;
}

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = HTML_LANG[lang];
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      pick: (text) => (text ? text[lang] || text.zh : ''),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
