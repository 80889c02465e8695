import { HTML_LANG, type Lang } from './i18n/i18n.tsx';

/** Every date the console shows is in Asia/Shanghai, whatever the browser's own zone (DESIGN §7). */
export const TIME_ZONE = 'Asia/Shanghai';

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: Lang, withTime: boolean): Intl.DateTimeFormat {
  const key = `${lang}|${withTime}`;
  let f = cache.get(key);
  if (!f) {
    // English as 31 May 2026 (day-month order, no ambiguity); Chinese as 2026/05/31
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : HTML_LANG[lang], {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: lang === 'en' ? 'short' : '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
    });
    cache.set(key, f);
  }
  return f;
}

/** `2026-05-31T15:59:59.999Z` → 2026/05/31 23:59 (zh) or 31 May 2026, 23:59 (en). */
export function formatDateTime(iso: string | undefined, lang: Lang): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : formatter(lang, true).format(d);
}

export function formatDate(iso: string | undefined, lang: Lang): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : formatter(lang, false).format(d);
}

/** The calendar year now in Asia/Shanghai. */
export function shanghaiYear(now = new Date()): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: TIME_ZONE, year: 'numeric' }).format(now));
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${Math.round((part / whole) * 100)}%`;
}
