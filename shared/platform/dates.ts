/**
 * The one way a person reads an instant: in Asia/Shanghai (UTC+08:00, no daylight saving), for the reader's language —
 * `2026年12月31日 23:59` in Chinese, `31 Dec 2026, 23:59 (Beijing time)` in English. The mails (every wing's
 * `notices.ts`) and the console (`web/src/format.ts`) both call it, so a deadline reads the same in a mail, on a task
 * page and on a dashboard. It imports nothing and reads neither the process's zone nor the clock: the console takes
 * it as it is (the one runtime import `web/` makes of `shared/`, allowed by `test/unit/architecture.test.ts`).
 */
export type DateLang = 'zh' | 'en';

const OFFSET_MS = 8 * 3600 * 1000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar fields of an instant in Asia/Shanghai, or undefined for something that is not an instant. */
function fields(instant: string | number | Date) {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) return undefined;
  const d = new Date(ms + OFFSET_MS);
  return {
    y: d.getUTCFullYear(),
    m: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    hh: pad(d.getUTCHours()),
    mm: pad(d.getUTCMinutes()),
  };
}

/** An instant with its time: `2026年12月31日 23:59` / `31 Dec 2026, 23:59 (Beijing time)`. */
export function formatInstant(instant: string | number | Date, lang: DateLang): string {
  const f = fields(instant);
  if (!f) return String(instant);
  return lang === 'zh'
    ? `${f.y}年${f.m}月${f.d}日 ${f.hh}:${f.mm}`
    : `${f.d} ${MONTHS[f.m - 1]} ${f.y}, ${f.hh}:${f.mm} (Beijing time)`;
}

/** The Asia/Shanghai calendar day of an instant: `2026年12月31日` / `31 Dec 2026`. */
export function formatDay(instant: string | number | Date, lang: DateLang): string {
  const f = fields(instant);
  if (!f) return String(instant);
  return lang === 'zh' ? `${f.y}年${f.m}月${f.d}日` : `${f.d} ${MONTHS[f.m - 1]} ${f.y}`;
}

/** Both languages at once, as the mails' bilingual text takes them. */
export const instantText = (instant: string | number | Date) => ({
  zh: formatInstant(instant, 'zh'),
  en: formatInstant(instant, 'en'),
});

export const dayText = (instant: string | number | Date) => ({
  zh: formatDay(instant, 'zh'),
  en: formatDay(instant, 'en'),
});
